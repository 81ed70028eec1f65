import { describe, expect, it } from 'vitest';
import { FaultEngine, parseFaultConfig } from '../../src/emulator/faults.js';
import type { RunningEmulator } from '../../src/emulator/index.js';
import { trackEmulators } from './harness.js';
import { UserError } from '../../src/errors.js';

const start = trackEmulators();

const TETHER = { authorization: 'Bearer demo-tether-token', 'content-type': 'application/json' };

function webchat(name: string) {
  return {
    name,
    backgroundColor: '#ffffff',
    primaryColor: '#000000',
    secondaryColor: '#111111',
    promptId: '65f0000000000000000000b1',
    allowedDomains: ['https://acme.test'],
    initialStage: 'new',
  };
}

async function webchatNames(emu: RunningEmulator): Promise<string[]> {
  const res = await fetch(`${emu.urls.tether}/api/webchats`, { headers: TETHER });
  return ((await res.json()) as { data: Array<{ name: string }> }).data.map((w) => w.name);
}

describe('fault engine', () => {
  it('gives the same fault sequence for the same seed', () => {
    const sequence = (seed: number) => {
      const engine = new FaultEngine();
      engine.configure({ seed, rules: [{ error_rate: 0.3, rate_429: 0.3, reset_rate: 0.2 }] });
      return Array.from({ length: 40 }, () => engine.decide('tether', 'GET', '/x')?.outcome?.kind ?? 'none');
    };
    expect(sequence(7)).toEqual(sequence(7));
    expect(sequence(7)).not.toEqual(sequence(8));
    expect(new Set(sequence(7))).toEqual(new Set(['error', '429', 'reset', 'none']));
  });

  it('applies the first matching rule and spends its budget', () => {
    const engine = new FaultEngine();
    engine.configure({
      seed: 1,
      rules: [
        { vendor: 'healthing', method: 'put', path: '/channels/', error_rate: 1, error_status: 502, times: 2 },
        { vendor: 'healthing', rate_429_retry_after: 1, retry_after_s: 7 },
      ],
    });
    expect(engine.decide('tether', 'PUT', '/api/v1/channels/1')).toBeUndefined();
    const outcomes = Array.from({ length: 3 }, () => engine.decide('healthing', 'PUT', '/api/v1/channels/1')?.outcome);
    expect(outcomes).toEqual([
      { kind: 'error', status: 502 },
      { kind: 'error', status: 502 },
      { kind: '429', retryAfterSeconds: 7 },
    ]);
    expect(engine.decide('healthing', 'GET', '/api/v1/channels')?.outcome).toEqual({ kind: '429', retryAfterSeconds: 7 });
  });

  it('reports latency-only rules without an outcome', () => {
    const engine = new FaultEngine();
    engine.configure({ seed: 1, rules: [{ latency_ms: 25 }] });
    expect(engine.decide('chatwoot', 'GET', '/api')).toEqual({ latencyMs: 25, outcome: undefined });
    engine.clear();
    expect(engine.decide('chatwoot', 'GET', '/api')).toBeUndefined();
  });

  it('rejects invalid configs with a clear message', () => {
    expect(() => parseFaultConfig({ seed: 1, rules: [{ error_rate: 2 }] })).toThrow(UserError);
    expect(() => parseFaultConfig({ seed: 1, rules: [{ error_rate: 2 }] })).toThrow(/rules\.0\.error_rate/);
    expect(() => parseFaultConfig({ rules: [] })).toThrow(/seed/);
    expect(() => parseFaultConfig({ seed: 1, rules: [{ vendor: 'zendesk' }] })).toThrow(/vendor/);
  });
});

describe('fault injection over HTTP', () => {
  it('produces the same status sequence in two fresh emulators with the same seed', async () => {
    const statuses = async () => {
      const emu = await start();
      emu.control.setFaults({ seed: 1234, rules: [{ vendor: 'tether', error_rate: 0.3, rate_429: 0.2 }] });
      const out: number[] = [];
      for (let i = 0; i < 30; i++) out.push((await fetch(`${emu.urls.tether}/api/webchats`, { headers: TETHER })).status);
      return out;
    };
    const first = await statuses();
    expect(await statuses()).toEqual(first);
    expect(new Set(first)).toEqual(new Set([200, 429, 503]));
  });

  it("answers injected 5xx and 429 in each vendor's format", async () => {
    const emu = await start();
    emu.control.setFaults({
      seed: 1,
      rules: [
        { vendor: 'healthing', error_rate: 1, times: 1 },
        { vendor: 'tether', rate_429_retry_after: 1, retry_after_s: 3, times: 1 },
        { vendor: 'tether', rate_429: 1, times: 1 },
        { vendor: 'chatwoot', error_rate: 1, error_status: 502, times: 1 },
      ],
    });
    const healthing = await fetch(`${emu.urls.healthing}/api/v1/channels`);
    expect(healthing.status).toBe(503);
    expect(healthing.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(await healthing.text()).toBe('Service Unavailable');

    const withRetry = await fetch(`${emu.urls.tether}/api/webchats`, { headers: TETHER });
    expect(withRetry.status).toBe(429);
    expect(withRetry.headers.get('retry-after')).toBe('3');
    const withoutRetry = await fetch(`${emu.urls.tether}/api/webchats`, { headers: TETHER });
    expect(withoutRetry.status).toBe(429);
    expect(withoutRetry.headers.get('retry-after')).toBeNull();
    expect(await withoutRetry.json()).toHaveProperty('message');

    const chatwoot = await fetch(`${emu.urls.chatwoot}/api/v1/accounts/1/inboxes`, {
      headers: { 'api-access-token': 'demo-chatwoot-admin-token' },
    });
    expect(chatwoot.status).toBe(502);

    expect((await fetch(`${emu.urls.tether}/api/webchats`, { headers: TETHER })).status).toBe(200);
    expect(emu.control.requests().map((e) => e.fault)).toEqual(['error', '429', '429', 'error', undefined]);
  });

  it('resets the connection before the handler runs', async () => {
    const emu = await start();
    emu.control.setFaults({ seed: 1, rules: [{ vendor: 'tether', method: 'POST', reset_rate: 1, times: 1 }] });
    await expect(
      fetch(`${emu.urls.tether}/api/webchats`, { method: 'POST', headers: TETHER, body: JSON.stringify(webchat('Lost')) }),
    ).rejects.toThrow();
    expect(await webchatNames(emu)).toEqual([]);
    expect(emu.control.requests({ vendor: 'tether' })[0]).toMatchObject({ method: 'POST', status: 0, fault: 'reset' });
  });

  it('commits the write, then resets the connection', async () => {
    const emu = await start();
    emu.control.setFaults({ seed: 1, rules: [{ vendor: 'tether', method: 'POST', commit_then_reset_rate: 1, times: 1 }] });
    await expect(
      fetch(`${emu.urls.tether}/api/webchats`, { method: 'POST', headers: TETHER, body: JSON.stringify(webchat('Ghost')) }),
    ).rejects.toThrow();
    expect(await webchatNames(emu)).toEqual(['Ghost']);
    expect(emu.control.requests({ vendor: 'tether' })[0]).toMatchObject({ status: 0, fault: 'commit_then_reset' });
  });

  it('delays requests by latency_ms', async () => {
    const emu = await start();
    emu.control.setFaults({ seed: 1, rules: [{ path: '/api/webchats', latency_ms: 80 }] });
    const started = performance.now();
    expect((await fetch(`${emu.urls.tether}/api/webchats`, { headers: TETHER })).status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(75);
    expect(emu.control.requests()[0]).toMatchObject({ fault: 'latency', status: 200 });
    expect(emu.control.requests()[0]!.duration_ms).toBeGreaterThanOrEqual(75);
  });

  it('never injects faults into the control surface', async () => {
    const emu = await start();
    emu.control.setFaults({ seed: 1, rules: [{ error_rate: 1 }] });
    expect((await fetch(`${emu.url}/_emulator/state`)).status).toBe(200);
    expect((await fetch(`${emu.urls.tether}/api/webchats`, { headers: TETHER })).status).toBe(503);
  });
});

describe('rate limits', () => {
  it("answers the vendor's 429 beyond the bucket, with Retry-After when asked", async () => {
    const emu = await start();
    emu.control.setRateLimits({ tether: { requests_per_second: 2, retry_after: true }, chatwoot: { requests_per_second: 1 } });
    const tether = [];
    for (let i = 0; i < 4; i++) tether.push(await fetch(`${emu.urls.tether}/api/webchats`, { headers: TETHER }));
    expect(tether.map((r) => r.status)).toEqual([200, 200, 429, 429]);
    expect(Number(tether[2]!.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);

    const headers = { 'api-access-token': 'demo-chatwoot-admin-token' };
    const cw1 = await fetch(`${emu.urls.chatwoot}/api/v1/accounts/1/inboxes`, { headers });
    const cw2 = await fetch(`${emu.urls.chatwoot}/api/v1/accounts/1/inboxes`, { headers });
    expect([cw1.status, cw2.status]).toEqual([200, 429]);
    expect(cw2.headers.get('retry-after')).toBeNull();
    expect(await cw2.text()).toBe('Retry later\n');

    // Healthing has no limit.
    for (let i = 0; i < 5; i++) expect((await fetch(`${emu.urls.healthing}/api/v1/channels`)).status).toBe(401);
    expect(emu.control.requests({ vendor: 'tether' }).map((e) => e.fault)).toEqual([
      undefined,
      undefined,
      'rate_limit',
      'rate_limit',
    ]);
  });

  it('refills over time and can be removed', async () => {
    const emu = await start();
    emu.control.setRateLimits({ tether: { requests_per_second: 20 } });
    const burst = await Promise.all(
      Array.from({ length: 25 }, () => fetch(`${emu.urls.tether}/api/webchats`, { headers: TETHER })),
    );
    expect(burst.filter((r) => r.status === 429).length).toBeGreaterThanOrEqual(4);
    await new Promise((resolve) => setTimeout(resolve, 120));
    expect((await fetch(`${emu.urls.tether}/api/webchats`, { headers: TETHER })).status).toBe(200);
    emu.control.setRateLimits({});
    const after = await Promise.all(
      Array.from({ length: 30 }, () => fetch(`${emu.urls.tether}/api/webchats`, { headers: TETHER })),
    );
    expect(after.every((r) => r.status === 200)).toBe(true);
  });
});
