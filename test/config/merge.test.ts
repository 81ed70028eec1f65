import path from 'node:path';
import { describe, expect, test } from 'vitest';
import * as z from 'zod';
import { PROVIDERS, load, messages, tree } from './helpers.js';

describe('merging files', () => {
  test('lists for the same key concatenate in file order; directories contribute sorted *.yaml/*.yml files only', async () => {
    const dir = tree({
      'conf/b.yml': `widgets:\n  - name: B\n`,
      'conf/a.yaml': `${PROVIDERS}widgets:\n  - name: A1\n  - name: A2\n`,
      'conf/notes.txt': `widgets: [ not yaml at all`,
      'conf/sub/c.yaml': `widgets:\n  - name: Nested\n`,
      'extra.yaml': `widgets:\n  - name: Last\n`,
    });
    const config = await load(dir, { paths: ['conf', 'extra.yaml'] });
    expect(config.files).toEqual([path.join('conf', 'a.yaml'), path.join('conf', 'b.yml'), 'extra.yaml']);
    expect(config.objects.get('widget')?.map((w) => w.key)).toEqual(['A1', 'A2', 'B', 'Last']);
    expect(config.objects.get('widget')?.[2]?.dir).toBe(path.join(dir, 'conf'));
  });

  test('a file named twice (directly and through its directory) is read once', async () => {
    const dir = tree({ 'c/a.yaml': `${PROVIDERS}widgets:\n  - name: A\n` });
    const config = await load(dir, { paths: ['c/a.yaml', 'c'] });
    expect(config.files).toEqual(['c/a.yaml']);
    expect(config.objects.get('widget')).toHaveLength(1);
  });

  test('duplicate identities across files are reported at the second, citing the first', async () => {
    const dir = tree({
      'conf/a.yaml': `${PROVIDERS}widgets:\n  - name: Website\n`,
      'conf/b.yaml': `widgets:\n  - name: Other\n  - name: Website\n    size: 2\n`,
    });
    expect(await messages(dir, { paths: ['conf'] })).toEqual([
      `${path.join('conf', 'b.yaml')}:3:5: widget "Website": is declared more than once (first at ${path.join('conf', 'a.yaml')}:5:5)`,
    ]);
  });

  test('the same provider in two files is a problem at the second', async () => {
    const dir = tree({
      'a.yaml': PROVIDERS,
      'b.yaml': `providers:\n  chatwoot: { url: "https://other.example", account_id: 2, api_token: tok-secret-3 }\n`,
    });
    expect(await messages(dir)).toEqual(['b.yaml:2:3: providers.chatwoot: is already defined at a.yaml:2:3']);
  });

  test('missing paths, empty directories and problems from several files are all reported, in path order', async () => {
    const dir = tree({ 'a.yaml': `widgets: 3\n`, 'empty/readme.md': 'nothing' });
    expect(await messages(dir, { paths: ['nope.yaml', 'a.yaml', 'empty'] })).toEqual([
      'nope.yaml:1:1: no such file or directory',
      'a.yaml:1:10: "widgets" must be a list, got a number',
      'empty:1:1: directory holds no .yaml or .yml files',
    ]);
  });
});

describe('references', () => {
  test('a reference must name a declared object of the target kind, in any file', async () => {
    const dir = tree({
      'a.yaml': `${PROVIDERS}widgets:\n  - name: A\n    gadget: g1\n  - name: B\n    gadget: missing\n`,
      'b.yaml': `gadgets:\n  - slug: g1\n    widgets: [A, Nope]\n`,
    });
    expect(await messages(dir)).toEqual([
      'a.yaml:8:13: widget "B": references gadget "missing", which is not declared in the config',
      'b.yaml:3:18: gadget "g1": references widget "Nope", which is not declared in the config',
    ]);
  });

  test('a dangling reference suggests the closest declared key of the target kind only', async () => {
    const dir = tree({
      'a.yaml': `${PROVIDERS}widgets:\n  - name: A\n    gadget: suport-desk\n  - name: support-dsk\n    gadget: support-dsk\n`,
      'b.yaml': `gadgets:\n  - slug: support-desk\n  - slug: other-desk\n`,
    });
    expect(await messages(dir)).toEqual([
      'a.yaml:6:13: widget "A": references gadget "suport-desk", which is not declared in the config (did you mean "support-desk"?)',
      'a.yaml:8:13: widget "support-dsk": references gadget "support-dsk", which is not declared in the config (did you mean "support-desk"?)',
    ]);
    const far = tree({ 'a.yaml': `${PROVIDERS}widgets:\n  - name: help-desk\n    gadget: help-dsk\ngadgets:\n  - slug: billing\n` });
    expect(await messages(far)).toEqual(['a.yaml:6:13: widget "help-desk": references gadget "help-dsk", which is not declared in the config']);
  });

  test('a target that is declared but invalid does not also count as dangling', async () => {
    const dir = tree({ 'a.yaml': `${PROVIDERS}widgets:\n  - name: A\n    gadget: g1\ngadgets:\n  - slug: g1\n    title: 3\n` });
    expect(await messages(dir)).toEqual(['a.yaml:9:12: gadget "g1": title: expected a string, got a number']);
  });
});

describe('provider blocks', () => {
  test('a kind with objects needs its vendor block, reported at the kind key of the first file using it', async () => {
    const dir = tree({
      'a.yaml': `providers:\n  chatwoot: { url: "https://c.example", account_id: 1, api_token: tok-secret-1 }\ngadgets: []\n`,
      'b.yaml': `gadgets:\n  - slug: g\nwidgets:\n  - name: W\n`,
    });
    expect(await messages(dir)).toEqual(['b.yaml:1:1: gadgets need a providers.tether block']);
  });

  test('an invalid vendor block is reported as invalid, not also as missing', async () => {
    const dir = tree({ 'a.yaml': `providers:\n  tether: { url: "https://t.example" }\ngadgets:\n  - slug: g\n` });
    expect(await messages(dir)).toEqual(['a.yaml:2:11: providers.tether: missing required field "token"']);
  });

  // The first file is read by fast-yaml, the second (an anchor) by the yaml library: both record the same.
  test.each([
    ['the fast reader', ''],
    ['the yaml library', 'x: &unused 1\n'],
  ])('records the provider fields written as ${env:…}, as written (%s)', async (_reader, prefix) => {
    const dir = tree({
      'a.yaml': `${prefix}providers:\n  chatwoot:\n    url: "https://\${env:HOST}/cw"\n    account_id: 1\n    api_token: \${env:TOKEN}\n`,
    });
    const config = await load(dir, { env: { HOST: 'cw.example.com', TOKEN: 'tok-secret-1' }, extraTopLevel: { x: z.number() } });
    expect(config.providers.chatwoot).toMatchObject({ url: 'https://cw.example.com/cw', api_token: 'tok-secret-1' });
    expect(config.providerReferences).toEqual({ chatwoot: { url: 'https://${env:HOST}/cw', api_token: '${env:TOKEN}' } });
  });
});

describe('presentKinds, locate and extras', () => {
  test('`key: []` and `key:` are present and empty; an omitted key is absent', async () => {
    const dir = tree({ 'a.yaml': `widgets: []\n`, 'b.yaml': `gadgets:\n` });
    const config = await load(dir);
    expect([...config.presentKinds].sort()).toEqual(['gadgets', 'widgets']);
    expect(config.objects.get('widget')).toEqual([]);
    const only = await load(tree({ 'a.yaml': `widgets: []\n` }));
    expect([...only.presentKinds]).toEqual(['widgets']);
  });

  test('locate finds a field, an array element, or falls back to the nearest ancestor', async () => {
    const dir = tree({ 'w/a.yaml': `${PROVIDERS}widgets:\n  - name: W\n    tags:\n      - x\n      - y\n    channel: { type: web, website_url: "https://w.example" }\n` });
    const config = await load(dir, { paths: ['w'] });
    const widget = config.objects.get('widget')?.[0];
    const file = path.join('w', 'a.yaml');
    expect(widget?.source).toEqual({ file, line: 5, col: 5 });
    expect(widget?.locate(['tags', 1])).toEqual({ file, line: 8, col: 9 });
    expect(widget?.locate(['channel', 'website_url'])).toEqual({ file, line: 9, col: 40 });
    expect(widget?.locate(['channel', 'nope', 3])).toEqual({ file, line: 9, col: 14 });
    expect(widget?.locate([])).toEqual(widget?.source);
    expect(widget?.dir).toBe(path.join(dir, 'w'));
  });

  test('extra top-level sections are validated, located and returned', async () => {
    const extraTopLevel = { protect: z.array(z.strictObject({ kind: z.string(), key: z.string() })) };
    const dir = tree({ 'a.yaml': `protect:\n  - { kind: widget, key: W }\n` });
    const config = await load(dir, { extraTopLevel });
    expect(config.extra).toEqual({ protect: [{ kind: 'widget', key: 'W' }] });
    const bad = tree({ 'a.yaml': `protect:\n  - { kind: widget, kee: W }\n`, 'b.yaml': `protect: []\n` });
    expect(await messages(bad, { extraTopLevel })).toEqual([
      'a.yaml:2:5: protect: missing required field "[0].key"',
      'a.yaml:2:21: protect: unknown field "[0].kee" (did you mean "key"?)',
      'b.yaml:1:1: protect: is already defined at a.yaml:1:1',
    ]);
  });
});
