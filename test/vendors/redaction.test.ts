import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { VendorError } from '../../src/errors.js';
import type { HttpMessage, HttpWaitMessage } from '../../src/vendors/http/options.js';
import { Redactor } from '../../src/util/redactor.js';
import { createClients, type VendorClients } from '../../src/vendors/index.js';
import { CANARY, harness, type Harness } from './core-harness.js';
import { json, startScriptServer, type ScriptServer } from './script-server.js';

let server: ScriptServer;
let h: Harness | undefined;
let clients: VendorClients | undefined;

beforeEach(async () => {
  server = await startScriptServer();
});
afterEach(async () => {
  await h?.http.close();
  await clients?.close();
  h = clients = undefined;
  await server.close();
});

function expectClean(text: string): void {
  expect(text).not.toContain(CANARY);
  expect(text).not.toContain(encodeURIComponent(CANARY));
}

async function errorOf(p: Promise<unknown>): Promise<VendorError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(VendorError);
  return err as VendorError;
}

describe('secrets never leak', () => {
  it('a server echoing the token in JSON, text and URL-encoded bodies is redacted in errors and events', async () => {
    const echoes = [
      (auth: string) => ({ json: { message: `token ${auth} is not valid here` } }),
      (auth: string) => ({ text: `Denied: ${auth}` }),
      () => ({ text: `token=${encodeURIComponent(CANARY)}` }),
    ];
    for (const echo of echoes) {
      server.handle((req, res) => {
        const out = echo(req.headers.authorization ?? '');
        if ('json' in out) return json(res, 403, out.json);
        res.writeHead(403, { 'content-type': 'text/plain' });
        res.end(out.text);
      });
      h = harness(server.url);
      const err = await errorOf(h.http.request({ method: 'GET', path: '/things' }));
      expect(err.message).toContain('(sensitive)');
      expectClean(err.message);
      expectClean(JSON.stringify(h.events));
      await h.http.close();
    }
  });

  it('retry events with echoed secrets are redacted too', async () => {
    server.handle((req, res, n) =>
      n === 1 ? json(res, 503, { error: `upstream saw ${req.headers.authorization}` }) : json(res, 200, {}),
    );
    h = harness(server.url);
    await h.http.request({ method: 'GET', path: '/a' });
    expect(h.events[0]?.error).toBe('upstream saw Bearer (sensitive)');
  });

  it('tokens issued at login and the password are redacted for every client', async () => {
    const issued = `issued-${CANARY}`;
    const refresh = `refresh-${CANARY}`;
    server.handle((req, res) => {
      if (req.url?.endsWith('/auth/login')) {
        return json(res, 200, { access_token: issued, refresh_token: refresh, token: issued });
      }
      return json(res, 422, { detail: `bad: ${issued} ${refresh} ${req.headers['api-access-token'] ?? ''}` });
    });
    const events: HttpMessage[] = [];
    const options = { onMessage: (e: HttpMessage | HttpWaitMessage) => e.type === 'http.attempt' && events.push(e), retry: { maxAttempts: 1 } };
    clients = createClients(
      {
        chatwoot: { url: server.url, account_id: 1, api_token: CANARY },
        tether: { url: server.url, email: 'a@b.c', password: CANARY },
        healthing: { url: server.url, email: 'a@b.c', password: CANARY },
      },
      options,
    );
    const errors = await Promise.all([
      errorOf(clients.chatwoot!.listPortals()),
      errorOf(clients.tether!.listWebchats()),
      errorOf(clients.healthing!.listChannels()),
    ]);
    for (const err of errors) expectClean(err.message);
    expect(errors[2]?.message).toBe('healthing: GET /api/v1/channels returned 422: bad: (sensitive) (sensitive) ');
    expectClean(JSON.stringify(events));
    // The login bodies carried the password; the server got it, nobody else did.
    expect(server.received.some((r) => r.body.toString().includes(CANARY))).toBe(true);
  });
});

describe('Redactor.redactValue', () => {
  it('masks every string of a JSON-shaped value, keys included, and leaves the rest as it was', () => {
    const secret = 'canary-secret-77';
    const value = { key: `Mail ${secret}`, n: 3, ok: true, none: null, list: [secret, 1], [`by ${secret}`]: { deep: `x${secret}x` } };
    expect(new Redactor([secret]).redactValue(value)).toEqual({
      key: 'Mail (sensitive)',
      n: 3,
      ok: true,
      none: null,
      list: ['(sensitive)', 1],
      'by (sensitive)': { deep: 'x(sensitive)x' },
    });
    expect(value.key).toBe(`Mail ${secret}`);
  });

  it('finds a secret that needs escaping in JSON, and hands back a value holding no secret as it is', () => {
    const quoted = 'say "canary" \\ twice';
    expect(new Redactor([quoted]).redactValue({ greeting: `<${quoted}>` })).toEqual({ greeting: '<(sensitive)>' });
    const clean = { steps: [{ key: 'Website', changed: ['name'] }] };
    expect(new Redactor([quoted]).redactValue(clean)).toBe(clean);
  });
});
