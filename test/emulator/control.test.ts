import { describe, expect, it } from 'vitest';
import { runEmulatorCli } from '../../src/emulator/cli.js';
import type { RequestLogEntry, RunningEmulator } from '../../src/emulator/index.js';
import { healthingToken, TETHER_ADMIN, trackEmulators } from './harness.js';

const start = trackEmulators();

async function call(emu: RunningEmulator, method: string, path: string, body?: unknown) {
  const res = await fetch(`${emu.url}/_emulator${path}`, {
    method,
    ...(body !== undefined ? { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as unknown) : undefined };
}

const CW = { 'api-access-token': 'demo-chatwoot-admin-token', 'content-type': 'application/json' };
const TETHER = TETHER_ADMIN;

describe('control surface', () => {
  it('shows every vendor state, including write-only Healthing business hours', async () => {
    const emu = await start();
    const token = await healthingToken(emu);
    const hours = { monday: { enabled: true, start: '08:00', end: '12:00' }, sunday: null };
    await fetch(`${emu.urls.healthing}/api/v1/channels/2`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ business_hours: hours }),
    });
    const { status, body } = await call(emu, 'GET', '/state');
    expect(status).toBe(200);
    const state = body as Record<string, { channels?: Array<{ id: number; business_hours: unknown }> }>;
    expect(Object.keys(state).sort()).toEqual(['chatwoot', 'healthing', 'tether']);
    expect(state.healthing!.channels!.find((c) => c.id === 2)?.business_hours).toMatchObject({
      monday: { enabled: true, start: '08:00', end: '12:00' },
      sunday: null,
    });
    expect(emu.control.state()).toEqual(body);
  });

  it('keeps a request log that can be filtered by vendor and cleared', async () => {
    const emu = await start();
    await fetch(`${emu.urls.tether}/api/webchats`, { headers: TETHER });
    await fetch(`${emu.urls.chatwoot}/api/v1/accounts/1/inboxes`, { headers: CW });
    await call(emu, 'GET', '/state');
    const all = (await call(emu, 'GET', '/requests')).body as RequestLogEntry[];
    expect(all.map((e) => e.vendor)).toEqual(['tether', 'chatwoot', 'control']);
    expect(all[2]).toMatchObject({ method: 'GET', path: '/_emulator/state', status: 200 });
    const chatwoot = (await call(emu, 'GET', '/requests?vendor=chatwoot')).body as RequestLogEntry[];
    expect(chatwoot).toHaveLength(1);
    expect(chatwoot[0]).toMatchObject({ vendor: 'chatwoot', path: '/api/v1/accounts/1/inboxes', status: 200 });
    expect(emu.control.requests({ vendor: 'tether' })).toHaveLength(1);
    expect((await call(emu, 'GET', '/requests?vendor=zendesk')).status).toBe(400);
    expect((await call(emu, 'DELETE', '/requests')).status).toBe(200);
    expect(emu.control.requests({ vendor: 'tether' })).toEqual([]);
  });

  it('sets, shows and clears faults and rate limits over HTTP', async () => {
    const emu = await start();
    const faults = { seed: 5, rules: [{ vendor: 'tether', error_rate: 1, error_status: 500 }] };
    expect(await call(emu, 'PUT', '/faults', faults)).toEqual({ status: 200, body: faults });
    expect((await call(emu, 'GET', '/faults')).body).toEqual(faults);
    expect((await fetch(`${emu.urls.tether}/api/webchats`, { headers: TETHER })).status).toBe(500);
    expect((await call(emu, 'DELETE', '/faults')).status).toBe(200);
    expect((await fetch(`${emu.urls.tether}/api/webchats`, { headers: TETHER })).status).toBe(200);

    const bad = await call(emu, 'PUT', '/faults', { seed: 1, rules: [{ reset_rate: -1 }] });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ error: expect.stringMatching(/reset_rate/) });

    const limits = { healthing: { requests_per_second: 1, retry_after: true } };
    expect(await call(emu, 'PUT', '/rate-limits', limits)).toEqual({ status: 200, body: limits });
    await fetch(`${emu.urls.healthing}/api/v1/channels`);
    const limited = await fetch(`${emu.urls.healthing}/api/v1/channels`);
    expect(limited.status).toBe(429);
    expect(await limited.json()).toEqual({ detail: 'Too Many Requests' });
    expect(limited.headers.get('retry-after')).toBe('1');
    expect((await call(emu, 'PUT', '/rate-limits', { tether: { requests_per_second: 0 } })).status).toBe(400);
    expect((await call(emu, 'DELETE', '/rate-limits')).status).toBe(200);
    expect((await fetch(`${emu.urls.healthing}/api/v1/channels`)).status).toBe(401);
  });

  it('shares one implementation between the in-process and HTTP control', async () => {
    const emu = await start();
    emu.control.setFaults({ seed: 9, rules: [{ vendor: 'healthing', latency_ms: 1 }] });
    expect((await call(emu, 'GET', '/faults')).body).toEqual({ seed: 9, rules: [{ vendor: 'healthing', latency_ms: 1 }] });
    emu.control.setRateLimits({ chatwoot: { requests_per_second: 3 } });
    expect((await call(emu, 'GET', '/rate-limits')).body).toEqual({ chatwoot: { requests_per_second: 3 } });
    expect(() => emu.control.setFaults({ seed: 1.5, rules: [] })).toThrow(/seed/);
  });

  it('resets state, log and faults back to the fixtures', async () => {
    const emu = await start();
    await fetch(`${emu.urls.tether}/api/webchats`, {
      method: 'POST',
      headers: TETHER,
      body: JSON.stringify({
        name: 'Temp',
        backgroundColor: '#fff',
        primaryColor: '#000',
        secondaryColor: '#111',
        promptId: '65f0000000000000000000b1',
        allowedDomains: [],
        initialStage: 'new',
      }),
    });
    emu.control.setFaults({ seed: 1, rules: [{ vendor: 'chatwoot', error_rate: 1 }] });
    emu.control.setRateLimits({ tether: { requests_per_second: 1 } });
    expect((await call(emu, 'POST', '/reset')).status).toBe(200);
    // Only the reset call itself is logged after the reset.
    expect(emu.control.requests().map((e) => e.path)).toEqual(['/_emulator/reset']);
    expect((await call(emu, 'GET', '/faults')).body).toBeNull();
    const list = await fetch(`${emu.urls.tether}/api/webchats`, { headers: TETHER });
    expect(await list.json()).toEqual({ data: [] });
    expect((await fetch(`${emu.urls.chatwoot}/api/v1/accounts/1/inboxes`, { headers: CW })).status).toBe(200);
    expect((await fetch(`${emu.urls.tether}/api/webchats`, { headers: TETHER })).status).toBe(200);
  });

  it("completes Chatwoot's asynchronous inbox delete on clock advance or drain", async () => {
    const emu = await start();
    const createInbox = async (name: string) => {
      const res = await fetch(`${emu.urls.chatwoot}/api/v1/accounts/1/inboxes`, {
        method: 'POST',
        headers: CW,
        body: JSON.stringify({ name, channel: { type: 'web_widget', website_url: 'https://acme.test' } }),
      });
      return ((await res.json()) as { id: number }).id;
    };
    const visible = async (id: number) =>
      (await fetch(`${emu.urls.chatwoot}/api/v1/accounts/1/inboxes/${id}`, { headers: CW })).status === 200;

    const first = await createInbox('First');
    expect((await fetch(`${emu.urls.chatwoot}/api/v1/accounts/1/inboxes/${first}`, { method: 'DELETE', headers: CW })).status).toBe(200);
    expect(await visible(first)).toBe(true);
    const before = (await call(emu, 'GET', '/clock')).body as { now_ms: number };
    const advanced = await call(emu, 'POST', '/clock', { advance_ms: 2500 });
    expect((advanced.body as { now_ms: number }).now_ms).toBeGreaterThanOrEqual(before.now_ms + 2500);
    expect(await visible(first)).toBe(false);

    const second = await createInbox('Second');
    await fetch(`${emu.urls.chatwoot}/api/v1/accounts/1/inboxes/${second}`, { method: 'DELETE', headers: CW });
    expect(await visible(second)).toBe(true);
    expect((await call(emu, 'POST', '/jobs/drain')).status).toBe(200);
    expect(await visible(second)).toBe(false);

    expect((await call(emu, 'POST', '/clock', { advance_ms: -1 })).status).toBe(400);
    expect((await call(emu, 'POST', '/clock', {})).status).toBe(400);
  });

  it('seeds Healthing channels for one tenant only', async () => {
    const emu = await start();
    const created = await call(emu, 'POST', '/healthing/channels', {
      tenant_id: 2,
      name: 'Seeded chat',
      channel_type: 'healthing_chat',
      assignment_mode: 'manual',
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ id: 5, tenant_id: 2, name: 'Seeded chat', status: 'connected', is_active: true });
    const other = await healthingToken(emu, 'admin@other.test');
    const list = (await (
      await fetch(`${emu.urls.healthing}/api/v1/channels`, { headers: { authorization: `Bearer ${other}` } })
    ).json()) as Array<{ id: number }>;
    expect(list.map((c) => c.id)).toEqual([4, 5]);
    const acme = await healthingToken(emu);
    expect((await fetch(`${emu.urls.healthing}/api/v1/channels/5`, { headers: { authorization: `Bearer ${acme}` } })).status).toBe(404);

    expect(emu.control.seedHealthingChannel({ id: 40, tenant_id: 1, name: 'X', channel_type: 'whatsapp' })).toMatchObject({ id: 40 });
    expect((await call(emu, 'POST', '/healthing/channels', { tenant_id: 1, name: 'Y', channel_type: 'whatsapp' })).body).toMatchObject({ id: 41 });

    const unknownTenant = await call(emu, 'POST', '/healthing/channels', { tenant_id: 77, name: 'X', channel_type: 'whatsapp' });
    expect(unknownTenant).toMatchObject({ status: 400, body: { error: expect.stringMatching(/tenant_id 77/) } });
    const duplicate = await call(emu, 'POST', '/healthing/channels', { id: 1, tenant_id: 1, name: 'X', channel_type: 'whatsapp' });
    expect(duplicate).toMatchObject({ status: 400, body: { error: expect.stringMatching(/already used/) } });
    const missing = await call(emu, 'POST', '/healthing/channels', { tenant_id: 1 });
    expect(missing).toMatchObject({ status: 400, body: { error: expect.stringMatching(/name/) } });
  });

  it('lists demo credentials for every vendor', async () => {
    const emu = await start();
    const creds = (await call(emu, 'GET', '/credentials')).body as Record<string, Record<string, string>>;
    expect(creds).toEqual(emu.control.credentials());
    expect(Object.values(creds.tether!)).toContain('demo-tether-token');
    expect(Object.values(creds.healthing!)).toContain('demo-healthing-password');
    expect(Object.values(creds.chatwoot!)).toContain('demo-chatwoot-admin-token');
  });

  it('answers unknown control routes and broken bodies with clear errors', async () => {
    const emu = await start();
    const unknown = await call(emu, 'GET', '/nope');
    expect(unknown.status).toBe(404);
    expect((unknown.body as { routes: string[] }).routes).toContain('GET /_emulator/state');
    const broken = await fetch(`${emu.url}/_emulator/faults`, { method: 'PUT', body: '{nope' });
    expect(broken.status).toBe(400);
    expect((await call(emu, 'PUT', '/faults', [1])).status).toBe(400);
  });
});

describe('runEmulatorCli', () => {
  it('prints vendor URLs and demo credentials, and stops on SIGTERM', async () => {
    const lines: string[] = [];
    const done = runEmulatorCli({ port: 0 }, (line) => lines.push(line));
    for (let i = 0; i < 200 && !lines.includes('press Ctrl+C to stop'); i++) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    const output = lines.join('\n');
    const base = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output)?.[1];
    expect(base).toBeDefined();
    expect(output).toContain(`${base}/tether`);
    expect(output).toContain(`${base}/healthing`);
    expect(output).toContain(`${base}/chatwoot`);
    expect(output).toContain('demo-tether-token');
    expect((await fetch(`${base}/_emulator/state`)).status).toBe(200);
    process.emit('SIGTERM');
    await done;
    expect(lines.at(-1)).toBe('emulator stopped');
    await expect(fetch(`${base}/_emulator/state`)).rejects.toThrow();
  });
});
