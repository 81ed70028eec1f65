/**
 * Canary secrets (provider tokens and passwords, an inbox's IMAP password)
 * never appear in anything a run produces: stdout, stderr, plan files,
 * exports, the ledger, error messages.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultFixtures } from '../../src/emulator/index.js';
import { deskform } from '../support/cli.js';
import { createWorld, type World } from '../support/world.js';

const CANARIES = {
  chatwoot: 'CANARY-cw-token-7f3a9e',
  tether: 'CANARY-tether-token-91b2c4',
  healthingPassword: 'CANARY-hpass-55e1d0',
  imap: 'CANARY-imap-pass-0c4d88',
};

let world: World;
const outputs: string[] = [];

beforeAll(async () => {
  const fixtures = defaultFixtures();
  fixtures.chatwoot.users[0]!.access_token = CANARIES.chatwoot;
  fixtures.tether.users[0]!.api_key = CANARIES.tether;
  fixtures.healthing.users[0]!.password = CANARIES.healthingPassword;
  world = await createWorld({ fixtures, examples: true, tokens: CANARIES });
  world.write(
    'mail.yaml',
    `inboxes:\n  - name: Mail\n    channel: { type: email, email: help@example.com, imap_enabled: true, imap_password: ${CANARIES.imap} }\n`,
  );
  await world.run('validate', '.').then(record);
});

afterAll(async () => {
  await world.close();
});

function record<R extends { stdout: string; stderr: string }>(run: R): R {
  outputs.push(run.stdout, run.stderr);
  return run;
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (name === 'assets' || name === 'mail.yaml' || name === 'providers.yaml') return [];
    return statSync(full).isDirectory() ? filesUnder(full) : [full];
  });
}

describe('secrets', () => {
  it('never leak through plan, apply, export, the ledger or vendor errors', async () => {
    expect(record(await world.run('plan', '.', '--out', 'plan.json')).code).toBe(0);
    record(await world.run('plan', '.', '--format', 'json'));
    expect(record(await world.run('apply', '.', '--auto-approve')).code).toBe(0);
    record(await world.run('apply', 'plan.json'));
    expect(record(await world.run('plan', '.', '--detailed-exitcode')).code).toBe(0);
    expect(record(await world.run('export', '.', '--out', 'out/export.yaml')).code).toBe(0);

    // The vendor refuses a token; the error names the vendor but not the token.
    const wrongEnv = { ...world.env, CHATWOOT_API_TOKEN: `${CANARIES.chatwoot}-revoked` };
    const refused = record(await deskform(['plan', '.'], { env: wrongEnv, cwd: world.dir }));
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('chatwoot: GET /chatwoot/api/v1/accounts/1/portals returned 401: Invalid Access Token');

    // A provider URL the loader rejects must not echo the interpolated secret either.
    const badUrl = { ...world.env, TETHER_URL: CANARIES.tether };
    record(await deskform(['plan', '.'], { env: badUrl, cwd: world.dir }));

    const produced = [...outputs, ...filesUnder(world.dir).map((f) => readFileSync(f, 'utf8'))].join('\n');
    expect(produced).toContain('(sensitive)');
    for (const canary of Object.values(CANARIES)) expect(produced).not.toContain(canary);
  });

  it('refuse a secret shorter than 8 characters with a located error that does not show it', async () => {
    world.write('short.yaml', 'inboxes:\n  - name: Short\n    channel: { type: email, email: s@example.com, imap_password: hunter2 }\n');
    const run = await world.run('validate', 'providers.yaml', 'short.yaml');
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('short.yaml:3:66: inbox "Short": channel.imap_password: is a secret and must be at least 8 characters long');
    expect(run.stderr).not.toContain('hunter2');
  });
});
