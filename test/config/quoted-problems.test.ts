/**
 * Problems as the text output shows them: each with its line quoted as the
 * loader read it, and with every secret masked (canaries).
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
    expect(quotedProblems(await configError(dir, { T: 'token-value-1' }))).toBe(
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
    const text = quotedProblems(err);
    for (const canary of [...Object.values(CANARY), 'ab12']) expect(text).not.toContain(canary);
    expect(text).toContain('api_token: "${env:CHATWOOT_API_TOKEN}", token: (sensitive) }\n');
    expect(text).toContain('    3 |   tether: { url: "https://tether.example.com", token: (sensitive) }');
    expect(text).toContain('greeting_message: "(sensitive)", greeting_enabled: maybe }');
    expect(text).toContain('imap_password: (sensitive) }, greeting_enabled: maybe }');
    // The error itself says nothing of the secrets it can mask.
    expect(JSON.stringify(err) + String(err) + (err.stack ?? '')).not.toMatch(/CANARY/);
  });

  it('quote the lines as the loader read them, whatever became of the file since', async () => {
    const dir = tree({ 'deskform.yaml': 'portals:\n  - { slug: a, name: A, colour: red }\n' });
    const err = await configError(dir);
    const quoted = [
      'deskform.yaml:1:1: portals need a providers.chatwoot block',
      '    1 | portals:',
      '      | ^',
      'deskform.yaml:2:25: portal "a": unknown field "colour" (did you mean "color"?)',
      '    2 |   - { slug: a, name: A, colour: red }',
      '      |                         ^',
    ].join('\n');
    expect(quotedProblems(err)).toBe(quoted);
    writeFileSync(path.join(dir, 'deskform.yaml'), 'portals:\n');
    expect(quotedProblems(err)).toBe(quoted);
    rmSync(path.join(dir, 'deskform.yaml'));
    expect(quotedProblems(err)).toBe(quoted);
    if (process.platform !== 'win32') {
      execFileSync('mkfifo', [path.join(dir, 'deskform.yaml')]);
      expect(quotedProblems(err)).toBe(quoted);
    }
  });

  it('quote only texts the loader read as config, and nothing for an error that cannot say where secrets are', async () => {
    const problem = { file: 'deskform.yaml', line: 1, col: 1, subject: '', message: 'odd' };
    const read = [{ file: 'deskform.yaml', text: 'a: b\n' }];
    expect(quotedProblems(new ConfigError([problem]))).toBe('deskform.yaml:1:1: odd');
    expect(quotedProblems(new ConfigError([problem], sourceQuoting([{ file: 'other.yaml', text: 'a: b\n' }], [], KINDS, [])))).toBe('deskform.yaml:1:1: odd');
    expect(quotedProblems(new ConfigError([{ ...problem, line: 2 }], sourceQuoting(read, [], KINDS, [])))).toBe('deskform.yaml:2:1: odd');
    expect(quotedProblems(new ConfigError([problem], sourceQuoting(read, [], KINDS, [])))).toBe('deskform.yaml:1:1: odd\n    1 | a: b\n      | ^');
  });

  it('quote no line under the count of problems not shown', async () => {
    const problems = Array.from({ length: MAX_REPORTED_PROBLEMS + 1 }, (_, i) => ({ file: 'deskform.yaml', line: 1, col: 1, subject: '', message: `p${i}` }));
    const lines = quotedProblems(new ConfigError(problems, sourceQuoting([{ file: 'deskform.yaml', text: 'a: b\n' }], [], KINDS, []))).split('\n');
    expect(lines.filter((l) => l === '    1 | a: b')).toHaveLength(MAX_REPORTED_PROBLEMS);
    expect(lines.at(-1)).toBe(`deskform.yaml:1:1: p${MAX_REPORTED_PROBLEMS}`);
  });
});

describe('secrets written over several lines, or under a misspelt key', () => {
  const providers = (rest: string) => `providers:\n  chatwoot:\n    url: "https://cw.example.com"\n    account_id: 1\n${rest}`;

  it('mask a secret field\'s value written on the line after its key', async () => {
    const dir = tree({ 'deskform.yaml': providers('    api_token:\n      Qx9\n') });
    const text = quotedProblems(await configError(dir));
    expect(text).toContain('    6 |       (sensitive)');
    expect(text).not.toContain('Qx9');
  });

  it('mask both halves of a quoted secret written over two lines, even in a file with a syntax error', async () => {
    const dir = tree({ 'deskform.yaml': providers('    api_token: "CANARY-first-half\n      CANARY-second-half" junk\n') });
    const text = quotedProblems(await configError(dir));
    expect(text).toMatch(/ \| .*\(sensitive\)/);
    expect(text).not.toContain('CANARY');
  });

  it('mask the value of a misspelt secret field, of any unknown provider field, and of an unknown provider', async () => {
    const dir = tree({
      'deskform.yaml': `providers:
  chatwoot: { url: "https://cw.example.com", account_id: 1, api_tokn: sk_live_SECRET123456 }
  tether:
    url: "https://tether.example.com"
    bearer: CANARY-bearer-55
  chatwot: { apitoken: CANARY-unknown-provider }
`,
    });
    const text = quotedProblems(await configError(dir));
    expect(text).toContain('unknown field "api_tokn" (did you mean "api_token"?)');
    expect(text).toContain('account_id: 1, api_tokn: (sensitive) }');
    expect(text).toContain('    5 |     bearer: (sensitive)');
    expect(text).toContain('    6 |   chatwot: (sensitive)');
    expect(text).not.toMatch(/SECRET123456|CANARY/);
  });
});
