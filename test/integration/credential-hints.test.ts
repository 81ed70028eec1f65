/**
 * A vendor refusing the credentials (401, 403) is reported with the provider
 * fields to check and how they were supplied, over real HTTP against the
 * emulator, which refuses unknown tokens; the value is never printed.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { deskform } from '../support/cli.js';
import { createWorld, type World } from '../support/world.js';

const WRONG = 'CANARY-wrong-credential-5e0b1d';

let world: World;
beforeAll(async () => {
  world = await createWorld();
});
afterAll(async () => {
  await world.close();
});
beforeEach(() => {
  world.emulator.control.reset();
});

const CHATWOOT = 'providers:\n  chatwoot: { url: "${env:CHATWOOT_URL}", account_id: 1, api_token: "${env:CHATWOOT_API_TOKEN}" }\nportals:\n  - { slug: handbook, name: Handbook }\n';
const webchats = (credentials: string) =>
  `providers:\n  tether: { url: "\${env:TETHER_URL}", ${credentials} }\nwebchats:\n  - { name: Help, background_color: "#FFFFFF", primary_color: "#000000", secondary_color: "#3B82F6", prompt: Sales assistant, allowed_domains: [], initial_stage: new }\n`;
const CHANNELS = 'providers:\n  healthing: { url: "${env:HEALTHING_URL}", email: "${env:HEALTHING_EMAIL}", password: "${env:HEALTHING_PASSWORD}" }\nchannels:\n  - { name: Site chat, assignment_mode: manual }\n';

interface Case {
  name: string;
  config: string;
  env: Record<string, string>;
  first: RegExp;
  hint: string;
}

const CASES: Case[] = [
  {
    name: 'chatwoot: unknown API token',
    config: CHATWOOT,
    env: { CHATWOOT_API_TOKEN: WRONG },
    first: /^Error: chatwoot: GET \/chatwoot\/api\/v1\/accounts\/1\/portals returned 401: /,
    hint: 'check providers.chatwoot.api_token (set from ${env:CHATWOOT_API_TOKEN})',
  },
  {
    name: 'tether: unknown API token',
    config: webchats('token: "${env:TETHER_TOKEN}"'),
    env: { TETHER_TOKEN: WRONG },
    first: /^Error: tether: GET \/tether\/api\/\S+ returned 401: /,
    hint: 'check providers.tether.token (set from ${env:TETHER_TOKEN})',
  },
  {
    name: 'tether: wrong password',
    config: webchats('email: "${env:HEALTHING_EMAIL}", password: "${env:TETHER_PASSWORD}"'),
    env: { TETHER_PASSWORD: WRONG },
    first: /^Error: tether: POST \/tether\/api\/auth\/login returned 401: /,
    hint: 'check providers.tether.email and password (set from ${env:HEALTHING_EMAIL} and ${env:TETHER_PASSWORD})',
  },
  {
    name: 'healthing: wrong password',
    config: CHANNELS,
    env: { HEALTHING_PASSWORD: WRONG },
    first: /^Error: healthing: POST \/healthing\/api\/v1\/auth\/login returned 401: /,
    hint: 'check providers.healthing.email and password (set from ${env:HEALTHING_EMAIL} and ${env:HEALTHING_PASSWORD})',
  },
];

describe('refused credentials', () => {
  it.each(CASES.map((c) => [c.name, c] as const))('%s: the error names the fields to check, never the value', async (_name, c) => {
    world.write('deskform.yaml', c.config);
    const run = await deskform(['plan'], { env: { ...world.env, ...c.env }, cwd: world.dir });
    expect(run.code).toBe(1);
    const [line, ...rest] = run.stderr.split('\n');
    expect(line).toMatch(c.first);
    expect(line!.endsWith(`; ${c.hint}`)).toBe(true);
    expect(rest.join('')).toBe('');
    expect(run.stdout + run.stderr).not.toContain(WRONG);
  });

  it('says a credential was written in the config file, without printing it', async () => {
    world.write('deskform.yaml', CHATWOOT.replace('"${env:CHATWOOT_API_TOKEN}"', WRONG));
    const run = await deskform(['plan'], { env: world.env, cwd: world.dir });
    expect(run.stderr).toMatch(/ returned 401: [^\n]*; check providers\.chatwoot\.api_token \(written in the config file\)\n$/);
    expect(run.stdout + run.stderr).not.toContain(WRONG);
  });

  it('names the fields in a failed step too: a token that may read but not write', async () => {
    world.write('deskform.yaml', CHATWOOT);
    const run = await deskform(['apply', '--auto-approve', '--json'], { env: { ...world.env, CHATWOOT_API_TOKEN: 'demo-chatwoot-agent-token' }, cwd: world.dir });
    expect(run.code).toBe(1);
    const ends = run.stdout.split('\n').filter(Boolean).map((line) => JSON.parse(line) as { type: string; status?: string; error?: string }).filter((e) => e.type === 'step_end');
    expect(ends).toEqual([expect.objectContaining({ status: 'failed', error: expect.stringMatching(/ returned 401: [^\n]*; check providers\.chatwoot\.api_token \(set from \$\{env:CHATWOOT_API_TOKEN\}\)$/) })]);
  });

  it('add nothing to other vendor errors', async () => {
    world.write('deskform.yaml', CHATWOOT);
    world.emulator.control.setFaults({ seed: 1, rules: [{ vendor: 'chatwoot', method: 'GET', error_rate: 1, error_status: 500, times: 1 }] });
    const run = await deskform(['plan'], { env: world.env, cwd: world.dir });
    expect(run.code).toBe(1);
    expect(run.stderr).not.toContain('check providers');
  });
});
