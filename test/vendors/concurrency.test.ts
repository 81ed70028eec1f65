import { describe, expect, it } from 'vitest';
import { AdaptiveConcurrency } from '../../src/vendors/http/adaptive-concurrency.js';
import { useScriptServer, type Harness } from './core-harness.js';
import { json, pause } from './script-server.js';

const vendor = useScriptServer();
let h: Harness | undefined;

describe('adaptive concurrency over HTTP', () => {
  it('never has more than the limit in flight at the server', async () => {
    vendor.server.handle(async (_req, res) => {
      await pause(20);
      json(res, 200, {});
    });
    h = vendor.harness({ concurrency: { max: 3 } });
    const http = h.http;
    await Promise.all(Array.from({ length: 15 }, (_, i) => http.request({ method: 'GET', path: `/r/${i}` })));
    expect(vendor.server.received).toHaveLength(15);
    expect(vendor.server.maxInFlight).toBe(3);
  });

  it('halves on 429, grows back by one per run of successes, counts what it saw', async () => {
    vendor.server.handle((_req, res, n) => (n === 1 ? json(res, 429, { message: 'slow down' }) : json(res, 200, {})));
    h = vendor.harness({ concurrency: { max: 4, growAfter: 2 } });
    await h.http.request({ method: 'GET', path: '/a' });
    // The 429 halved the limit (4 → 2); the retry's success started a new run.
    expect(h.http.metrics()).toMatchObject({ concurrencyLimit: 2, throttled: 1, retries: 1, requests: 2 });
    const limits: number[] = [];
    for (let i = 0; i < 4; i++) {
      await h.http.request({ method: 'GET', path: '/a' });
      limits.push(h.http.metrics().concurrencyLimit);
    }
    expect(limits).toEqual([3, 3, 4, 4]);
  });

  it('after shrinking, the server sees at most the reduced number in flight', async () => {
    let throttle = true;
    vendor.server.handle(async (_req, res) => {
      if (throttle) {
        throttle = false;
        json(res, 429, {});
        return;
      }
      await pause(20);
      json(res, 200, {});
    });
    h = vendor.harness({ concurrency: { max: 4, growAfter: 100 } });
    await h.http.request({ method: 'GET', path: '/first' });
    vendor.server.maxInFlight = 0;
    const http = h.http;
    await Promise.all(Array.from({ length: 10 }, () => http.request({ method: 'GET', path: '/b' })));
    expect(vendor.server.maxInFlight).toBe(2);
  });
});

describe('AdaptiveConcurrency', () => {
  it('a burst of 429s from one window halves the limit once', async () => {
    const limiter = new AdaptiveConcurrency({ max: 8 });
    const slots = await Promise.all([limiter.acquire(), limiter.acquire(), limiter.acquire()]);
    for (const slot of slots) limiter.release(slot, 'throttled');
    expect(limiter.limit).toBe(4);
    const next = await limiter.acquire();
    limiter.release(next, 'throttled');
    expect(limiter.limit).toBe(2);
  });

  it('never goes below min, and failures neither grow nor shrink it', async () => {
    const limiter = new AdaptiveConcurrency({ max: 2, min: 1, growAfter: 1 });
    for (let i = 0; i < 3; i++) limiter.release(await limiter.acquire(), 'throttled');
    expect(limiter.limit).toBe(1);
    limiter.release(await limiter.acquire(), 'failed');
    expect(limiter.limit).toBe(1);
    limiter.release(await limiter.acquire(), 'ok');
    expect(limiter.limit).toBe(2);
    limiter.release(await limiter.acquire(), 'ok');
    expect(limiter.limit).toBe(2);
  });

  it('queues acquirers beyond the limit and wakes them in order', async () => {
    const limiter = new AdaptiveConcurrency({ max: 1 });
    const first = await limiter.acquire();
    const order: number[] = [];
    const second = limiter.acquire().then((s) => (order.push(2), s));
    const third = limiter.acquire().then((s) => (order.push(3), s));
    await pause(5);
    expect(order).toEqual([]);
    limiter.release(first, 'ok');
    limiter.release(await second, 'ok');
    limiter.release(await third, 'ok');
    expect(order).toEqual([2, 3]);
    expect(limiter.inFlight).toBe(0);
  });

  it('rejects nonsense options', () => {
    expect(() => new AdaptiveConcurrency({ max: 0 })).toThrow(RangeError);
    expect(() => new AdaptiveConcurrency({ max: 2, min: 3 })).toThrow(RangeError);
  });
});
