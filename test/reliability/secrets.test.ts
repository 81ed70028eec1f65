/**
 * Campaign 5, secrets: canary credentials (provider tokens and passwords, an
 * inbox's IMAP and SMTP passwords) go through every output deskform has:
 * plans in every format, saved plans, the step summary, apply progress and
 * JSON events, exports, the ledger, HTTP event logs under faults, and vendor
 * errors that echo what they were sent. None of it may hold any fragment of
 * a secret, nor of the tokens the vendors issued at login.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { IncomingHttpHeaders } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { loadDesired } from '../../src/engine/load/desired.js';
import { Session } from '../../src/engine/session.js';
import { deskform } from '../support/cli.js';
import { CANARY, CanaryScan, canaryEnv, canaryFixtures } from './support/canary.js';
import { engineApply, FAST_RETRY } from './support/engine-run.js';
import { json, startHostileServer, type Responder } from './support/hostile-server.js';

/** A password that needs escaping in JSON, URLs and shells. */
const AWKWARD_PASSWORD = 'CANARY-"aw\\kward/p+ss w0rd&x=1';

const OBJECTS = `portals:
  - { slug: handbook, name: Handbook, live_chat_inbox: Website }
inboxes:
  - name: Website
    channel: { type: web_widget, website_url: https://example.com }
    portal: handbook
  - name: Mail
    channel:
      type: email
      email: help@example.com
      imap_enabled: true
      imap_address: imap.example.com
      imap_port: 993
      imap_login: help
      imap_password: "\${env:IMAP_PASSWORD}"
      smtp_enabled: true
      smtp_address: smtp.example.com
      smtp_port: 587
      smtp_login: help
      smtp_password: "\${env:SMTP_PASSWORD}"
webchats:
  - { name: Help, background_color: "#FFFFFF", primary_color: "#000000", secondary_color: "#3B82F6", prompt: Sales assistant, allowed_domains: [], initial_stage: new, icon: ./logo.png }
channels:
  - { name: WhatsApp main, assignment_mode: round_robin, business_hours: { monday: { enabled: true, start: "09:00", end: "17:00" } } }
`;
const providers = (tether: string) => `providers:
  chatwoot: { url: "\${env:CHATWOOT_URL}", account_id: 1, api_token: "\${env:CHATWOOT_API_TOKEN}" }
  tether: { url: "\${env:TETHER_URL}", ${tether} }
  healthing: { url: "\${env:HEALTHING_URL}", email: "\${env:HEALTHING_EMAIL}", password: "\${env:HEALTHING_PASSWORD}" }
`;

let emulator: RunningEmulator;
let dir: string;
let env: Record<string, string>;
const scan = new CanaryScan();
/** Tokens the emulated vendors issued during the campaign: secrets too, though no config holds them. */
const issued: Record<string, string> = {};

function rememberIssuedTokens(): void {
  const state = emulator.control.state() as {
    healthing: { accessTokens: Record<string, unknown>; refreshTokens: Record<string, unknown> };
    tether: { sessions: Record<string, unknown> };
  };
  const tokens = [...Object.keys(state.healthing.accessTokens), ...Object.keys(state.healthing.refreshTokens), ...Object.keys(state.tether.sessions)];
  tokens.forEach((token, i) => (issued[`issued token #${i + 1}`] = token));
}

async function cli(...args: string[]) {
  const run = await deskform(args, { env, cwd: dir });
  scan.add(`deskform ${args.join(' ')}`, run.stdout + run.stderr);
  return run;
}

beforeAll(async () => {
  emulator = await startEmulator({ port: 0, seed: 15, fixtures: canaryFixtures() });
  dir = mkdtempSync(path.join(tmpdir(), 'deskform-secrets-'));
  env = {
    ...canaryEnv(emulator.urls),
    SMTP_PASSWORD: AWKWARD_PASSWORD,
    GITHUB_STEP_SUMMARY: path.join(dir, 'out', 'summary.md'),
  };
  mkdirSync(path.join(dir, 'out'));
  mkdirSync(path.join(dir, 'token'));
  mkdirSync(path.join(dir, 'login'));
  writeFileSync(path.join(dir, 'out', 'summary.md'), '');
  for (const mode of ['token', 'login']) writeFileSync(path.join(dir, mode, 'logo.png'), 'png bytes');
  writeFileSync(path.join(dir, 'token', 'deskform.yaml'), providers('token: "${env:TETHER_TOKEN}"') + OBJECTS);
  writeFileSync(path.join(dir, 'login', 'deskform.yaml'), providers('email: "${env:TETHER_EMAIL}", password: "${env:TETHER_PASSWORD}"') + OBJECTS);
});

afterAll(async () => {
  await emulator?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('secrets', () => {
  it('every command and output format, with static tokens', async () => {
    const state = ['--state', 'out/state.json'];
    expect((await cli('validate', 'token')).code).toBe(0);
    expect((await cli('plan', 'token', ...state)).code).toBe(0);
    expect((await cli('plan', 'token', '--format', 'json', ...state)).code).toBe(0);
    expect((await cli('plan', 'token', '--format', 'markdown', ...state)).code).toBe(0);
    expect((await cli('plan', 'token', '--out', 'out/plan.json', '--summary', ...state)).code).toBe(0);
    expect((await cli('apply', 'out/plan.json', ...state)).code).toBe(0);
    // Changing a secret is a real change: plan and apply it again, with JSON events.
    env.IMAP_PASSWORD = `${CANARY.imapPassword}-2`;
    expect((await cli('plan', 'token', '--detailed-exitcode', ...state)).code).toBe(2);
    expect((await cli('apply', 'token', '--auto-approve', '--json', ...state)).code).toBe(0);
    env.IMAP_PASSWORD = CANARY.imapPassword;
    expect((await cli('apply', 'token', '--auto-approve', '--quiet', ...state)).code).toBe(0);
    expect((await cli('export', 'token')).code).toBe(0);
    expect((await cli('export', 'token', '--out', 'out/export.yaml')).code).toBe(0);
    const clean = await cli('plan', 'token', '--detailed-exitcode', ...state);
    expect(clean.code).toBe(0);
    expect(scan.size).toBeGreaterThan(10);
  });

  it('logging in with a password, and HTTP event logs under faults', async () => {
    const state = ['--state', 'out/login-state.json'];
    expect((await cli('apply', 'login', '--auto-approve', ...state)).code).toBe(0);
    emulator.control.setFaults({ seed: 5, rules: [{ error_rate: 0.2, rate_429: 0.1, reset_rate: 0.05, commit_then_reset_rate: 0.05 }] });
    env.IMAP_PASSWORD = `${CANARY.imapPassword}-3`;
    const faulty = await engineApply({ file: 'deskform.yaml', dir: path.join(dir, 'login'), env, stateFile: path.join(dir, 'out', 'login-state.json'), http: { retry: FAST_RETRY } });
    env.IMAP_PASSWORD = CANARY.imapPassword;
    emulator.control.clearFaults();
    expect(faulty.events.some((e) => e.outcome === 'retry')).toBe(true);
    scan.add('HTTP events and results under faults', JSON.stringify(faulty));
  });

  it('vendors that echo credentials and request bodies back in their errors', async () => {
    const echo =
      (status: number, what: (body: string, headers: IncomingHttpHeaders) => string, type = 'application/json'): Responder =>
      (req, res, body) => {
        res.writeHead(status, { 'content-type': type });
        res.end(what(body, req.headers));
      };
    const server = await startHostileServer({
      // A 401 whose message carries the token across the 500th character, where messages are cut short.
      'GET /api/v1/accounts/1/portals': json(200, { payload: [] }),
      'GET /api/v1/accounts/1/inboxes': json(200, { payload: [] }),
      'POST /api/v1/accounts/1/portals': echo(401, (_b, h) => JSON.stringify({ error: `${'x'.repeat(475)} token ${String(h['api-access-token'])} is not valid` })),
      // A 422 that quotes the whole request body, IMAP and SMTP passwords included.
      'POST /api/v1/accounts/1/inboxes': echo(422, (body) => JSON.stringify({ message: `invalid inbox ${body}` })),
      // A login failure that dumps the request JSON as plain text (escaped quotes and all).
      'POST /api/v1/auth/login': echo(401, (body) => `login refused for ${body}`, 'text/plain'),
    });
    try {
      const config = `providers:
  chatwoot: { url: "${server.url}", account_id: 1, api_token: "\${env:CHATWOOT_API_TOKEN}" }
  healthing: { url: "${server.url}", email: admin@acme.test, password: "\${env:SMTP_PASSWORD}" }
${OBJECTS.split('webchats:')[0]}`;
      writeFileSync(path.join(dir, 'out', 'echo.yaml'), config);
      // Without channels the login is never needed; a plan with them makes the login fail, echoing its body.
      writeFileSync(path.join(dir, 'out', 'echo-login.yaml'), `${config}channels:\n  - { name: WhatsApp main }\n`);
      const applied = await cli('apply', 'out/echo.yaml', '--auto-approve', '--state', 'out/echo-state.json');
      expect(applied.code).toBe(1);
      expect(applied.stdout).toContain('returned 401');
      expect(applied.stdout).toContain('returned 422: invalid inbox');
      const login = await cli('plan', 'out/echo-login.yaml');
      expect(login.stderr).toContain('healthing: POST /api/v1/auth/login returned 401: login refused for');
      const library = await engineApply({ file: 'out/echo.yaml', dir, env, stateFile: path.join(dir, 'out', 'echo-state.json'), http: { retry: FAST_RETRY } });
      scan.add('echo: library results and events', JSON.stringify(library));
    } finally {
      await server.close();
    }
  });

  it('a secret reused in a name, slug, prompt or greeting is masked in every output and file', async () => {
    // Config secrets are masked wherever their value turns up, not only in the fields that hold them.
    const names = `${providers('token: "${env:TETHER_TOKEN}"')}portals:
  - { slug: "\${env:IMAP_PASSWORD}", name: "Docs \${env:CHATWOOT_API_TOKEN}" }
inboxes:
  - name: "Mail \${env:IMAP_PASSWORD}"
    protected: true
    greeting_enabled: true
    greeting_message: "Hello from \${env:TETHER_TOKEN}"
    channel: { type: email, email: echo@example.com, imap_enabled: true, imap_password: "\${env:IMAP_PASSWORD}" }
webchats:
  - { name: "Chat \${env:HEALTHING_PASSWORD}", background_color: "#FFFFFF", primary_color: "#000000", secondary_color: "#3B82F6", prompt: Sales assistant, allowed_domains: [], initial_stage: new, icon: ./logo.png }
`;
    mkdirSync(path.join(dir, 'names'));
    writeFileSync(path.join(dir, 'names', 'logo.png'), 'png bytes');
    writeFileSync(path.join(dir, 'names', 'deskform.yaml'), names);
    writeFileSync(path.join(dir, 'names', 'prompt.yaml'), names.replace('prompt: Sales assistant', 'prompt: "${env:TETHER_TOKEN}"'));
    writeFileSync(path.join(dir, 'names', 'invalid.yaml'), names.replace('greeting_enabled: true', 'greeting_enabled: maybe'));
    const state = ['--state', 'out/names-state.json'];
    expect((await cli('validate', 'names/deskform.yaml')).code).toBe(0);
    const invalid = await cli('validate', 'names/invalid.yaml');
    expect(invalid.code).toBe(1);
    expect(invalid.stderr).toContain('inbox "Mail (sensitive)": greeting_enabled: expected');
    for (const format of ['text', 'json', 'markdown']) expect((await cli('plan', 'names/deskform.yaml', '--format', format, ...state)).code).toBe(0);
    expect((await cli('plan', 'names/deskform.yaml', '--out', 'out/names-plan.json', '--summary', ...state)).code).toBe(0);
    const applied = await cli('apply', 'out/names-plan.json', ...state);
    expect(applied.code).toBe(0);
    expect(applied.stdout).toContain('portal "(sensitive)": created');
    expect((await cli('apply', 'names/deskform.yaml', '--auto-approve', '--json', ...state)).code).toBe(0);
    expect((await cli('plan', 'names/deskform.yaml', '--detailed-exitcode', ...state)).code).toBe(0);
    expect((await cli('export', 'names/deskform.yaml')).code).toBe(0);
    expect((await cli('export', 'names/deskform.yaml', '--out', 'out/names-export.yaml')).code).toBe(0);
    const prompt = await cli('plan', 'names/prompt.yaml', ...state);
    expect(prompt.code).toBe(1);
    expect(prompt.stderr).toContain('no Tether prompt is named "(sensitive)"');
    // The library's plan object is what callers print and save: masked the same way.
    const desired = await loadDesired(['names/deskform.yaml'], { env, cwd: dir });
    const session = await Session.open(desired.config.providers, { cwd: dir, stateFile: path.join(dir, 'out', 'names-state.json') });
    try {
      const { plan } = await session.plan(desired);
      expect(plan.steps.map((s) => s.key)).toContain('Mail (sensitive)');
      scan.add('library plan', JSON.stringify(plan));
    } finally {
      await session.close();
    }
  });

  it('leaves no fragment of any secret anywhere', () => {
    rememberIssuedTokens();
    expect(Object.keys(issued).length).toBeGreaterThan(1);
    scan.addFiles(dir, (file) => file.endsWith('.yaml') && !file.includes(`${path.sep}out${path.sep}`));
    scan.assertClean({ ...issued, awkwardPassword: AWKWARD_PASSWORD });
  });
});
