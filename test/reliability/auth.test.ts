/**
 * Campaign 6, auth: expired, revoked and wrong-account credentials end the
 * run with a clear error naming the vendor, before any write; an access token
 * that expires in the middle of an apply is renewed once and the apply goes on.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import type { EngineMessage } from '../../src/engine/messages.js';
import { deskform } from '../support/cli.js';
import { CANARY, CanaryScan, canaryEnv, canaryFixtures } from './support/canary.js';
import { engineApply, liveView, type EngineWhere } from './support/engine-run.js';

const CHATWOOT = (account: number) => `providers:
  chatwoot: { url: "\${env:CHATWOOT_URL}", account_id: ${account}, api_token: "\${env:CHATWOOT_API_TOKEN}" }
portals:
  - { slug: handbook, name: Handbook }
inboxes:
  - { name: Intake, channel: { type: api, webhook_url: https://hooks.example.com/in } }
`;
const WEBCHATS = (credentials: string, prompt: string, count = 1) => `providers:
  tether: { url: "\${env:TETHER_URL}", ${credentials} }
webchats:
${Array.from({ length: count }, (_, i) => `  - { name: Help ${i}, background_color: "#FFFFFF", primary_color: "#000000", secondary_color: "#3B82F6", prompt: ${prompt}, allowed_domains: [], initial_stage: new }`).join('\n')}
`;
const TOKEN = 'token: "${env:TETHER_TOKEN}"';
const LOGIN = 'email: "${env:TETHER_EMAIL}", password: "${env:TETHER_PASSWORD}"';
const CHANNELS = (names: string[]) => `providers:
  healthing: { url: "\${env:HEALTHING_URL}", email: "\${env:HEALTHING_EMAIL}", password: "\${env:HEALTHING_PASSWORD}" }
channels:
${names.map((n, i) => `  - { name: ${n}, assignment_mode: ${['manual', 'round_robin', 'load_balanced'][i % 3]}, business_hours: { monday: { enabled: true, start: "0${i % 10}:00", end: "18:00" } } }`).join('\n')}
`;

let emulator: RunningEmulator;
let dir: string;
const scan = new CanaryScan();

beforeAll(async () => {
  const fixtures = canaryFixtures();
  // A suspended account the canary user belongs to: Chatwoot's closest thing to an expired credential.
  fixtures.chatwoot.accounts.push({ id: 3, name: 'Frozen', status: 'suspended' });
  fixtures.chatwoot.users[0]!.memberships.push({ account_id: 3, role: 'administrator' });
  // The other organization has a default pipeline too, so only the prompt names can tell the accounts apart.
  const [pipeline] = fixtures.tether.pipelines;
  fixtures.tether.pipelines.push({ ...pipeline!, id: '65f0000000000000000000d9', organization_id: fixtures.tether.organizations[1]!.id });
  emulator = await startEmulator({ port: 0, seed: 14, fixtures });
  dir = mkdtempSync(path.join(tmpdir(), 'deskform-auth-'));
});

afterAll(async () => {
  await emulator?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

beforeEach(() => {
  emulator.control.reset();
});

const writes = () => emulator.control.requests().filter((r) => r.vendor !== 'control' && r.method !== 'GET' && !r.path.includes('/auth/'));

interface Refusal {
  name: string;
  config: string;
  env: Record<string, string>;
  /** The whole first line of stderr. */
  error: string | RegExp;
}

const REFUSALS: Refusal[] = [
  {
    name: 'chatwoot: revoked token',
    config: CHATWOOT(1),
    env: { CHATWOOT_API_TOKEN: `${CANARY.chatwootToken}-revoked` },
    error: 'Error: chatwoot: GET /chatwoot/api/v1/accounts/1/portals returned 401: Invalid Access Token; check providers.chatwoot.api_token (set from ${env:CHATWOOT_API_TOKEN})',
  },
  {
    name: 'chatwoot: token of another account',
    config: CHATWOOT(1),
    env: { CHATWOOT_API_TOKEN: 'demo-chatwoot-other-token' },
    error: 'Error: chatwoot: GET /chatwoot/api/v1/accounts/1/portals returned 401: You are not authorized to access this account; check providers.chatwoot.api_token (set from ${env:CHATWOOT_API_TOKEN})',
  },
  {
    name: 'chatwoot: suspended account',
    config: CHATWOOT(3),
    env: {},
    error: 'Error: chatwoot: GET /chatwoot/api/v1/accounts/3/portals returned 401: Account is suspended; check providers.chatwoot.api_token (set from ${env:CHATWOOT_API_TOKEN})',
  },
  {
    name: 'tether: revoked API key',
    config: WEBCHATS(TOKEN, 'Sales assistant'),
    env: { TETHER_TOKEN: `${CANARY.tetherToken}-revoked` },
    error: /^Error: tether: GET \/tether\/api\/(webchats|prompts\/user|pipelines) returned 401: Invalid or expired token; check providers\.tether\.token \(set from \$\{env:TETHER_TOKEN\}\)$/,
  },
  {
    name: 'tether: wrong password',
    config: WEBCHATS(LOGIN, 'Sales assistant'),
    env: { TETHER_PASSWORD: `${CANARY.tetherPassword}-old` },
    error: /^Error: tether: POST \/tether\/api\/auth\/login returned 401: .*; check providers\.tether\.email and password \(set from \$\{env:TETHER_EMAIL\} and \$\{env:TETHER_PASSWORD\}\)$/,
  },
  {
    name: 'tether: token of another organization',
    config: WEBCHATS(TOKEN, 'Support assistant'),
    env: { TETHER_TOKEN: 'demo-tether-other-token' },
    error: /^Error: .*webchat "Help 0": no Tether prompt is named "Support assistant"/,
  },
  {
    name: 'healthing: wrong password',
    config: CHANNELS(['Site chat']),
    env: { HEALTHING_PASSWORD: `${CANARY.healthingPassword}-old` },
    error: /^Error: healthing: POST \/healthing\/api\/v1\/auth\/login returned 401: .*; check providers\.healthing\.email and password \(set from \$\{env:HEALTHING_EMAIL\} and \$\{env:HEALTHING_PASSWORD\}\)$/,
  },
  {
    name: 'healthing: user of another tenant',
    config: CHANNELS(['Site chat']),
    env: { HEALTHING_EMAIL: 'admin@other.test', HEALTHING_PASSWORD: 'demo-healthing-password' },
    error: /^Error: .*channel "Site chat": no live channel matches, and healthing cannot create channels/,
  },
];

describe('auth', () => {
  it.each(REFUSALS.map((r) => [r.name, r] as const))('%s: a clear error naming the vendor, and no write', async (_name, r) => {
    const file = path.join(dir, 'refused.yaml');
    writeFileSync(file, r.config);
    const env = { ...canaryEnv(emulator.urls), ...r.env };
    const run = await deskform(['apply', file, '--auto-approve', '--state', path.join(dir, 'state.json')], { env, cwd: dir });
    scan.add(r.name, run.stdout + run.stderr);
    expect(run.code).toBe(1);
    expect(run.stderr).not.toContain('Internal error');
    const first = run.stderr.split('\n')[0];
    if (typeof r.error === 'string') expect(first).toBe(r.error);
    else expect(first).toMatch(r.error);
    expect(writes()).toEqual([]);
  });

  /** Runs an apply that moves the emulator clock by `advanceMs` as soon as the first write succeeded. */
  async function applyAcrossExpiry(config: string, vendor: string, advanceMs: number, env: Record<string, string> = {}) {
    const file = path.join(dir, `${vendor}-expiry.yaml`);
    writeFileSync(file, config);
    const where: EngineWhere = { file, dir, env: { ...canaryEnv(emulator.urls), ...env }, stateFile: path.join(dir, `${vendor}-state.json`) };
    let advanced = false;
    const onMessage = (e: EngineMessage) => {
      if (advanced || e.type !== 'http.attempt' || e.vendor !== vendor || e.method === 'GET' || e.path.includes('/auth/') || e.outcome !== 'ok') return;
      advanced = true;
      emulator.control.advanceClock(advanceMs);
    };
    const outcome = await engineApply({ ...where, http: { concurrency: { max: 2 } }, onMessage });
    scan.add(`${vendor} expiry`, JSON.stringify(outcome));
    expect(advanced).toBe(true);
    expect(outcome.error).toBeUndefined();
    expect(outcome.results?.filter((r) => r.status !== 'ok')).toEqual([]);
    expect((await liveView(where)).pending).toEqual([]);
    return emulator.control.requests({ vendor: vendor as 'healthing' }).map((r) => `${r.method} ${r.path.split('?')[0]} ${r.status}`);
  }

  const channelNames = Array.from({ length: 8 }, (_, i) => `Desk ${i}`);
  const seedChannels = () => channelNames.forEach((name, i) => emulator.control.seedHealthingChannel({ id: 50 + i, tenant_id: 1, name, channel_type: 'whatsapp' }));

  it('healthing: an access token expiring mid-apply is refreshed once and the apply goes on', async () => {
    seedChannels();
    const log = await applyAcrossExpiry(CHANNELS(channelNames), 'healthing', 1801 * 1000);
    expect(log.filter((l) => l.startsWith('POST /api/v1/auth/refresh'))).toEqual(['POST /api/v1/auth/refresh 200']);
    expect(log.filter((l) => l.startsWith('POST /api/v1/auth/login'))).toHaveLength(2); // the run's, then liveView's
    expect(log.some((l) => / 401$/.test(l))).toBe(true);
    expect(log.filter((l) => /^PUT .* 200$/.test(l))).toHaveLength(channelNames.length);
  });

  it('healthing: when the refresh token expired too, it logs in again and the apply goes on', async () => {
    seedChannels();
    const log = await applyAcrossExpiry(CHANNELS(channelNames), 'healthing', 8 * 24 * 3600 * 1000);
    expect(log.filter((l) => l.startsWith('POST /api/v1/auth/refresh'))).toEqual(['POST /api/v1/auth/refresh 401']);
    expect(log.filter((l) => l.startsWith('POST /api/v1/auth/login'))).toHaveLength(3);
    expect(log.filter((l) => /^PUT .* 200$/.test(l))).toHaveLength(channelNames.length);
  });

  it('tether: a login session expiring mid-apply is renewed by logging in again', async () => {
    const log = await applyAcrossExpiry(WEBCHATS(LOGIN, 'Sales assistant', 6), 'tether', 25 * 3600 * 1000);
    expect(log.filter((l) => l.startsWith('POST /api/auth/login'))).toHaveLength(3);
    expect(log.filter((l) => /^POST \/api\/webchats 20\d$/.test(l))).toHaveLength(6);
  });

  it('leaked no secret', () => {
    expect(scan.size).toBeGreaterThanOrEqual(REFUSALS.length + 3);
    scan.assertClean();
  });
});
