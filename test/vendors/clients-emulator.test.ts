/**
 * The real clients against the real emulator over loopback HTTP.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator } from '../../src/emulator/index.js';
import { AmbiguousWriteError, VendorError } from '../../src/errors.js';
import { createClients, TetherClient, type HttpMessage, type HttpWaitMessage, type VendorClients } from '../../src/vendors/index.js';

type Emulator = Awaited<ReturnType<typeof startEmulator>>;

let emu: Emulator;
let clients: VendorClients;
const sleeps: number[] = [];
const events: HttpMessage[] = [];

const options = {
  sleep: async (ms: number) => {
    sleeps.push(ms);
  },
  onMessage: (e: HttpMessage | HttpWaitMessage) => e.type === 'http.attempt' && events.push(e),
};

beforeAll(async () => {
  emu = await startEmulator({ port: 0 });
  clients = createClients(
    {
      chatwoot: { url: emu.urls.chatwoot, account_id: 1, api_token: 'demo-chatwoot-admin-token' },
      tether: { url: emu.urls.tether, token: 'demo-tether-token' },
      healthing: { url: emu.urls.healthing, email: 'admin@acme.test', password: 'demo-healthing-password' },
    },
    options,
  );
});
afterAll(async () => {
  await clients.close();
  await emu.close();
});
afterEach(() => {
  emu.control.clearFaults();
  emu.control.resetRequests();
  sleeps.length = 0;
  events.length = 0;
});

function errorOf(p: Promise<unknown>): Promise<unknown> {
  return p.then(
    () => undefined,
    (e: unknown) => e,
  );
}

describe('Chatwoot', () => {
  const chatwoot = () => clients.chatwoot!;

  it('reports its version', async () => {
    expect((await chatwoot().version()).version).toMatch(/^\d+\.\d+/);
  });

  it('portals: create, list, update, delete (200 with an empty body)', async () => {
    const created = await chatwoot().createPortal({
      name: 'Handbook',
      slug: 'handbook',
      custom_domain: '',
      config: { allowed_locales: ['en', 'fr'], default_locale: 'en' },
    });
    expect(created).toMatchObject({ slug: 'handbook', name: 'Handbook', account_id: 1 });
    expect((await chatwoot().listPortals()).map((p) => p.slug)).toContain('handbook');

    const updated = await chatwoot().updatePortal('handbook', { name: 'The Handbook' });
    expect(updated.name).toBe('The Handbook');

    await expect(chatwoot().deletePortal('handbook')).resolves.toBeUndefined();
    const del = emu.control.requests({ vendor: 'chatwoot' }).find((r) => r.method === 'DELETE');
    expect(del?.status).toBe(200);
    expect((await chatwoot().listPortals()).map((p) => p.slug)).not.toContain('handbook');
  });

  it('a validation error carries the vendor message', async () => {
    const body = { name: 'Dup', slug: 'dup', custom_domain: '', config: { allowed_locales: ['en'], default_locale: 'en' } };
    await chatwoot().createPortal(body);
    const err = await errorOf(chatwoot().createPortal(body));
    expect(err).toBeInstanceOf(VendorError);
    expect((err as Error).message).toBe(
      'chatwoot: POST /chatwoot/api/v1/accounts/1/portals returned 422: Slug has already been taken',
    );
    await chatwoot().deletePortal('dup');
  });

  it('inboxes: create, list, get, update, asynchronous delete', async () => {
    const inbox = await chatwoot().createInbox({
      name: 'Website',
      channel: { type: 'web_widget', website_url: 'https://example.com' },
    });
    expect(inbox).toMatchObject({ name: 'Website', channel_type: 'Channel::WebWidget' });
    expect((await chatwoot().listInboxes()).map((i) => i.id)).toContain(inbox.id);
    expect((await chatwoot().getInbox(inbox.id)).name).toBe('Website');

    const updated = await chatwoot().updateInbox(inbox.id, { greeting_enabled: true, greeting_message: 'Hello!' });
    expect(updated).toMatchObject({ greeting_enabled: true, greeting_message: 'Hello!' });

    const ack = await chatwoot().deleteInbox(inbox.id);
    expect(ack.message).toMatch(/deletion request/);
    // Still visible until the background job runs.
    expect((await chatwoot().getInbox(inbox.id)).id).toBe(inbox.id);
    emu.control.drainJobs();
    const err = await errorOf(chatwoot().getInbox(inbox.id));
    expect(err).toMatchObject({ status: 404, vendorMessage: 'Resource could not be found' });
  });

  it('a bad token is a 401 that names the problem, not the token', async () => {
    const { chatwoot: bad } = createClients({
      chatwoot: { url: emu.urls.chatwoot, account_id: 1, api_token: 'not-a-real-token-123' },
    });
    try {
      const err = await errorOf(bad!.listInboxes());
      expect(err).toMatchObject({ status: 401, vendorMessage: 'Invalid Access Token' });
      expect((err as Error).message).not.toContain('not-a-real-token-123');
    } finally {
      await bad!.close();
    }
  });

  it('a create hit by commit-then-reset is ambiguous, and the portal did get created', async () => {
    emu.control.setFaults({ seed: 1, rules: [{ vendor: 'chatwoot', method: 'POST', commit_then_reset_rate: 1, times: 1 }] });
    const err = await errorOf(
      chatwoot().createPortal({ name: 'Maybe', slug: 'maybe', custom_domain: '', config: { allowed_locales: ['en'], default_locale: 'en' } }),
    );
    expect(err).toBeInstanceOf(AmbiguousWriteError);
    expect(emu.control.requests({ vendor: 'chatwoot' }).filter((r) => r.method === 'POST')).toHaveLength(1);
    // The caller's recovery: re-list and match by natural key.
    expect((await chatwoot().listPortals()).filter((p) => p.slug === 'maybe')).toHaveLength(1);
    await chatwoot().deletePortal('maybe');
  });

  it('GETs survive 429s without Retry-After and connection resets', async () => {
    emu.control.setFaults({
      seed: 2,
      rules: [
        { vendor: 'chatwoot', method: 'GET', rate_429: 1, times: 2 },
        { vendor: 'chatwoot', method: 'GET', reset_rate: 1, times: 1 },
      ],
    });
    const throttledBefore = clients.metrics().chatwoot!.throttled;
    await expect(chatwoot().listInboxes()).resolves.toBeInstanceOf(Array);
    expect(emu.control.requests({ vendor: 'chatwoot' }).map((r) => r.fault ?? 'ok')).toEqual(['429', '429', 'reset', 'ok']);
    expect(sleeps).toHaveLength(3);
    expect(clients.metrics().chatwoot!.throttled - throttledBefore).toBe(2);
  });
});

describe('Tether', () => {
  const tether = () => clients.tether!;

  it('prompts and pipelines resolve', async () => {
    expect((await tether().listPrompts()).map((p) => p.name)).toEqual(
      expect.arrayContaining(['Sales assistant', 'Support assistant']),
    );
    expect(await tether().getPipeline()).toMatchObject({ name: 'Sales', isDefault: true });
    expect(await tether().getPipeline({ type: 'Contact', id: '65f0000000000000000000d2' })).toMatchObject({
      name: 'Partners',
    });
  });

  it('webchats: upload an icon, create, list, update, delete (404 = already gone)', async () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);
    const file = await tether().upload('widget-abc123.png', png, 'image/png');
    expect(file.key).toMatch(/widget-abc123\.png$/);

    const [prompt] = await tether().listPrompts();
    const created = await tether().createWebchat({
      name: 'Marketing site widget',
      backgroundColor: '#FFFFFF',
      primaryColor: '#1F2937',
      secondaryColor: '#3B82F6',
      promptId: prompt!._id,
      allowedDomains: ['https://example.com'],
      initialStage: 'new',
      icon: file.key,
    });
    expect(created).toMatchObject({ name: 'Marketing site widget', allowedDomains: ['https://example.com'] });
    expect(created.icon).toContain('widget-abc123.png');
    expect((await tether().listWebchats()).map((w) => w._id)).toContain(created._id);

    const updated = await tether().updateWebchat(created._id, { starterMessage: 'Hi!' });
    expect(updated).toMatchObject({ _id: created._id, starterMessage: 'Hi!', name: 'Marketing site widget' });

    await expect(tether().deleteWebchat(created._id)).resolves.toBe(true);
    await expect(tether().deleteWebchat(created._id)).resolves.toBe(false);
  });

  it('a create answered 429 with Retry-After waits as told and creates exactly once', async () => {
    emu.control.setFaults({
      seed: 3,
      rules: [{ vendor: 'tether', method: 'POST', rate_429_retry_after: 1, retry_after_s: 2, times: 1 }],
    });
    const [prompt] = await tether().listPrompts();
    const before = (await tether().listWebchats()).length;
    const created = await tether().createWebchat({
      name: 'Retry-After widget',
      backgroundColor: '#FFFFFF',
      primaryColor: '#000000',
      secondaryColor: '#111111',
      promptId: prompt!._id,
      allowedDomains: [],
      initialStage: 'new',
    });
    expect(sleeps).toEqual([2000]);
    expect((await tether().listWebchats()).length).toBe(before + 1);
    await tether().deleteWebchat(created._id);
  });

  it('email + password logs in once, lazily', async () => {
    const client = new TetherClient(
      { url: emu.urls.tether, email: 'admin@acme.test', password: 'demo-tether-password' },
      options,
    );
    try {
      await client.listPrompts();
      await client.listWebchats();
      const paths = emu.control.requests({ vendor: 'tether' }).map((r) => `${r.method} ${r.path}`);
      expect(paths).toEqual(['POST /api/auth/login', 'GET /api/prompts/user', 'GET /api/webchats']);
    } finally {
      await client.close();
    }
  });

  it('a wrong password is a VendorError without the password', async () => {
    const client = new TetherClient({ url: emu.urls.tether, email: 'admin@acme.test', password: 'wrong-pass-xyz' });
    try {
      const err = await errorOf(client.listWebchats());
      expect(err).toMatchObject({ status: 401, path: '/tether/api/auth/login' });
      expect((err as Error).message).not.toContain('wrong-pass-xyz');
    } finally {
      await client.close();
    }
  });
});

describe('Healthing', () => {
  const healthing = () => clients.healthing!;

  it('lists the tenant channels and updates one', async () => {
    const channels = await healthing().listChannels();
    expect(channels.map((c) => c.name).sort()).toEqual(['Site chat', 'WhatsApp backup', 'WhatsApp main']);
    const updated = await healthing().updateChannel(1, {
      assignment_mode: 'round_robin',
      business_hours: { monday: { enabled: true, start: '09:00', end: '18:00' } },
    });
    expect(updated).toMatchObject({ id: 1, assignment_mode: 'round_robin' });
  });

  it('FastAPI validation errors read as loc: msg', async () => {
    const err = await errorOf(healthing().updateChannel(1, { assignment_mode: 'bogus' }));
    expect(err).toBeInstanceOf(VendorError);
    expect((err as VendorError).status).toBe(422);
    expect((err as VendorError).vendorMessage).toMatch(/^body\.assignment_mode: /);
  });

  it('refreshes an expired access token and carries on', async () => {
    await healthing().listChannels();
    emu.control.resetRequests();
    emu.control.advanceClock(1_801_000);
    await expect(healthing().listChannels()).resolves.toHaveLength(3);
    const log = emu.control.requests({ vendor: 'healthing' }).map((r) => `${r.method} ${r.path} ${r.status}`);
    expect(log).toEqual(['GET /api/v1/channels 401', 'POST /api/v1/auth/refresh 200', 'GET /api/v1/channels 200']);
    expect(events.filter((e) => e.outcome === 'reauth')).toHaveLength(1);
  });
});
