import { request } from 'undici';
import { describe, expect, it } from 'vitest';
import type { Fixtures } from '../../src/emulator/contract.js';
import { defaultFixtures } from '../../src/emulator/fixtures-demo.js';
import type { RunningEmulator } from '../../src/emulator/index.js';
import { bearerCall, trackEmulators, type Reply } from './harness.js';

const launch = trackEmulators();
const start = (fixtures?: Partial<Fixtures>) => launch(fixtures ? { fixtures } : {});
const api = (emu: RunningEmulator, method: string, path: string, token?: string, body?: unknown, rawBody?: string): Promise<Reply> =>
  bearerCall(emu.urls.healthing, method, path, token, body, rawBody);

async function login(emu: RunningEmulator, email = 'admin@acme.test'): Promise<{ access_token: string; refresh_token: string }> {
  const res = await api(emu, 'POST', '/api/v1/auth/login', undefined, { email, password: 'demo-healthing-password' });
  expect(res.status).toBe(200);
  return res.body;
}

const INVALID = { detail: 'Could not validate credentials', code: 'INVALID_CREDENTIALS' };

const RESPONSE_KEYS = [
  'assignment_mode',
  'auto_reply_enabled',
  'business_hours_enabled',
  'channel_type',
  'config',
  'created_at',
  'id',
  'is_active',
  'is_default',
  'name',
  'sla_enabled',
  'status',
  'total_conversations',
  'total_messages_received',
  'total_messages_sent',
  'updated_at',
];

const WEEK = {
  monday: { enabled: true, start: '09:00', end: '18:00' },
  tuesday: { enabled: true, start: '09:00', end: '18:00' },
  wednesday: { enabled: false, start: '09:00', end: '18:00' },
  thursday: null,
  friday: null,
  saturday: null,
  sunday: null,
};

function storedChannel(emu: RunningEmulator, id: number): { business_hours: unknown; assignment_mode: unknown } {
  const state = emu.control.state() as { healthing: { channels: Array<{ id: number; business_hours: unknown; assignment_mode: unknown }> } };
  return state.healthing.channels.find((c) => c.id === id)!;
}

describe('healthing auth', () => {
  it('logs in, tells who the user is, and refuses missing or bad tokens', async () => {
    const emu = await start();
    const res = await api(emu, 'POST', '/api/v1/auth/login', undefined, {
      email: 'admin@acme.test',
      password: 'demo-healthing-password',
    });
    expect(res.body).toEqual({
      access_token: expect.any(String),
      refresh_token: expect.any(String),
      token_type: 'bearer',
      expires_in: 1800,
    });
    const me = await api(emu, 'GET', '/api/v1/auth/me', res.body.access_token);
    expect(me.body).toEqual({
      id: 1,
      email: 'admin@acme.test',
      full_name: 'Ada Admin',
      tenant_id: 1,
      role: 'admin',
      is_active: true,
      created_at: expect.stringMatching(/Z$/),
    });
    for (const token of [undefined, 'nope', res.body.refresh_token]) {
      const denied = await api(emu, 'GET', '/api/v1/channels', token);
      expect(denied.status).toBe(401);
      expect(denied.body).toEqual(INVALID);
      expect(denied.headers.get('www-authenticate')).toBe('Bearer');
    }
  });

  it('refuses bad credentials and validates the login body', async () => {
    const emu = await start();
    const wrong = await api(emu, 'POST', '/api/v1/auth/login', undefined, { email: 'admin@acme.test', password: 'nope' });
    expect(wrong.status).toBe(401);
    const missing = await api(emu, 'POST', '/api/v1/auth/login', undefined, { email: 'admin@acme.test' });
    expect(missing.status).toBe(422);
    expect(missing.body.detail).toEqual([
      { type: 'missing', loc: ['body', 'password'], msg: 'Field required', input: { email: 'admin@acme.test' } },
    ]);
  });

  it('expires access tokens on the emulator clock and refreshes with rotation', async () => {
    const emu = await start();
    const tokens = await login(emu);
    emu.control.advanceClock(1799 * 1000);
    expect((await api(emu, 'GET', '/api/v1/channels', tokens.access_token)).status).toBe(200);
    emu.control.advanceClock(2000);
    expect(await api(emu, 'GET', '/api/v1/channels', tokens.access_token)).toMatchObject({ status: 401, body: INVALID });

    const refreshed = await api(emu, 'POST', '/api/v1/auth/refresh', undefined, { refresh_token: tokens.refresh_token });
    expect(refreshed.status).toBe(200);
    expect(refreshed.body.token_type).toBe('bearer');
    expect(refreshed.body.refresh_token).not.toBe(tokens.refresh_token);
    expect((await api(emu, 'GET', '/api/v1/channels', refreshed.body.access_token)).status).toBe(200);
    // The used refresh token is spent.
    const reused = await api(emu, 'POST', '/api/v1/auth/refresh', undefined, { refresh_token: tokens.refresh_token });
    expect(reused).toMatchObject({ status: 401, body: INVALID });
    expect((await api(emu, 'POST', '/api/v1/auth/refresh', undefined, {})).status).toBe(422);

    emu.control.advanceClock(8 * 24 * 3600 * 1000);
    const stale = await api(emu, 'POST', '/api/v1/auth/refresh', undefined, { refresh_token: refreshed.body.refresh_token });
    expect(stale.status).toBe(401);
  });

  it('honours a configured token lifetime', async () => {
    const fixtures = defaultFixtures();
    fixtures.healthing.access_token_lifetime_s = 60;
    const emu = await start({ healthing: fixtures.healthing });
    const tokens = await login(emu);
    const res = await api(emu, 'POST', '/api/v1/auth/login', undefined, { email: 'admin@acme.test', password: 'demo-healthing-password' });
    expect(res.body.expires_in).toBe(60);
    emu.control.advanceClock(61_000);
    expect((await api(emu, 'GET', '/api/v1/auth/me', tokens.access_token)).status).toBe(401);
  });

  it('revokes refresh tokens on logout', async () => {
    const emu = await start();
    const kept = await login(emu);
    const named = await login(emu);
    expect((await api(emu, 'POST', '/api/v1/auth/logout', named.access_token, { refresh_token: named.refresh_token })).status).toBe(200);
    expect((await api(emu, 'POST', '/api/v1/auth/refresh', undefined, { refresh_token: named.refresh_token })).status).toBe(401);
    const rotated = await api(emu, 'POST', '/api/v1/auth/refresh', undefined, { refresh_token: kept.refresh_token });
    expect(rotated.status).toBe(200);

    const tokens = await login(emu);
    const out = await api(emu, 'POST', '/api/v1/auth/logout', tokens.access_token);
    expect(out.status).toBe(200);
    expect((await api(emu, 'POST', '/api/v1/auth/refresh', undefined, { refresh_token: tokens.refresh_token })).status).toBe(401);
    expect((await api(emu, 'POST', '/api/v1/auth/logout')).status).toBe(401);
  });
});

describe('healthing channels', () => {
  it("lists the tenant's channels as a bare array of ChannelResponse", async () => {
    const emu = await start();
    const { access_token } = await login(emu);
    const res = await api(emu, 'GET', '/api/v1/channels', access_token);
    expect(res.status).toBe(200);
    expect(res.body.map((c: { id: number; name: string }) => [c.id, c.name])).toEqual([
      [1, 'WhatsApp main'],
      [2, 'Site chat'],
      [3, 'WhatsApp backup'],
    ]);
    for (const channel of res.body) expect(Object.keys(channel).sort()).toEqual(RESPONSE_KEYS);
    expect(res.body[0]).toMatchObject({
      channel_type: 'whatsapp',
      status: 'connected',
      config: {},
      is_active: true,
      is_default: false,
      auto_reply_enabled: false,
      business_hours_enabled: false,
      assignment_mode: null,
      total_conversations: 0,
    });
    expect(res.body[2]).toMatchObject({ status: 'disconnected', is_active: false });
    const other = await login(emu, 'admin@other.test');
    const theirs = await api(emu, 'GET', '/api/v1/channels', other.access_token);
    expect(theirs.body.map((c: { id: number }) => c.id)).toEqual([4]);
  });

  it('gets one channel, 404 for unknown or foreign ids, 422 for non-integers', async () => {
    const emu = await start();
    const { access_token } = await login(emu);
    expect((await api(emu, 'GET', '/api/v1/channels/2', access_token)).body).toMatchObject({ id: 2, name: 'Site chat' });
    for (const id of [4, 99]) {
      expect(await api(emu, 'GET', `/api/v1/channels/${id}`, access_token)).toMatchObject({
        status: 404,
        body: { detail: 'Channel not found' },
      });
    }
    const bad = await api(emu, 'GET', '/api/v1/channels/two', access_token);
    expect(bad.status).toBe(422);
    expect(bad.body.detail[0]).toMatchObject({ type: 'int_parsing', loc: ['path', 'channel_id'], input: 'two' });
  });

  it('stores business_hours without ever returning them, and derives business_hours_enabled', async () => {
    const emu = await start();
    const { access_token } = await login(emu);
    const put = await api(emu, 'PUT', '/api/v1/channels/1', access_token, {
      business_hours: WEEK,
      assignment_mode: 'round_robin',
      name: 'ignored',
    });
    expect(put.status).toBe(200);
    expect(Object.keys(put.body).sort()).toEqual(RESPONSE_KEYS);
    expect(put.body).toMatchObject({ name: 'WhatsApp main', assignment_mode: 'round_robin', business_hours_enabled: true });
    expect(JSON.stringify(put.body)).not.toContain('09:00');
    const got = await api(emu, 'GET', '/api/v1/channels/1', access_token);
    expect(got.body).toEqual(put.body);
    expect(storedChannel(emu, 1).business_hours).toEqual(WEEK);

    // Omitted keys stay untouched.
    await api(emu, 'PUT', '/api/v1/channels/1', access_token, { assignment_mode: 'manual' });
    expect(storedChannel(emu, 1)).toMatchObject({ business_hours: WEEK, assignment_mode: 'manual' });

    // A partial week replaces the whole object.
    const disabled = await api(emu, 'PUT', '/api/v1/channels/1', access_token, {
      business_hours: { tuesday: { enabled: 'no' } },
    });
    expect(disabled.body.business_hours_enabled).toBe(false);
    expect(storedChannel(emu, 1).business_hours).toEqual({
      monday: null,
      tuesday: { enabled: false },
      wednesday: null,
      thursday: null,
      friday: null,
      saturday: null,
      sunday: null,
    });

    // Explicit null clears.
    const cleared = await api(emu, 'PUT', '/api/v1/channels/1', access_token, { business_hours: null, assignment_mode: null });
    expect(cleared.body).toMatchObject({ assignment_mode: null, business_hours_enabled: false });
    expect(storedChannel(emu, 1).business_hours).toBeNull();
  });

  it('bumps updated_at on update', async () => {
    const emu = await start();
    const { access_token } = await login(emu);
    const before = (await api(emu, 'GET', '/api/v1/channels/2', access_token)).body;
    emu.control.advanceClock(60_000);
    const after = (await api(emu, 'PUT', '/api/v1/channels/2', access_token, { assignment_mode: 'load_balanced' })).body;
    expect(Date.parse(after.updated_at)).toBeGreaterThanOrEqual(Date.parse(before.updated_at) + 60_000);
    expect(after.created_at).toBe(before.created_at);
  });

  it('answers pydantic-v2 style 422s and changes nothing', async () => {
    const emu = await start();
    const { access_token } = await login(emu);
    const res = await api(emu, 'PUT', '/api/v1/channels/x1', access_token, {
      assignment_mode: 'random',
      business_hours: { monday: { enabled: 'maybe', start: 9, end: null }, tuesday: 'closed', wednesday: { enabled: [] } },
    });
    expect(res.status).toBe(422);
    expect(res.body.detail).toEqual([
      {
        type: 'int_parsing',
        loc: ['path', 'channel_id'],
        msg: 'Input should be a valid integer, unable to parse string as an integer',
        input: 'x1',
      },
      {
        type: 'enum',
        loc: ['body', 'assignment_mode'],
        msg: "Input should be 'manual', 'round_robin' or 'load_balanced'",
        input: 'random',
        ctx: { expected: "'manual', 'round_robin' or 'load_balanced'" },
      },
      {
        type: 'bool_parsing',
        loc: ['body', 'business_hours', 'monday', 'enabled'],
        msg: 'Input should be a valid boolean, unable to interpret input',
        input: 'maybe',
      },
      { type: 'string_type', loc: ['body', 'business_hours', 'monday', 'start'], msg: 'Input should be a valid string', input: 9 },
      { type: 'string_type', loc: ['body', 'business_hours', 'monday', 'end'], msg: 'Input should be a valid string', input: null },
      {
        type: 'model_attributes_type',
        loc: ['body', 'business_hours', 'tuesday'],
        msg: 'Input should be a valid dictionary or object to extract fields from',
        input: 'closed',
      },
      { type: 'bool_type', loc: ['body', 'business_hours', 'wednesday', 'enabled'], msg: 'Input should be a valid boolean', input: [] },
    ]);

    const notObject = await api(emu, 'PUT', '/api/v1/channels/1', access_token, ['manual']);
    expect(notObject.body.detail).toEqual([
      {
        type: 'model_attributes_type',
        loc: ['body'],
        msg: 'Input should be a valid dictionary or object to extract fields from',
        input: ['manual'],
      },
    ]);
    const hoursNotObject = await api(emu, 'PUT', '/api/v1/channels/1', access_token, { business_hours: 'always' });
    expect(hoursNotObject.body.detail[0]).toMatchObject({ type: 'model_attributes_type', loc: ['body', 'business_hours'] });
    const missing = await api(emu, 'PUT', '/api/v1/channels/1', access_token);
    expect(missing.body.detail).toEqual([{ type: 'missing', loc: ['body'], msg: 'Field required', input: null }]);
    const mode = await api(emu, 'PUT', '/api/v1/channels/1', access_token, { assignment_mode: 3 });
    expect(mode.body.detail[0]).toMatchObject({ type: 'enum', input: 3 });

    expect(storedChannel(emu, 1)).toMatchObject({ business_hours: null, assignment_mode: null });
  });

  it('decodes broken JSON before auth, and checks auth before validation', async () => {
    const emu = await start();
    const broken = await api(emu, 'PUT', '/api/v1/channels/1', undefined, undefined, '{"assignment_mode": ');
    expect(broken.status).toBe(422);
    expect(broken.body.detail[0]).toMatchObject({ type: 'json_invalid', loc: ['body', expect.any(Number)], msg: 'JSON decode error' });
    const noToken = await api(emu, 'PUT', '/api/v1/channels/abc', undefined, { assignment_mode: 'bogus' });
    expect(noToken).toMatchObject({ status: 401, body: INVALID });
    // Endpoints without a body parameter never read the body.
    const { access_token } = await login(emu);
    const list = await request(`${emu.urls.healthing}/api/v1/channels`, {
      method: 'GET',
      headers: { authorization: `Bearer ${access_token}`, 'content-type': 'application/json' },
      body: '{broken',
    });
    expect(list.statusCode).toBe(200);
    expect(await list.body.json()).toHaveLength(3);
  });

  it("cannot touch another tenant's channel", async () => {
    const emu = await start();
    const { access_token } = await login(emu);
    const res = await api(emu, 'PUT', '/api/v1/channels/4', access_token, { assignment_mode: 'manual' });
    expect(res).toMatchObject({ status: 404, body: { detail: 'Channel not found' } });
    expect(storedChannel(emu, 4).assignment_mode).toBeNull();
  });

  it('has no create or delete routes', async () => {
    const emu = await start();
    const { access_token } = await login(emu);
    const create = await api(emu, 'POST', '/api/v1/channels', access_token, { name: 'New', channel_type: 'whatsapp' });
    expect(create).toMatchObject({ status: 405, body: { detail: 'Method Not Allowed' } });
    expect(create.headers.get('allow')).toBe('GET');
    const del = await api(emu, 'DELETE', '/api/v1/channels/1', access_token);
    expect(del.status).toBe(405);
    expect(del.headers.get('allow')).toBe('GET, PUT');
    expect((await api(emu, 'GET', '/api/v1/auth/login')).status).toBe(405);
    expect(await api(emu, 'GET', '/api/v1/nothing', access_token)).toMatchObject({ status: 404, body: { detail: 'Not Found' } });
    expect((await api(emu, 'GET', '/api/v1/channels', access_token)).body).toHaveLength(3);
  });
});
