/**
 * Problems as the text output shows them: each with its line quoted, read
 * again from the file without following it into a special file, and with
 * every secret masked (canaries).
 */
import { execFileSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { quotedProblems } from '../../src/config/quoted-problems.js';
import { MAX_REPORTED_PROBLEMS } from '../../src/config/problems.js';
import { sourceQuoting } from '../../src/config/secret-spans.js';
import { loadDesired } from '../../src/engine/load/desired.js';
import { ConfigError } from '../../src/errors.js';
import { KINDS } from '../../src/kinds/registry.js';
import { tree } from './helpers.js';

const CANARY = { pasted: 'CANARY-pasted-9c1e77', wrongField: 'CANARY-wrong-field-4d2a', literal: 'CANARY-literal-31b8' };

async function configError(dir: string, env: Record<string, string> = {}): Promise<ConfigError> {
  const err = await loadDesired(['deskform.yaml'], { env, cwd: dir }).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ConfigError);
  return err as ConfigError;
}

describe('problems with their lines quoted', () => {
  it('quote the line of each problem under it, with a caret at the column', async () => {
    const dir = tree({ 'deskform.yaml': 'providers:\n  chatwoot: { url: "https://cw.example.com", account_id: 1, api_token: "${env:T}" }\ninboxes:\n  - name: Website\n    channel:\n      type: webwidget\n' });
    expect(await quotedProblems(await configError(dir, { T: 'token-value-1' }), dir)).toBe(
      [
        'deskform.yaml:6:13: inbox "Website": channel.type: expected one of "web_widget", "api", "email" (did you mean "web_widget"?)',
        '    6 |       type: webwidget',
        '      |             ^',
      ].join('\n'),
    );
  });

  it('mask every secret in a quoted line: a token pasted into another field, one in the wrong field, and a short one', async () => {
    const dir = tree({
      'deskform.yaml': `providers:
  chatwoot: { url: "https://cw.example.com", account_id: 1, api_token: "\${env:CHATWOOT_API_TOKEN}", token: ${CANARY.wrongField} }
  tether: { url: "https://tether.example.com", token: ab12 }
inboxes:
  - { name: A, channel: { type: api }, greeting_message: "${CANARY.pasted}", greeting_enabled: maybe }
  - { name: B, channel: { type: email, email: a@b.example, imap_password: ${CANARY.literal} }, greeting_enabled: maybe }
`,
    });
    const err = await configError(dir, { CHATWOOT_API_TOKEN: CANARY.pasted });
    const text = await quotedProblems(err, dir);
    for (const canary of [...Object.values(CANARY), 'ab12']) expect(text).not.toContain(canary);
    expect(text).toContain('api_token: "${env:CHATWOOT_API_TOKEN}", token: (sensitive) }\n');
    expect(text).toContain('    3 |   tether: { url: "https://tether.example.com", token: (sensitive) }');
    expect(text).toContain('greeting_message: "(sensitive)", greeting_enabled: maybe }');
    expect(text).toContain('imap_password: (sensitive) }, greeting_enabled: maybe }');
    // The error itself says nothing of the secrets it can mask.
    expect(JSON.stringify(err) + String(err) + (err.stack ?? '')).not.toMatch(/CANARY/);
  });

  it('quote nothing from a file that is no longer a readable regular file, or no longer that long', async () => {
    const dir = tree({ 'deskform.yaml': 'portals:\n  - { slug: a, name: A, colour: red }\n' });
    const err = await configError(dir);
    expect(await quotedProblems(err, dir)).toContain('    2 |   - { slug: a, name: A, colour: red }');
    writeFileSync(path.join(dir, 'deskform.yaml'), 'portals:\n');
    expect((await quotedProblems(err, dir)).split('\n')).toEqual([
      'deskform.yaml:1:1: portals need a providers.chatwoot block',
      '    1 | portals:',
      '      | ^',
      'deskform.yaml:2:25: portal "a": unknown field "colour" (did you mean "color"?)',
    ]);
    rmSync(path.join(dir, 'deskform.yaml'));
    expect(await quotedProblems(err, dir)).toBe(err.message);
    if (process.platform !== 'win32') {
      execFileSync('mkfifo', [path.join(dir, 'deskform.yaml')]);
      expect(await quotedProblems(err, dir)).toBe(err.message);
    }
  });

  it('quote only files the loader read as config, and nothing for an error that cannot say where secrets are', async () => {
    const dir = tree({ 'deskform.yaml': 'a: b\n' });
    const problem = { file: 'deskform.yaml', line: 1, col: 1, subject: '', message: 'odd' };
    expect(await quotedProblems(new ConfigError([problem]), dir)).toBe('deskform.yaml:1:1: odd');
    expect(await quotedProblems(new ConfigError([problem], sourceQuoting(['other.yaml'], [], KINDS)), dir)).toBe('deskform.yaml:1:1: odd');
    expect(await quotedProblems(new ConfigError([problem], sourceQuoting(['deskform.yaml'], [], KINDS)), dir)).toBe('deskform.yaml:1:1: odd\n    1 | a: b\n      | ^');
  });

  it('quote no line under the count of problems not shown', async () => {
    const dir = tree({ 'deskform.yaml': 'a: b\n' });
    const problems = Array.from({ length: MAX_REPORTED_PROBLEMS + 1 }, (_, i) => ({ file: 'deskform.yaml', line: 1, col: 1, subject: '', message: `p${i}` }));
    const lines = (await quotedProblems(new ConfigError(problems, sourceQuoting(['deskform.yaml'], [], KINDS)), dir)).split('\n');
    expect(lines.filter((l) => l === '    1 | a: b')).toHaveLength(MAX_REPORTED_PROBLEMS);
    expect(lines.at(-1)).toBe(`deskform.yaml:1:1: p${MAX_REPORTED_PROBLEMS}`);
  });
});
