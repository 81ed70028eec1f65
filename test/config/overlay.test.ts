/**
 * Environment overlays on the loader (no vendor involved): how environments/NAME/
 * patches the base config, and that every problem after merging is located
 * where its value was written, base or overlay, whichever reader read it.
 */
import { symlinkSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import * as z from 'zod';
import { UserError } from '../../src/errors.js';
import { PROVIDERS, load, messages, tree } from './helpers.js';

const BASE = `${PROVIDERS}widgets:
  - name: A
    color: "#111111"
    size: 1
    tags: [one, two]
    channel: { type: web, website_url: "https://a.example" }
  - name: B
    size: 2
  - name: C
`;

const STAGING = `widgets:
  - name: A
    color: ~
    size: 3
    tags: [staging]
    channel: { website_url: "https://staging.a.example" }
  - name: B
    $patch: delete
  - name: D
    enabled: true
`;

/** A tab in a trailing comment sends a text to the yaml library instead of fast-yaml, without moving any position. */
const viaYamlLibrary = (text: string) => `${text}#\t\n`;
const READERS = [
  ['fast-yaml', (text: string) => text],
  ['the yaml library', viaYamlLibrary],
] as const;

const widgets = async (dir: string, environment?: string) =>
  (await load(dir, { paths: ['deskform.yaml'], ...(environment ? { environment } : {}) })).objects.get('widget')!.map((w) => w.value as Record<string, unknown>);

describe.each(READERS)('an overlay read by %s', (_reader, as) => {
  test('merges matched items (null removes a field, lists and scalars replace, mappings merge), deletes, and adds after the base items', async () => {
    const dir = tree({ 'deskform.yaml': as(BASE), 'environments/staging/widgets.yaml': as(STAGING) });
    expect(await widgets(dir, 'staging')).toEqual([
      { name: 'A', size: 3, tags: ['staging'], channel: { type: 'web', website_url: 'https://staging.a.example' } },
      { name: 'C' },
      { name: 'D', enabled: true },
    ]);
    // Without --env the overlay is not read, and the base directory listing never reads environments/.
    expect(await widgets(dir)).toHaveLength(3);
    expect((await load(dir)).files).toEqual(['deskform.yaml']);
  });

  test('patches one provider field, keeping the others and the ${env:…} references the overlay did not replace', async () => {
    const dir = tree({
      'deskform.yaml': as(`providers:\n  chatwoot: { url: "\${env:CW_URL}", account_id: 1, api_token: "\${env:PROD_TOKEN}" }\nwidgets:\n  - name: A\n`),
      'environments/staging/providers.yaml': as(`providers:\n  chatwoot:\n    url: https://staging.example.com\n    api_token: \${env:STAGING_TOKEN}\n`),
    });
    // PROD_TOKEN is not set: a base value the overlay replaces is never read.
    const config = await load(dir, { paths: ['deskform.yaml'], environment: 'staging', env: { CW_URL: 'https://cw.example.com', STAGING_TOKEN: 'staging-token-1' } });
    expect(config.providers.chatwoot).toMatchObject({ url: 'https://staging.example.com', account_id: 1, api_token: 'staging-token-1' });
    expect(config.providerReferences?.chatwoot).toEqual({ api_token: '${env:STAGING_TOKEN}' });
    expect(config.secrets).toContain('staging-token-1');
    expect(config.environment).toBe('staging');
  });

  test('an item field the overlay replaces needs no variable set for the base value', async () => {
    const dir = tree({
      'deskform.yaml': as(`${PROVIDERS}widgets:\n  - name: A\n    hmac: "\${env:PROD_HMAC}"\n`),
      'environments/staging/w.yaml': as('widgets:\n  - name: A\n    hmac: "${env:STAGING_HMAC}"\n'),
    });
    const config = await load(dir, { paths: ['deskform.yaml'], environment: 'staging', env: { STAGING_HMAC: 'staging-hmac-1' } });
    expect(config.objects.get('widget')!.map((w) => w.value)).toEqual([{ name: 'A', hmac: 'staging-hmac-1' }]);
    expect(config.secrets).toContain('staging-hmac-1');
  });

  test('a bad value written in the overlay is located in the overlay file, one written in the base in the base file', async () => {
    const dir = tree({
      'deskform.yaml': as(BASE.replace('  - name: C\n', '  - name: C\n    size: -1\n')),
      'environments/staging/widgets.yaml': as(`widgets:\n  - name: A\n    color: "#12"\n  - name: E\n    sise: 1\n`),
    });
    const overlay = path.join('environments', 'staging', 'widgets.yaml');
    expect(await messages(dir, { paths: ['deskform.yaml'], environment: 'staging' })).toEqual([
      'deskform.yaml:13:11: widget "C": size: must be greater than 0',
      `${overlay}:3:12: widget "A": color: must be a hex colour like #1F93FF`,
      `${overlay}:5:5: widget "E": unknown field "sise" (did you mean "size"?)`,
    ]);
  });

  test('a field the overlay adds to a base mapping, and a missing ${env:…} in the overlay, are located in the overlay', async () => {
    const dir = tree({
      'deskform.yaml': as(BASE),
      'environments/staging/widgets.yaml': as(`widgets:\n  - name: A\n    channel: { website_url: "\${env:NOPE}", colour: red }\n`),
    });
    const overlay = path.join('environments', 'staging', 'widgets.yaml');
    expect(await messages(dir, { paths: ['deskform.yaml'], environment: 'staging' })).toEqual([
      `${overlay}:3:29: widget "A": environment variable NOPE is not set`,
      `${overlay}:3:44: widget "A": unknown field "channel.colour"`,
    ]);

  });
});

describe('$patch', () => {
  test('a delete matching nothing, holding more than the key, or another $patch is a located problem', async () => {
    const dir = tree({
      'deskform.yaml': BASE,
      'environments/staging/widgets.yaml': [
        'widgets:',
        '  - name: Nope',
        '    $patch: delete',
        '  - name: B',
        '    size: 4',
        '    $patch: delete',
        '  - name: C',
        '    $patch: replace',
        '  - size: 5',
        '    $patch: delete',
        '  - name: A',
        '    channel: { $patch: delete }',
        '',
      ].join('\n'),
    });
    const overlay = path.join('environments', 'staging', 'widgets.yaml');
    expect(await messages(dir, { paths: ['deskform.yaml'], environment: 'staging' })).toEqual([
      `${overlay}:2:5: widget "Nope": $patch: delete matches no widget "Nope" in the config it applies to`,
      `${overlay}:4:5: widget "B": $patch: delete removes the whole widget: write only its key beside it (not "size")`,
      `${overlay}:7:5: widget "C": $patch must be "delete" (to remove this widget); to change it, write only the fields that change`,
      `${overlay}:9:5: widget #4: $patch: delete needs the widget's key, to say which one it removes`,
      `${overlay}:12:16: widget "A": unknown field "channel.$patch"`,
    ]);
  });

  test('matches by key and provider: an item naming another provider is another object', async () => {
    const dir = tree({
      'deskform.yaml': BASE,
      'environments/staging/widgets.yaml': 'widgets:\n  - name: C\n    provider: chatwoot.staging\n    $patch: delete\n',
    });
    expect(await messages(dir, { paths: ['deskform.yaml'], environment: 'staging' })).toEqual([
      `${path.join('environments', 'staging', 'widgets.yaml')}:2:5: widget "C": $patch: delete matches no widget "C" of provider chatwoot.staging in the config it applies to`,
    ]);
  });
});

describe('overlay layout', () => {
  test('overlay files apply in order, each to what the ones before left', async () => {
    const dir = tree({
      'deskform.yaml': BASE,
      'environments/staging/a.yaml': 'widgets:\n  - name: D\n    size: 1\n',
      'environments/staging/b.yaml': 'widgets:\n  - name: D\n    size: 2\n  - name: A\n    $patch: delete\n',
    });
    expect((await widgets(dir, 'staging')).map((w) => [w.name, w.size])).toEqual([
      ['B', 2],
      ['C', undefined],
      ['D', 2],
    ]);
  });

  test('each directory path has its overlay beside it, each file path in its directory; one is enough', async () => {
    const dir = tree({
      'conf/providers.yaml': PROVIDERS,
      'conf/environments/prod/p.yaml': 'protect:\n  widgets: [A]\n',
      'more/widgets.yaml': 'widgets:\n  - name: A\n',
      'more/environments/prod/w.yaml': 'widgets:\n  - name: A\n    size: 9\n',
      'lonely/x.yaml': 'gadgets: []\n',
    });
    const config = await load(dir, {
      paths: ['conf', path.join('more', 'widgets.yaml'), path.join('lonely', 'x.yaml')],
      environment: 'prod',
      extraTopLevel: { protect: z.object({ widgets: z.array(z.string()) }) },
    });
    expect(config.files).toEqual([
      path.join('conf', 'providers.yaml'),
      path.join('more', 'widgets.yaml'),
      path.join('lonely', 'x.yaml'),
      path.join('conf', 'environments', 'prod', 'p.yaml'),
      path.join('more', 'environments', 'prod', 'w.yaml'),
    ]);
    expect(config.extra.protect).toEqual({ widgets: ['A'] });
    expect(config.objects.get('widget')!.map((w) => w.value)).toEqual([{ name: 'A', size: 9 }]);
  });

  test('an object resolves a relative path against the directory of the file that wrote that value', async () => {
    const dir = tree({ 'deskform.yaml': BASE, 'environments/staging/w.yaml': 'widgets:\n  - name: A\n    size: 4\n  - name: D\n' });
    const [a, , , d] = (await load(dir, { paths: ['deskform.yaml'], environment: 'staging' })).objects.get('widget')!;
    expect([a!.dir, a!.dirOf!(['color']), a!.dirOf!(['size'])]).toEqual([dir, dir, path.join(dir, 'environments', 'staging')]);
    expect(d!.dir).toBe(path.join(dir, 'environments', 'staging'));
  });

  test('an environment that does not exist names where it looked and the environments there', async () => {
    const dir = tree({ 'deskform.yaml': BASE, 'environments/staging/w.yaml': 'widgets: []\n', 'environments/production/w.yaml': 'widgets: []\n', 'environments/notes.md': '' });
    const err = await load(dir, { paths: ['deskform.yaml'], environment: 'stagign' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UserError);
    expect((err as Error).message).toBe(
      `environment "stagign" not found: looked for ${path.join('environments', 'stagign')}${path.sep}; environments there: production, staging (did you mean "staging"?)`,
    );
    const none = await load(tree({ 'deskform.yaml': BASE }), { paths: ['deskform.yaml'], environment: 'staging' }).catch((e: unknown) => e);
    expect((none as Error).message).toMatch(/^environment "staging" not found: looked for environments.staging.; no environments\/ directory there holds any$/);
    const odd = await load(dir, { paths: ['deskform.yaml'], environment: '../staging' }).catch((e: unknown) => e);
    expect((odd as Error).message).toBe('environment "../staging" is not a name of a directory under environments/: use letters, digits, ".", "_" and "-", not starting with "." or "-", at most 100 characters');
  });

  test.skipIf(process.platform === 'win32')('an overlay file symlinked from outside its directory is read only when external symlinks are allowed', async () => {
    const dir = tree({ 'deskform.yaml': BASE, 'shared/w.yaml': 'widgets:\n  - name: A\n    size: 7\n', 'environments/staging/.keep': '' });
    symlinkSync('../../shared/w.yaml', path.join(dir, 'environments', 'staging', 'w.yaml'));
    const refused = await messages(dir, { paths: ['deskform.yaml'], environment: 'staging' });
    expect(refused).toEqual([expect.stringMatching(/^environments.staging.w\.yaml:1:1: is a symlink to \S+shared.w\.yaml, outside its directory: pass --allow-external-symlinks to read it$/)]);
    const config = await load(dir, { paths: ['deskform.yaml'], environment: 'staging', allowExternalSymlinks: true });
    expect(config.objects.get('widget')![0]!.value).toMatchObject({ name: 'A', size: 7 });
  });

  test('overlay files follow the base files\' rules: an unreadable one refuses the load', async () => {
    const dir = tree({ 'deskform.yaml': BASE, 'environments/staging/w.yaml': new Uint8Array([0x77, 0, 0x78]) });
    expect(await messages(dir, { paths: ['deskform.yaml'], environment: 'staging' })).toEqual([
      `${path.join('environments', 'staging', 'w.yaml')}:1:2: contains a NUL byte; config files must be UTF-8 text (is it binary or UTF-16?)`,
    ]);
  });
});

describe('review: overlay matching', () => {
  const overlay = (name: string) => path.join('environments', 'staging', name);

  test('a key repeated within one overlay file is a located duplicate, however often it repeats', async () => {
    const dir = tree({ 'deskform.yaml': BASE, 'environments/staging/w.yaml': 'widgets:\n  - name: A\n    size: 4\n  - name: A\n    size: 5\n  - name: D\n  - name: D\n' });
    expect(await messages(dir, { paths: ['deskform.yaml'], environment: 'staging' })).toEqual([
      `${overlay('w.yaml')}:4:5: widget "A": is declared more than once (first at ${overlay('w.yaml')}:2:5)`,
      `${overlay('w.yaml')}:7:5: widget "D": is declared more than once (first at ${overlay('w.yaml')}:6:5)`,
    ]);
    const many = tree({ 'deskform.yaml': BASE, 'environments/staging/w.yaml': `widgets:\n${'  - name: A\n    size: 4\n'.repeat(5000)}` });
    const found = await messages(many, { paths: ['deskform.yaml'], environment: 'staging' });
    expect(found[99]).toBe(`${overlay('w.yaml')}:202:5: widget "A": is declared more than once (first at ${overlay('w.yaml')}:2:5)`);
    expect(found[100]).toBe(`${overlay('w.yaml')}:204:5: and 4899 more problems not shown: fix the ones above first`);
  });

  test('with a base file unreadable, every other file and the overlay are still read; what matches nothing is left out, unreported', async () => {
    const dir = tree({
      'conf/a.yaml': BASE.replace('  - name: C\n', '  - name: C\n    size: -1\n'),
      'conf/b.yaml': new Uint8Array([0x77, 0, 0x78]),
      'conf/environments/staging/w.yaml': 'widgets:\n  - name: A\n    color: "#12"\n  - name: Z\n    $patch: delete\n  - name: Y\n    size: -2\n',
    });
    expect(await messages(dir, { paths: ['conf'], environment: 'staging' })).toEqual([
      'conf/a.yaml:13:11: widget "C": size: must be greater than 0'.replaceAll('/', path.sep),
      `${path.join('conf', 'b.yaml')}:1:2: contains a NUL byte; config files must be UTF-8 text (is it binary or UTF-16?)`,
      `${path.join('conf', overlay('w.yaml'))}:3:12: widget "A": color: must be a hex colour like #1F93FF`,
    ]);
  });

  test('a later overlay file patches a section and a provider block an earlier one added', async () => {
    const dir = tree({
      'deskform.yaml': 'providers:\n  chatwoot: { url: https://cw.example.com, account_id: 1, api_token: tok-secret-1 }\nwidgets: []\n',
      'environments/staging/a.yaml': 'protect:\n  widgets: [A]\nproviders:\n  tether: { url: https://tether.example.com, token: tok-secret-a }\n',
      'environments/staging/b.yaml': 'protect:\n  gadgets: [G]\nproviders:\n  tether:\n    token: tok-secret-b\n',
    });
    const config = await load(dir, { paths: ['deskform.yaml'], environment: 'staging', extraTopLevel: { protect: z.object({ widgets: z.array(z.string()).optional(), gadgets: z.array(z.string()).optional() }) } });
    expect(config.extra.protect).toEqual({ widgets: ['A'], gadgets: ['G'] });
    expect(config.providers.tether).toMatchObject({ url: 'https://tether.example.com', token: 'tok-secret-b' });
  });

  test('an empty section or provider block changes nothing; an explicit null removes it', async () => {
    const base = `${PROVIDERS}protect:\n  widgets: [A]\nwidgets:\n  - name: A\n`;
    const extraTopLevel = { protect: z.object({ widgets: z.array(z.string()) }) };
    const empty = tree({ 'deskform.yaml': base, 'environments/staging/e.yaml': 'protect:\n  # widgets: [B]\ngadgets:\nwidgets:\nproviders:\n  tether:\n' });
    const kept = await load(empty, { paths: ['deskform.yaml'], environment: 'staging', extraTopLevel });
    expect(kept.extra.protect).toEqual({ widgets: ['A'] });
    expect([...kept.presentKinds]).toEqual(['widgets']);
    expect(kept.objects.get('widget')!.map((w) => w.key)).toEqual(['A']);
    expect(kept.providers.tether).toBeDefined();
    const nulls = tree({ 'deskform.yaml': base, 'environments/staging/n.yaml': 'protect: null\nwidgets: ~\nproviders:\n  tether: null\n' });
    const cleared = await load(nulls, { paths: ['deskform.yaml'], environment: 'staging', extraTopLevel });
    expect(cleared.extra.protect).toBeUndefined();
    expect([...cleared.presentKinds]).toEqual([]);
    expect(cleared.objects.get('widget')).toEqual([]);
    expect(cleared.providers.tether).toBeUndefined();
  });

  test('no provider, the vendor and vendor.default all name the default instance when matching', async () => {
    const dir = tree({
      'deskform.yaml': BASE.replace('  - name: B\n', '  - name: B\n    provider: chatwoot\n'),
      'environments/staging/w.yaml': 'widgets:\n  - name: A\n    provider: chatwoot\n    size: 5\n  - name: B\n    size: 6\n  - name: C\n    provider: chatwoot.default\n    $patch: delete\n',
    });
    expect((await widgets(dir, 'staging')).map((w) => [w.name, w.size])).toEqual([
      ['A', 5],
      ['B', 6],
    ]);
  });
});
