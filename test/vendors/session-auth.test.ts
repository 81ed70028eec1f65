import type { ServerResponse } from 'node:http';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { VendorError } from '../../src/errors.js';
import { HealthingClient } from '../../src/vendors/healthing.js';
import { TetherClient } from '../../src/vendors/tether.js';
import { json, pause, startScriptServer, type Received, type ScriptServer } from './script-server.js';

let server: ScriptServer;
const closers: Array<() => Promise<void>> = [];

beforeEach(async () => {
  server = await startScriptServer();
});
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
  await server.close();
});

const PASSWORD = 'hunter2-Passw0rd';

/** A minimal Healthing auth server: numbered tokens, a switch to expire the current one. */
function fakeHealthing(opts: { refreshWorks?: boolean } = {}) {
  const state = { issued: 0, valid: new Set<string>(), logins: 0, refreshes: 0, rejectAll: false };
  const issue = (res: ServerResponse) => {
    state.issued++;
    const access = `acc-${state.issued}`;
    state.valid.add(access);
    json(res, 200, { access_token: access, refresh_token: `ref-${state.issued}`, token_type: 'bearer', expires_in: 1800 });
  };
  server.handle(async (req: Received, res) => {
    const body = req.body.length ? (JSON.parse(req.body.toString()) as Record<string, string>) : {};
    if (req.url === '/api/v1/auth/login') {
      state.logins++;
      if (body['password'] !== PASSWORD) return json(res, 401, { detail: `Incorrect password ${body['password']}` });
      return issue(res);
    }
    if (req.url === '/api/v1/auth/refresh') {
      state.refreshes++;
      await pause(20); // long enough for concurrent 401s to pile up behind one refresh
      if (opts.refreshWorks === false) return json(res, 401, { detail: 'Invalid refresh token' });
      return issue(res);
    }
    const token = req.headers.authorization?.replace('Bearer ', '') ?? '';
    if (state.rejectAll || !state.valid.has(token)) {
      return json(res, 401, { detail: 'Could not validate credentials', code: 'INVALID_CREDENTIALS' });
    }
    return json(res, 200, [{ id: 1, name: 'WhatsApp main', channel_type: 'whatsapp' }]);
  });
  return state;
}

function healthing(password = PASSWORD): HealthingClient {
  const client = new HealthingClient({ url: server.url, email: 'admin@acme.test', password });
  closers.push(() => client.close());
  return client;
}

describe('Healthing session auth', () => {
  it('logs in lazily, once', async () => {
    const state = fakeHealthing();
    const client = healthing();
    expect(server.received).toHaveLength(0);
    await client.listChannels();
    await client.listChannels();
    expect(state.logins).toBe(1);
    expect(server.received.map((r) => r.url)).toEqual(['/api/v1/auth/login', '/api/v1/channels', '/api/v1/channels']);
  });

  it('concurrent first requests share one login', async () => {
    const state = fakeHealthing();
    const client = healthing();
    await Promise.all(Array.from({ length: 5 }, () => client.listChannels()));
    expect(state.logins).toBe(1);
  });

  it('on expiry, concurrent requests share one refresh and then succeed', async () => {
    const state = fakeHealthing();
    const client = healthing();
    await client.listChannels();
    state.valid.clear();
    const results = await Promise.all(Array.from({ length: 5 }, () => client.listChannels()));
    expect(results.every((r) => r.length === 1)).toBe(true);
    expect(state.refreshes).toBe(1);
    expect(state.logins).toBe(1);
    const refresh = server.received.find((r) => r.url === '/api/v1/auth/refresh');
    expect(JSON.parse(refresh?.body.toString() ?? '')).toEqual({ refresh_token: 'ref-1' });
  });

  it('falls back to a fresh login when the refresh is refused', async () => {
    const state = fakeHealthing({ refreshWorks: false });
    const client = healthing();
    await client.listChannels();
    state.valid.clear();
    await expect(client.listChannels()).resolves.toHaveLength(1);
    expect([state.refreshes, state.logins]).toEqual([1, 2]);
  });

  it('a 401 that persists after renewal is a VendorError with the vendor message', async () => {
    const state = fakeHealthing();
    const client = healthing();
    await client.listChannels();
    // Every token is refused from now on, even freshly issued ones.
    state.rejectAll = true;
    const err = await client.listChannels().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(VendorError);
    expect((err as Error).message).toBe('healthing: GET /api/v1/channels returned 401: Could not validate credentials');
  });

  it('a refused login names the endpoint and never shows the password', async () => {
    fakeHealthing();
    const wrong = 'wrong-Secret-99';
    const err = await healthing(wrong).listChannels().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(VendorError);
    expect((err as Error).message).toBe('healthing: POST /api/v1/auth/login returned 401: Incorrect password (sensitive)');
  });
});

describe('Tether auth', () => {
  function fakeTether() {
    const state = { logins: 0, valid: new Set<string>() };
    server.handle((req, res) => {
      if (req.url === '/api/auth/login') {
        state.logins++;
        const token = `jwt-${state.logins}`;
        state.valid.add(token);
        return json(res, 200, { token, user: { id: 'u1', email: 'admin@acme.test' } });
      }
      const token = req.headers.authorization?.replace('Bearer ', '') ?? '';
      if (!state.valid.has(token)) return json(res, 401, { error: 'Invalid or expired token' });
      return json(res, 200, { data: [] });
    });
    return state;
  }

  it('email + password: logs in once lazily, and once more after a 401', async () => {
    const state = fakeTether();
    const client = new TetherClient({ url: server.url, email: 'admin@acme.test', password: PASSWORD });
    closers.push(() => client.close());
    await client.listWebchats();
    await client.listWebchats();
    expect(state.logins).toBe(1);
    state.valid.clear();
    await client.listWebchats();
    expect(state.logins).toBe(2);
  });

  it('a static token is sent as is and a 401 is final', async () => {
    const state = fakeTether();
    state.valid.add('static-token');
    const client = new TetherClient({ url: server.url, token: 'static-token' });
    closers.push(() => client.close());
    await client.listWebchats();
    state.valid.clear();
    await expect(client.listWebchats()).rejects.toThrow('tether: GET /api/webchats returned 401: Invalid or expired token');
    expect(state.logins).toBe(0);
    expect(server.received.filter((r) => r.url === '/api/webchats')).toHaveLength(2);
  });
});
