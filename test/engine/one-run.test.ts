/**
 * One run reports every config mistake: problems found while preparing
 * objects (icon files) and references made by items that failed validation
 * are reported together with the loader's other problems, never in a later
 * run after those are fixed.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadDesired } from '../../src/engine/load/desired.js';
import { ConfigError } from '../../src/errors.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

async function problemsOf(files: Record<string, string>, env: Record<string, string> = {}): Promise<string[]> {
  const dir = mkdtempSync(path.join(tmpdir(), 'deskform-one-run-'));
  dirs.push(dir);
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
  const err = await loadDesired(Object.keys(files), { env, cwd: dir }).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ConfigError);
  return (err as ConfigError).message.split('\n');
}

const CHATWOOT = 'providers:\n  chatwoot: { url: "https://cw.example.com", account_id: 1, api_token: "${env:CHATWOOT_API_TOKEN}" }\n';
const TETHER = 'providers:\n  tether: { url: "https://tether.example.com", token: "${env:TETHER_TOKEN}" }\n';
const webchat = (extra: string) =>
  `webchats:\n  - { name: Help, background_color: "#FFFFFF", primary_color: "#000000", secondary_color: "#3B82F6", prompt: Sales, allowed_domains: [], initial_stage: new${extra} }\n`;

describe('every config mistake in one run', () => {
  it('reports a missing icon file together with a missing environment variable in another file', async () => {
    const problems = await problemsOf(
      { 'chatwoot.yaml': `${CHATWOOT}inboxes:\n  - { name: Intake, channel: { type: api } }\n`, 'tether.yaml': `${TETHER}${webchat(', icon: ./missing.png')}` },
      { TETHER_TOKEN: 'tether-token-value' },
    );
    expect(problems).toEqual([
      expect.stringMatching(/^chatwoot\.yaml:2:.*CHATWOOT_API_TOKEN/),
      'tether.yaml:4:164: webchat "Help": icon file "./missing.png" does not exist',
    ]);
  });

  it('reports a dangling reference of a valid item together with a shape error in another item', async () => {
    const problems = await problemsOf(
      {
        'a.yaml': `${CHATWOOT}inboxes:\n  - { name: Intake, channel: { type: api }, portal: handbok }\n  - { name: Other, channel: { type: api }, greeting_enabled: maybe }\n`,
      },
      { CHATWOOT_API_TOKEN: 'chatwoot-token-value' },
    );
    expect(problems).toEqual([
      'a.yaml:4:53: inbox "Intake": references portal "handbok", which is not declared in the config',
      'a.yaml:5:62: inbox "Other": greeting_enabled: expected true or false, got a string',
    ]);
  });

  it('checks the reference of an item whose other fields failed validation, when the reference itself is readable', async () => {
    const problems = await problemsOf(
      {
        'a.yaml': `${CHATWOOT}portals:\n  - { slug: handbook, name: Handbook }\ninboxes:\n  - { name: Intake, channel: { type: api }, greeting_enabled: maybe, portal: handbok }\n`,
      },
      { CHATWOOT_API_TOKEN: 'chatwoot-token-value' },
    );
    expect(problems).toEqual([
      'a.yaml:6:63: inbox "Intake": greeting_enabled: expected true or false, got a string',
      'a.yaml:6:78: inbox "Intake": references portal "handbok", which is not declared in the config (did you mean "handbook"?)',
    ]);
  });

  it('never reports a reference field twice: one that fails validation is not also checked as a reference', async () => {
    const problems = await problemsOf(
      { 'a.yaml': `${CHATWOOT}inboxes:\n  - { name: Intake, channel: { type: api }, portal: [handbook] }\n` },
      { CHATWOOT_API_TOKEN: 'chatwoot-token-value' },
    );
    expect(problems).toEqual(['a.yaml:4:53: inbox "Intake": portal: expected a string, got a list']);
  });
});
