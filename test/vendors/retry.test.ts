import { describe, expect, it } from 'vitest';
import { AmbiguousWriteError, VendorError } from '../../src/errors.js';
import { CANARY, useScriptServer, type Harness } from './core-harness.js';
import { json } from './script-server.js';

const vendor = useScriptServer();
let h: Harness | undefined;

describe('idempotent requests', () => {
  it.each([429, 502, 503, 504])('GET is retried on %i until it succeeds', async (status) => {
    vendor.server.handle((_req, res, n) => (n <= 2 ? json(res, status, { message: 'busy' }) : json(res, 200, { ok: true })));
    h = vendor.harness({ retry: { baseDelayMs: 100 } });
    const res = await h.http.request({ method: 'GET', path: '/things' });
    expect(res.body).toEqual({ ok: true });
    expect(vendor.server.received).toHaveLength(3);
    // Full jitter with random() = 0.5: half of base·2^(n-1).
    expect(h.sleeps).toEqual([50, 100]);
    expect(h.http.metrics()).toMatchObject({ requests: 3, retries: 2, throttled: status === 429 ? 2 : 0 });
    expect(h.waits).toEqual([
      { type: 'http.wait', level: 'debug', vendor: 'tether', method: 'GET', path: '/things', reason: 'retry', waitMs: 50, attempt: 2 },
      { type: 'http.wait', level: 'debug', vendor: 'tether', method: 'GET', path: '/things', reason: 'retry', waitMs: 100, attempt: 3 },
    ]);
  });

  it('PUT is retried after a connection reset', async () => {
    vendor.server.handle((_req, res, n) => {
      if (n === 1) res.socket?.destroy();
      else json(res, 200, { id: 1 });
    });
    h = vendor.harness();
    const res = await h.http.request({ method: 'PUT', path: '/things/1', json: { name: 'x' } });
    expect(res.body).toEqual({ id: 1 });
    expect(vendor.server.received).toHaveLength(2);
    expect(h.events.map((e) => [e.attempt, e.outcome, e.status, e.error])).toEqual([
      [1, 'retry', undefined, `connection reset (${new URL(vendor.server.url).host})`],
      [2, 'ok', 200, undefined],
    ]);
  });

  it('gives up after maxAttempts with the last status and vendor message', async () => {
    vendor.server.handle((_req, res) => json(res, 503, { message: 'maintenance window' }));
    h = vendor.harness({ retry: { maxAttempts: 3 } });
    const err = await h.http.request({ method: 'DELETE', path: '/things/1' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(VendorError);
    expect(err).not.toBeInstanceOf(AmbiguousWriteError);
    expect((err as VendorError).message).toBe('tether: DELETE /things/1 returned 503: maintenance window');
    expect(vendor.server.received).toHaveLength(3);
  });

  it('does not retry a 500 or a 4xx', async () => {
    vendor.server.handle((_req, res, n) => json(res, n === 1 ? 500 : 400, { error: 'nope' }));
    h = vendor.harness();
    await expect(h.http.request({ method: 'GET', path: '/a' })).rejects.toMatchObject({ status: 500 });
    await expect(h.http.request({ method: 'GET', path: '/a' })).rejects.toMatchObject({ status: 400, vendorMessage: 'nope' });
    expect(vendor.server.received).toHaveLength(2);
  });
});

describe('Retry-After', () => {
  it('waits the number of seconds the server asks for', async () => {
    vendor.server.handle((_req, res, n) =>
      n === 1 ? json(res, 429, { message: 'slow down' }, { 'retry-after': '7' }) : json(res, 200, {}),
    );
    h = vendor.harness();
    await h.http.request({ method: 'GET', path: '/a' });
    expect(h.sleeps).toEqual([7000]);
  });

  it('waits until an HTTP-date, measured on the injected clock', async () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    vendor.server.handle((_req, res, n) =>
      n === 1
        ? json(res, 503, {}, { 'retry-after': new Date(now + 3000).toUTCString() })
        : json(res, 200, {}),
    );
    h = vendor.harness({ now: () => now });
    await h.http.request({ method: 'GET', path: '/a' });
    expect(h.sleeps).toEqual([3000]);
  });

  it('caps a long Retry-After at maxRetryAfterMs', async () => {
    vendor.server.handle((_req, res, n) => (n === 1 ? json(res, 429, {}, { 'retry-after': '3600' }) : json(res, 200, {})));
    h = vendor.harness({ retry: { maxRetryAfterMs: 5000 } });
    await h.http.request({ method: 'GET', path: '/a' });
    expect(h.sleeps).toEqual([5000]);
  });

  it('uses real waits when no sleep is injected (ms-scale settings)', async () => {
    vendor.server.handle((_req, res, n) => (n < 3 ? json(res, 429, {}) : json(res, 200, { done: true })));
    h = vendor.harness({ retry: { baseDelayMs: 5 }, sleep: undefined });
    await expect(h.http.request({ method: 'GET', path: '/a' })).resolves.toMatchObject({ body: { done: true } });
    expect(h.http.metrics().retries).toBe(2);
  });
});

describe('creates (POST) are never blindly retried', () => {
  it.each([500, 502, 503, 504])('a %i answer is ambiguous after exactly one attempt', async (status) => {
    vendor.server.handle((_req, res) => json(res, status, { message: 'upstream failed' }));
    h = vendor.harness();
    const err = await h.http.request({ method: 'POST', path: '/things', json: { name: 'a' } }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AmbiguousWriteError);
    expect((err as AmbiguousWriteError).status).toBe(status);
    expect((err as Error).message).toContain('re-read before retrying');
    expect(vendor.server.received).toHaveLength(1);
    expect(h.http.metrics().ambiguous).toBe(1);
  });

  it('a reset after sending is ambiguous after exactly one attempt', async () => {
    vendor.server.handle((_req, res) => {
      res.socket?.destroy();
    });
    h = vendor.harness();
    const err = await h.http.request({ method: 'POST', path: '/things', json: {} }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AmbiguousWriteError);
    expect(err).toMatchObject({ status: undefined, method: 'POST', path: '/things' });
    expect((err as Error).message).toBe(`tether: POST /things failed: connection reset (${new URL(vendor.server.url).host}) (the write may have been applied; re-read before retrying)`);
    expect(vendor.server.received).toHaveLength(1);
  });

  it('a response timeout is ambiguous', async () => {
    vendor.server.handle(() => undefined); // never answers
    h = vendor.harness({ headersTimeoutMs: 100 });
    const err = await h.http.request({ method: 'POST', path: '/things', json: {} }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AmbiguousWriteError);
    expect((err as Error).message).toContain(`timed out after 100 ms waiting for the response (${new URL(vendor.server.url).host})`);
    expect(vendor.server.received).toHaveLength(1);
  });

  it('a 429 is retried: the server refused before doing anything', async () => {
    vendor.server.handle((_req, res, n) => (n === 1 ? json(res, 429, { message: 'later' }) : json(res, 201, { id: 'x' })));
    h = vendor.harness();
    const res = await h.http.request({ method: 'POST', path: '/things', json: {} });
    expect(res).toMatchObject({ status: 201, body: { id: 'x' } });
    expect(vendor.server.received).toHaveLength(2);
  });

  it('a refused connection is retried, then reported as a plain VendorError', async () => {
    const closedUrl = vendor.server.url;
    await vendor.server.close();
    h = vendor.harnessAt(closedUrl, { retry: { maxAttempts: 2 } });
    const err = await h.http.request({ method: 'POST', path: '/things', json: {} }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(VendorError);
    expect(err).not.toBeInstanceOf(AmbiguousWriteError);
    expect((err as Error).message).toBe(`tether: POST /things failed: connection refused (${new URL(closedUrl).host})`);
    expect(h.events.map((e) => e.outcome)).toEqual(['retry', 'error']);
  });

  it('names the host and port of a failed connection, never the credentials or the query string', async () => {
    const closed = new URL(vendor.server.url);
    await vendor.server.close();
    h = vendor.harnessAt(`http://user:${CANARY}@localhost:${closed.port}/base`, { retry: { maxAttempts: 1 } });
    const err = await h.http.request({ method: 'GET', path: '/things', query: { api_key: CANARY } }).catch((e: unknown) => e);
    expect((err as Error).message).toBe(`tether: GET /base/things failed: connection refused (localhost:${closed.port})`);
    expect(h.events.map((e) => e.error)).toEqual([`connection refused (localhost:${closed.port})`]);
  });

  it('a POST marked idempotent (login, upload) is retried on 503', async () => {
    vendor.server.handle((_req, res, n) => (n === 1 ? json(res, 503, {}) : json(res, 200, { token: 't' })));
    h = vendor.harness();
    await h.http.request({ method: 'POST', path: '/login', json: {}, idempotent: true });
    expect(vendor.server.received).toHaveLength(2);
  });
});
