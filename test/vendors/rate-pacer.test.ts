import { afterEach, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { StaticHeaderAuth } from '../../src/vendors/http/auth.js';
import { RatePacer } from '../../src/vendors/http/rate-pacer.js';
import { harness } from './core-harness.js';

/** A pacer on a fake clock whose sleeps advance it and are recorded. */
function fakePacer(options: ConstructorParameters<typeof RatePacer>[0] = {}) {
  const clock = { now: 0 };
  const sleeps: number[] = [];
  const pacer = new RatePacer(
    options,
    () => clock.now,
    async (ms) => {
      sleeps.push(ms);
      clock.now += ms;
    },
  );
  return { pacer, clock, sleeps };
}

function admit(pacer: RatePacer, clock: { now: number }, count: number, spacingMs: number): void {
  for (let i = 0; i < count; i++) {
    pacer.admitted();
    clock.now += spacingMs;
  }
}

describe('RatePacer', () => {
  it('does nothing until a 429 arrives with enough admitted requests behind it', async () => {
    const { pacer, clock, sleeps } = fakePacer({ minEvidence: 10 });
    admit(pacer, clock, 5, 10);
    pacer.throttled();
    expect(pacer.ratePerSecond).toBeUndefined();
    for (let i = 0; i < 5; i++) await pacer.wait();
    expect(sleeps).toEqual([]);
  });

  it('paces at the rate the vendor admitted over the last window, evenly spaced', async () => {
    const { pacer, clock, sleeps } = fakePacer();
    // 40 admitted in 2 s: only the last second's 20 count.
    admit(pacer, clock, 40, 50);
    pacer.throttled();
    expect(pacer.ratePerSecond).toBe(20);
    const waited: number[] = [];
    for (let i = 0; i < 4; i++) waited.push(await pacer.wait());
    expect(sleeps).toEqual([50, 50, 50]);
    expect(waited).toEqual([0, 50, 50, 50]);
  });

  it('cuts once for a burst of 429s, and again only a window later', () => {
    const { pacer, clock } = fakePacer();
    admit(pacer, clock, 30, 10);
    pacer.throttled();
    const first = pacer.ratePerSecond;
    admit(pacer, clock, 5, 10);
    pacer.throttled();
    expect(pacer.ratePerSecond).toBe(first);
    clock.now += 1000;
    admit(pacer, clock, 12, 10);
    pacer.throttled();
    expect(pacer.ratePerSecond).toBe(12);
  });

  it('probes upwards by the growth factor for each quiet window', async () => {
    const { pacer, clock } = fakePacer({ growth: 1.5 });
    admit(pacer, clock, 10, 10);
    pacer.throttled();
    clock.now += 2000;
    await pacer.wait();
    expect(pacer.ratePerSecond).toBeCloseTo(10 * 1.5 ** 2);
  });
});

describe('pacing against a rate-limited vendor over HTTP', () => {
  let emulator: RunningEmulator | undefined;
  afterEach(async () => {
    await emulator?.close();
    emulator = undefined;
  });

  it('takes up the limit the vendor enforces, so no request runs out of retries', async () => {
    emulator = await startEmulator({ port: 0 });
    emulator.control.setRateLimits({ tether: { requests_per_second: 40 } });
    // Real backoff (no injected sleep), with only three attempts per request.
    const h = harness(emulator.urls.tether, {
      auth: new StaticHeaderAuth('authorization', 'Bearer demo-tether-token'),
      sleep: undefined,
      retry: { maxAttempts: 3, baseDelayMs: 100 },
    });
    try {
      const results = await Promise.allSettled(Array.from({ length: 100 }, () => h.http.request({ method: 'GET', path: '/api/prompts/user' })));
      expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
      expect(h.http.metrics().pacedRatePerSecond).toBeGreaterThan(0);
      // Each paced wait is reported, as debug output shows it.
      expect(h.waits.filter((w) => w.reason === 'pacing' && w.waitMs > 0 && w.method === 'GET' && w.path.endsWith('/api/prompts/user')).length).toBeGreaterThan(0);
      const throttled = emulator.control.requests({ vendor: 'tether' }).filter((r) => r.status === 429).length;
      expect(throttled).toBeLessThan(30);
    } finally {
      await h.http.close();
    }
  });
});
