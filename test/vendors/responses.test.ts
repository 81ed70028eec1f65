import { describe, expect, it } from 'vitest';
import { AmbiguousWriteError, VendorError } from '../../src/errors.js';
import { useScriptServer, type Harness } from './core-harness.js';
import { json } from './script-server.js';

const vendor = useScriptServer();
let h: Harness | undefined;

async function failure(p: Promise<unknown>): Promise<VendorError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(VendorError);
  return err as VendorError;
}

describe('response bodies', () => {
  it('an empty 200 with a JSON content type is fine (Rails head :ok)', async () => {
    vendor.server.handle((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
      res.end();
    });
    h = vendor.harness();
    await expect(h.http.request({ method: 'DELETE', path: '/portals/x' })).resolves.toMatchObject({
      status: 200,
      body: undefined,
    });
  });

  it.each([
    ['HTML under a JSON content type', '<html>oops</html>'],
    ['a truncated JSON document', '{"payload": [{"id": 1, "na'],
  ])('%s is a clear VendorError, not retried', async (_what, text) => {
    vendor.server.handle((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(text);
    });
    h = vendor.harness();
    const err = await failure(h.http.request({ method: 'GET', path: '/portals' }));
    expect(err.message).toBe('tether: GET /portals returned 200: invalid JSON in response');
    expect(vendor.server.received).toHaveLength(1);
    expect(h.events.map(({ status, outcome, error }) => ({ status, outcome, error }))).toEqual([{ status: 200, outcome: 'error', error: 'invalid JSON in response' }]);
  });

  it('a 2xx body that is not JSON at all names its content type', async () => {
    vendor.server.handle((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<html>login</html>');
    });
    h = vendor.harness();
    const err = await failure(h.http.request({ method: 'GET', path: '/a' }));
    expect(err.vendorMessage).toBe('expected JSON, got text/html');
  });

  it('an unreadable answer to a create is ambiguous (it did commit, but what?)', async () => {
    vendor.server.handle((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"id": ');
    });
    h = vendor.harness();
    const err = await failure(h.http.request({ method: 'POST', path: '/a', json: {} }));
    expect(err).toBeInstanceOf(AmbiguousWriteError);
  });

  it.each([
    ['with a content-length', true],
    ['chunked', false],
  ])('a body larger than maxResponseBytes fails clearly (%s)', async (_what, withLength) => {
    const big = JSON.stringify({ data: 'x'.repeat(5000) });
    vendor.server.handle((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', ...(withLength ? { 'content-length': String(big.length) } : {}) });
      if (withLength) res.end(big);
      else {
        res.write(big.slice(0, 2500));
        res.end(big.slice(2500));
      }
    });
    h = vendor.harness({ maxResponseBytes: 1000 });
    const err = await failure(h.http.request({ method: 'GET', path: '/a' }));
    expect(err.vendorMessage).toBe('response larger than 1000 bytes');
    // The pool is still usable afterwards.
    vendor.server.handle((_req, res) => json(res, 200, { ok: true }));
    await expect(h.http.request({ method: 'GET', path: '/a' })).resolves.toMatchObject({ body: { ok: true } });
  });

  it('a plain-text error body becomes the message (Chatwoot 429 "Retry later")', async () => {
    vendor.server.handle((_req, res) => {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('Retry later\n');
    });
    h = vendor.harness();
    const err = await failure(h.http.request({ method: 'GET', path: '/a', query: { page: '2' } }));
    expect(err.message).toBe('tether: GET /a returned 404: Retry later');
  });

  it('an empty error body still says something', async () => {
    vendor.server.handle((_req, res) => {
      res.writeHead(418);
      res.end();
    });
    h = vendor.harness();
    const err = await failure(h.http.request({ method: 'GET', path: '/a' }));
    expect(err.vendorMessage).toBe('HTTP 418');
  });

  it('accepted non-2xx statuses are returned to the caller', async () => {
    vendor.server.handle((_req, res) => json(res, 404, { message: 'gone' }));
    h = vendor.harness();
    await expect(h.http.request({ method: 'DELETE', path: '/a', accept: [404] })).resolves.toMatchObject({
      status: 404,
      body: { message: 'gone' },
    });
  });
});

describe('requests', () => {
  it('keeps the base URL path prefix, sends the query string, JSON body and headers', async () => {
    vendor.server.handle((_req, res) => json(res, 200, {}));
    h = vendor.harnessAt(`${vendor.server.url}/tether/`);
    await h.http.request({ method: 'POST', path: '/api/x', query: { type: 'Contact', skip: undefined }, json: { a: 1 } });
    const [req] = vendor.server.received;
    expect(req?.url).toBe('/tether/api/x?type=Contact');
    expect(req?.headers['content-type']).toBe('application/json');
    expect(req?.headers['accept']).toBe('application/json');
    expect(JSON.parse(req?.body.toString() ?? '')).toEqual({ a: 1 });
  });

  it('reuses keep-alive connections for sequential requests', async () => {
    const ports = new Set<number>();
    vendor.server.handle((_req, res) => {
      ports.add(res.socket?.remotePort ?? 0);
      json(res, 200, {});
    });
    h = vendor.harness();
    for (let i = 0; i < 8; i++) await h.http.request({ method: 'GET', path: '/a' });
    // undici may open a second socket while the first is being released; never one per request.
    expect(ports.size).toBeLessThanOrEqual(2);
  });

  it('emits one event per attempt, without bodies or headers', async () => {
    vendor.server.handle((_req, res, n) => (n === 1 ? json(res, 502, { message: 'bad gateway' }) : json(res, 200, {})));
    h = vendor.harness();
    await h.http.request({ method: 'GET', path: '/a', query: { q: 'secret-ish' } });
    expect(h.events).toHaveLength(2);
    expect(Object.keys(h.events[0] ?? {}).sort()).toEqual(
      ['attempt', 'durationMs', 'error', 'level', 'method', 'outcome', 'path', 'status', 'type', 'vendor'].sort(),
    );
    expect(h.events[0]).toMatchObject({ type: 'http.attempt', level: 'debug', vendor: 'tether', method: 'GET', path: '/a', status: 502, attempt: 1, outcome: 'retry' });
    expect(h.events[1]).toMatchObject({ status: 200, attempt: 2, outcome: 'ok' });
    expect(h.events[1]?.durationMs).toBeGreaterThanOrEqual(0);
  });
});

describe('timeouts', () => {
  it('a GET that never gets headers fails with a timeout after its attempts, no hang', async () => {
    vendor.server.handle(() => undefined);
    h = vendor.harness({ headersTimeoutMs: 50, retry: { maxAttempts: 2 } });
    const err = await failure(h.http.request({ method: 'GET', path: '/slow' }));
    expect(err.status).toBeUndefined();
    expect(err.message).toBe(`tether: GET /slow failed: timed out after 50 ms waiting for the response (${new URL(vendor.server.url).host})`);
    expect(vendor.server.received).toHaveLength(2);
  });

  it('a body that stalls mid-way times out', async () => {
    vendor.server.handle((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"data": [');
    });
    h = vendor.harness({ bodyTimeoutMs: 50, retry: { maxAttempts: 1 } });
    const err = await failure(h.http.request({ method: 'GET', path: '/slow' }));
    expect(err.vendorMessage).toBe(`timed out after 50 ms reading the response body (${new URL(vendor.server.url).host})`);
  });
});
