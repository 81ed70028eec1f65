/**
 * Campaign 4, hostile servers: a scripted server impersonates one vendor and
 * sabotages one answer (truncated, not JSON, enormous, missing fields, wrong
 * types, slow drip, silence). The run fails within its timeouts with a clear
 * error naming the vendor, never crashes with a stack trace, and never writes
 * anything on the strength of a misread answer.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deskform } from '../support/cli.js';
import { CANARY, CanaryScan } from './support/canary.js';
import { engineApply, FAST_RETRY } from './support/engine-run.js';
import {
  answerFromSent,
  declaredHuge,
  endless,
  json,
  rawJson,
  silent,
  slowDrip,
  startHostileServer,
  truncated,
  type Responder,
} from './support/hostile-server.js';

type Vendor = 'chatwoot' | 'tether' | 'healthing';

const CW = '/api/v1/accounts/1';
const CHANNEL = { id: 1, name: 'Line', channel_type: 'whatsapp', status: 'connected', config: {}, is_active: true, is_default: false, assignment_mode: 'manual' };
const WEBCHAT = { _id: 'w1', name: 'Help', promptId: 'p1', allowedDomains: [], initialStage: 'new', backgroundColor: '#FFFFFF', primaryColor: '#000000', secondaryColor: '#3B82F6' };
const PORTAL = { id: 1, slug: 'handbook', name: 'Old name', account_id: 1, archived: false, color: null, custom_domain: null, header_text: null, homepage_link: null, page_title: null, config: { allowed_locales: [{ code: 'en' }] }, meta: { default_locale: 'en' } };
const INBOX = { id: 5, name: 'Intake', channel_id: 5, channel_type: 'Channel::Api', webhook_url: '', working_hours: [] };

/** Sane answers for every route the run needs; a case replaces one of them. */
const LEGIT: Record<Vendor, Record<string, Responder>> = {
  chatwoot: {
    [`GET ${CW}/portals`]: json(200, { payload: [PORTAL] }),
    [`GET ${CW}/inboxes`]: json(200, { payload: [INBOX] }),
  },
  tether: {
    'GET /api/webchats': json(200, [WEBCHAT]),
    'GET /api/prompts/user': json(200, [{ _id: 'p1', name: 'Sales assistant' }]),
    'GET /api/pipelines': json(200, { pipeline: { _id: 'pl1', name: 'Sales', type: 'Contact', pipelineStages: [{ _id: 's1', name: 'new' }] } }),
  },
  healthing: {
    'POST /api/v1/auth/login': json(200, { access_token: 'issued-access', refresh_token: 'issued-refresh', token_type: 'bearer', expires_in: 1800 }),
    'GET /api/v1/channels': json(200, [CHANNEL]),
  },
};

/** Each config changes the object the legit server holds, so a plan that reads it right wants one write. */
const CONFIG: Record<Vendor, string> = {
  chatwoot: `providers:
  chatwoot: { url: "\${env:VENDOR_URL}", account_id: 1, api_token: "\${env:CHATWOOT_API_TOKEN}" }
portals:
  - { slug: handbook, name: Handbook }
inboxes:
  - name: Intake
    channel: { type: api, webhook_url: https://hooks.example.com/in }
    working_hours: [{ day_of_week: 1, open_hour: 9, close_hour: 17 }]
`,
  tether: `providers:
  tether: { url: "\${env:VENDOR_URL}", token: "\${env:TETHER_TOKEN}" }
webchats:
  - { name: Help, background_color: "#FFFFFF", primary_color: "#000000", secondary_color: "#3B82F6", prompt: Sales assistant, allowed_domains: [https://example.com], initial_stage: new }
`,
  healthing: `providers:
  healthing: { url: "\${env:VENDOR_URL}", email: admin@acme.test, password: "\${env:HEALTHING_PASSWORD}" }
channels:
  - { name: Line, assignment_mode: round_robin }
`,
};

interface Case {
  name: string;
  vendor: Vendor;
  /** The sabotaged route and its answer. */
  route: string;
  answer: Responder;
  /** What the error must say, after "<vendor>: <METHOD> <path> ". */
  message: RegExp;
  /** Fails only by a timeout: too slow for the CLI's default timeouts, so checked through the library only. */
  timing?: boolean;
}

const PORTALS = `GET ${CW}/portals`;
const INBOXES = `GET ${CW}/inboxes`;
const listOf = (items: unknown[]) => json(200, { payload: items });

const CASES: Case[] = [
  { name: 'truncated body (connection dropped mid-body)', vendor: 'chatwoot', route: PORTALS, answer: truncated('{"payload": [{"id": 1, "sl', 400), message: /failed: connection reset/ },
  { name: 'truncated JSON (body ends mid-document)', vendor: 'chatwoot', route: INBOXES, answer: rawJson(200, '{"payload": [{"id": 5, "name": "Int'), message: /returned 200: invalid JSON in response/ },
  { name: 'HTML error page labelled as JSON', vendor: 'tether', route: 'GET /api/webchats', answer: rawJson(200, '<html><body><h1>502 Bad Gateway</h1></body></html>'), message: /returned 200: invalid JSON in response/ },
  { name: 'plain text with a JSON content type', vendor: 'healthing', route: 'GET /api/v1/channels', answer: rawJson(200, 'OK'), message: /returned 200: invalid JSON in response/ },
  { name: 'empty body where a list is due', vendor: 'chatwoot', route: PORTALS, answer: rawJson(200, ''), message: /unexpected response/ },
  { name: 'declared 4 GB body', vendor: 'chatwoot', route: INBOXES, answer: declaredHuge(), message: /response larger than \d+ bytes/ },
  { name: 'endless streamed body', vendor: 'tether', route: 'GET /api/webchats', answer: endless(), message: /response larger than \d+ bytes/ },
  { name: 'list envelope missing', vendor: 'chatwoot', route: PORTALS, answer: json(200, { data: [PORTAL] }), message: /unexpected response: expected payload: Portal\[\]/ },
  { name: 'portal without a slug', vendor: 'chatwoot', route: PORTALS, answer: listOf([{ ...PORTAL, slug: undefined }]), message: /unexpected response: payload\[0\]\.slug: / },
  { name: 'portal slug of the wrong type', vendor: 'chatwoot', route: PORTALS, answer: listOf([{ ...PORTAL, slug: 42 }]), message: /unexpected response: payload\[0\]\.slug: / },
  { name: 'portal locales not a list', vendor: 'chatwoot', route: PORTALS, answer: listOf([{ ...PORTAL, config: { allowed_locales: 'en' } }]), message: /unexpected response: payload\[0\]\.config\.allowed_locales: / },
  { name: 'portal custom_domain a number', vendor: 'chatwoot', route: PORTALS, answer: listOf([{ ...PORTAL, custom_domain: 7 }]), message: /unexpected response: payload\[0\]\.custom_domain: / },
  { name: 'inbox without an id', vendor: 'chatwoot', route: INBOXES, answer: listOf([{ ...INBOX, id: undefined }]), message: /unexpected response: payload\[0\]\.id: / },
  { name: 'inbox working_hours a string', vendor: 'chatwoot', route: INBOXES, answer: listOf([{ ...INBOX, working_hours: 'mon-fri 9-17' }]), message: /unexpected response: payload\[0\]\.working_hours: / },
  { name: 'inbox name null', vendor: 'chatwoot', route: INBOXES, answer: listOf([{ ...INBOX, name: null }]), message: /unexpected response: payload\[0\]\.name: / },
  { name: 'webchat without an _id', vendor: 'tether', route: 'GET /api/webchats', answer: json(200, [{ ...WEBCHAT, _id: undefined }]), message: /unexpected response: \[0\]\._id: / },
  { name: 'webchat allowedDomains a string', vendor: 'tether', route: 'GET /api/webchats', answer: json(200, [{ ...WEBCHAT, allowedDomains: 'https://example.com' }]), message: /unexpected response: \[0\]\.allowedDomains: / },
  { name: 'webchat icon an unparsable URL', vendor: 'tether', route: 'GET /api/webchats', answer: json(200, [{ ...WEBCHAT, icon: 'https://' }]), message: /unexpected response: \[0\]\.icon: / },
  { name: 'prompts not a list', vendor: 'tether', route: 'GET /api/prompts/user', answer: json(200, { prompts: 'none' }), message: /unexpected response/ },
  { name: 'prompt without a name', vendor: 'tether', route: 'GET /api/prompts/user', answer: json(200, [{ _id: 'p1' }]), message: /unexpected response: \[0\]\.name: / },
  { name: 'pipeline stages not a list', vendor: 'tether', route: 'GET /api/pipelines', answer: json(200, { pipeline: { _id: 'pl1', name: 'Sales', type: 'Contact', pipelineStages: 'new' } }), message: /unexpected response: pipeline\.pipelineStages: / },
  { name: 'channel id not a number', vendor: 'healthing', route: 'GET /api/v1/channels', answer: json(200, [{ ...CHANNEL, id: 'one' }]), message: /unexpected response: \[0\]\.id: / },
  { name: 'channel without a name', vendor: 'healthing', route: 'GET /api/v1/channels', answer: json(200, { items: [{ ...CHANNEL, name: undefined }] }), message: /unexpected response: items\[0\]\.name: / },
  { name: 'login answer without a token', vendor: 'healthing', route: 'POST /api/v1/auth/login', answer: json(200, { token_type: 'bearer' }), message: /unexpected response/ },
  { name: 'two portals sharing an id', vendor: 'chatwoot', route: PORTALS, answer: listOf([{ ...PORTAL, slug: 'other' }, PORTAL]), message: /returned 200: unexpected response: 2 portals share id 1$/ },
  { name: 'two inboxes sharing an id', vendor: 'chatwoot', route: INBOXES, answer: listOf([INBOX, { ...INBOX, name: 'Other' }]), message: /returned 200: unexpected response: 2 inboxes share id 5$/ },
  { name: 'two webchats sharing an id', vendor: 'tether', route: 'GET /api/webchats', answer: json(200, [{ ...WEBCHAT, name: 'Other' }, WEBCHAT]), message: /returned 200: unexpected response: 2 webchats share id w1$/ },
  { name: 'two channels sharing an id', vendor: 'healthing', route: 'GET /api/v1/channels', answer: json(200, [CHANNEL, { ...CHANNEL, name: 'Other' }]), message: /returned 200: unexpected response: 2 channels share id 1$/ },
  { name: 'slow drip of the body', vendor: 'chatwoot', route: PORTALS, answer: slowDrip(20), message: /timed out after \d+ ms/, timing: true },
  { name: 'silence after the request', vendor: 'healthing', route: 'GET /api/v1/channels', answer: silent(), message: /timed out after \d+ ms/, timing: true },
];

/** Short timeouts, so hostile cases fail in well under a second per attempt. */
const TIGHT = { headersTimeoutMs: 300, bodyTimeoutMs: 300, requestTimeoutMs: 600, maxResponseBytes: 1024 * 1024, retry: FAST_RETRY };
const PATHS: Record<Vendor, string> = { chatwoot: '', tether: '', healthing: '' };

let dir: string;
const scan = new CanaryScan();

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'deskform-hostile-servers-'));
  for (const vendor of Object.keys(CONFIG) as Vendor[]) {
    PATHS[vendor] = path.join(dir, `${vendor}.yaml`);
    writeFileSync(PATHS[vendor], CONFIG[vendor]);
  }
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function envFor(url: string): Record<string, string> {
  return { VENDOR_URL: url, CHATWOOT_API_TOKEN: CANARY.chatwootToken, TETHER_TOKEN: CANARY.tetherToken, HEALTHING_PASSWORD: CANARY.healthingPassword };
}

const writes = (requests: Array<{ method: string; path: string }>) => requests.filter((r) => r.method !== 'GET' && !r.path.includes('/auth/'));

describe('hostile servers', () => {
  it.each(['chatwoot', 'tether', 'healthing'] as Vendor[])('%s: the sane script is read right and wants one write per object', async (vendor) => {
    const server = await startHostileServer(LEGIT[vendor]);
    try {
      const outcome = await engineApply({ file: PATHS[vendor], dir, env: envFor(server.url), stateFile: path.join(dir, 'state.json'), http: TIGHT });
      // The script answers no write route, so each planned write fails with its 404: proof the reads were accepted.
      expect(outcome.error).toBeUndefined();
      const objects = vendor === 'chatwoot' ? 2 : 1;
      expect(writes(server.requests)).toHaveLength(objects);
      expect(outcome.results?.map((r) => r.status)).toEqual(Array(objects).fill('failed'));
    } finally {
      await server.close();
    }
  });

  it.each(CASES.map((c) => [`${c.vendor}: ${c.name}`, c] as const))('%s', async (_name, c) => {
    const server = await startHostileServer({ ...LEGIT[c.vendor], [c.route]: c.answer });
    const [method, route] = c.route.split(' ') as [string, string];
    const where = { file: PATHS[c.vendor], dir, env: envFor(server.url), stateFile: path.join(dir, 'state.json'), http: TIGHT };
    try {
      const started = Date.now();
      const outcome = await engineApply(where);
      expect(Date.now() - started, 'hang guard').toBeLessThan(5_000);
      const error = outcome.error ?? outcome.results?.find((r) => r.status === 'failed')?.error;
      expect(outcome.internal ?? false, `not a clean error: ${error}`).toBe(false);
      expect(error).toMatch(new RegExp(`^${c.vendor}: ${method} ${route.replaceAll('/', '\\/')} `));
      expect(error).toMatch(c.message);
      expect(writes(server.requests), 'wrote after a misread answer').toEqual([]);
      scan.add(`${c.name}: library`, JSON.stringify(outcome));

      if (c.timing) return;
      server.requests.length = 0;
      const cli = await deskform(['apply', PATHS[c.vendor], '--auto-approve', '--state', path.join(dir, 'state.json')], { env: where.env, cwd: dir });
      expect(cli.code).toBe(1);
      expect(cli.stderr).not.toContain('Internal error');
      expect(cli.stderr).not.toMatch(/\n\s+at /);
      expect(cli.stderr).toMatch(new RegExp(`^Error: ${c.vendor}: ${method} `));
      expect(writes(server.requests), 'the CLI wrote after a misread answer').toEqual([]);
      scan.add(`${c.name}: CLI`, cli.stdout + cli.stderr);
    } finally {
      await server.close();
    }
  });

  it('chatwoot: a create answered without the object is re-read, and nothing is written to a made-up id', async () => {
    const server = await startHostileServer({ ...LEGIT.chatwoot, [INBOXES]: listOf([]), [`POST ${CW}/inboxes`]: json(200, { message: 'ok' }) });
    try {
      const outcome = await engineApply({ file: PATHS.chatwoot, dir, env: envFor(server.url), stateFile: path.join(dir, 'state.json'), http: TIGHT });
      expect(outcome.internal ?? false, outcome.error).toBe(false);
      const failed = outcome.results?.find((r) => r.kind === 'inbox');
      expect(failed?.status).toBe('failed');
      expect(failed?.error).toMatch(/^chatwoot: POST \/api\/v1\/accounts\/1\/inboxes returned 200: unexpected response: id: expected a number, got nothing \(the write may have been applied/);
      // The answer may hide a committed create: the list is read again before creating again, and after the last create; the working hours never follow.
      const inboxRequests = server.requests.filter((r) => r.path.includes('/inboxes')).map((r) => r.method);
      expect(inboxRequests).toEqual(['GET', 'POST', 'GET', 'POST', 'GET']);
      scan.add('create answered without the object', JSON.stringify(outcome));
    } finally {
      await server.close();
    }
  });

  describe('a create answered with another object', () => {
    const config = `providers:
  chatwoot: { url: "\${env:VENDOR_URL}", account_id: 1, api_token: "\${env:CHATWOOT_API_TOKEN}" }
inboxes:
  - name: Fresh
    channel: { type: api, webhook_url: https://hooks.example.com/fresh }
    working_hours: [{ day_of_week: 1, open_hour: 9, close_hour: 17 }]
  - name: Later
    channel: { type: api, webhook_url: https://hooks.example.com/later }
`;
    const cases = [
      { name: 'the id of an object listed before', answer: (sent: Record<string, unknown>) => ({ ...INBOX, name: sent.name }), id: 5, message: 'expected a new object "Fresh", got id 5, which existed before the create' },
      { name: 'another name than the one sent', answer: () => ({ ...INBOX, id: 77, name: 'Someone else' }), id: 77, message: 'expected a new object "Fresh", got id 77 "Someone else"' },
    ];
    it.each(cases.map((c) => [c.name, c] as const))('%s: refused; nothing is written to that id and no later write starts', async (_name, c) => {
      const file = path.join(dir, 'wrong-object.yaml');
      writeFileSync(file, config);
      const server = await startHostileServer({ ...LEGIT.chatwoot, [`POST ${CW}/inboxes`]: answerFromSent(200, c.answer) });
      try {
        // One step at a time, in plan order: the step after the refused create has certainly not started.
        const outcome = await engineApply({ file, dir, env: envFor(server.url), stateFile: path.join(dir, 'wrong-object-state.json'), http: TIGHT, execute: { concurrency: 1 } });
        expect(outcome.internal ?? false, outcome.error).toBe(false);
        const results = Object.fromEntries((outcome.results ?? []).map((r) => [r.key, r]));
        expect(results.Fresh).toMatchObject({ status: 'failed', error: `chatwoot: POST ${CW}/inboxes returned 200: ${c.message}; refused, nothing is written to or recorded under id ${c.id}` });
        expect(results.Fresh?.id).toBeUndefined();
        expect(results.Later).toMatchObject({ status: 'skipped', error: 'skipped: the run stopped after inbox "Fresh" was answered with another object' });
        expect(writes(server.requests)).toEqual([{ method: 'POST', path: `${CW}/inboxes` }]);
        scan.add(`wrong object: ${c.name}`, JSON.stringify(outcome));
      } finally {
        await server.close();
      }
    });
  });

  it('leaked no secret into any error', () => {
    expect(scan.size).toBeGreaterThanOrEqual(CASES.length);
    scan.assertClean();
  });
});
