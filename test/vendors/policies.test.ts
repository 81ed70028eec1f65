import { errors } from 'undici';
import { describe, expect, it } from 'vitest';
import { chatwootMessage } from '../../src/vendors/chatwoot.js';
import { healthingMessage } from '../../src/vendors/healthing.js';
import { classifyNetworkError } from '../../src/vendors/http/network-errors.js';
import { Redactor } from '../../src/util/redactor.js';
import { parseRetryAfter, RetryPolicy } from '../../src/vendors/http/retry-policy.js';
import { tetherMessage } from '../../src/vendors/tether.js';

describe('RetryPolicy', () => {
  const policy = new RetryPolicy({ maxAttempts: 3, baseDelayMs: 1000, maxDelayMs: 3000 }, () => 0.999, () => 0);

  it('backs off exponentially with full jitter up to the cap', () => {
    expect([1, 2, 3, 4].map((n) => policy.backoffMs(n))).toEqual([999, 1998, 2997, 2997]);
    const low = new RetryPolicy({ baseDelayMs: 1000 }, () => 0);
    expect(low.backoffMs(5)).toBe(0);
  });

  it('retries idempotent requests on network errors and 429/502/503/504 only', () => {
    for (const status of [429, 502, 503, 504]) {
      expect(policy.decide(true, { kind: 'response', status }, 1).action).toBe('retry');
    }
    for (const status of [400, 401, 404, 409, 422, 500]) {
      expect(policy.decide(true, { kind: 'response', status }, 1).action).toBe('fail');
    }
    expect(policy.decide(true, { kind: 'network', maybeSent: true }, 1).action).toBe('retry');
    expect(policy.decide(true, { kind: 'response', status: 503 }, 3).action).toBe('fail');
  });

  it('for creates: 429 and not-sent retry, anything maybe-applied is ambiguous', () => {
    expect(policy.decide(false, { kind: 'response', status: 429 }, 1).action).toBe('retry');
    expect(policy.decide(false, { kind: 'network', maybeSent: false }, 1).action).toBe('retry');
    expect(policy.decide(false, { kind: 'network', maybeSent: true }, 1).action).toBe('ambiguous');
    expect(policy.decide(false, { kind: 'response', status: 500 }, 1).action).toBe('ambiguous');
    expect(policy.decide(false, { kind: 'response', status: 503 }, 3).action).toBe('ambiguous');
    expect(policy.decide(false, { kind: 'response', status: 422 }, 1).action).toBe('fail');
    expect(policy.decide(false, { kind: 'response', status: 429 }, 3).action).toBe('fail');
  });

  it('parses Retry-After as seconds or an HTTP-date', () => {
    const now = Date.parse('2026-03-01T12:00:00Z');
    expect(parseRetryAfter('120', now)).toBe(120_000);
    expect(parseRetryAfter('Sun, 01 Mar 2026 12:00:05 GMT', now)).toBe(5000);
    expect(parseRetryAfter('Sun, 01 Mar 2026 11:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
  });
});

describe('classifyNetworkError', () => {
  const t = { connectTimeoutMs: 10_000, headersTimeoutMs: 30_000, bodyTimeoutMs: 30_001 };
  const withCode = (code: string) => Object.assign(new Error(`connect ${code} 127.0.0.1:1`), { code });

  it('not sent: connect timeout and refused connections', () => {
    expect(classifyNetworkError(new errors.ConnectTimeoutError(), t)).toEqual({
      maybeSent: false,
      message: 'timed out after 10000 ms while connecting',
    });
    expect(classifyNetworkError(withCode('ECONNREFUSED'), t)).toEqual({ maybeSent: false, message: 'connection refused' });
    expect(classifyNetworkError(new Error('wrapped', { cause: withCode('ENOTFOUND') }), t).maybeSent).toBe(false);
  });

  it('maybe sent: resets and timeouts after sending, and anything unknown', () => {
    expect(classifyNetworkError(new errors.SocketError('other side closed'), t)).toEqual({
      maybeSent: true,
      message: 'connection reset',
    });
    expect(classifyNetworkError(withCode('ECONNRESET'), t).message).toBe('connection reset');
    expect(classifyNetworkError(new errors.HeadersTimeoutError(), t).message).toBe(
      'timed out after 30000 ms waiting for the response',
    );
    expect(classifyNetworkError(new errors.BodyTimeoutError(), t).message).toBe(
      'timed out after 30001 ms reading the response body',
    );
    expect(classifyNetworkError(new Error('???'), t)).toEqual({ maybeSent: true, message: 'network error' });
  });
});

describe('Redactor', () => {
  it('replaces every secret, longest first, including URL-encoded echoes', () => {
    const r = new Redactor(['abc', 'abc-def', undefined, '']);
    r.add('p@ss word');
    expect(r.redact('t=abc-def u=abc v=p%40ss%20word w=p@ss word')).toBe(
      't=(sensitive) u=(sensitive) v=(sensitive) w=(sensitive)',
    );
  });
});

describe('vendor error messages', () => {
  it('Chatwoot: {message}, {error}, {errors:[…]}, legacy {error:{attr:[…]}}', () => {
    expect(chatwootMessage({ message: "Slug has already been taken", attributes: ['slug'] })).toBe(
      'Slug has already been taken',
    );
    expect(chatwootMessage({ error: 'Invalid Access Token' })).toBe('Invalid Access Token');
    expect(chatwootMessage({ errors: ['You need to sign in or sign up before continuing.'] })).toBe(
      'You need to sign in or sign up before continuing.',
    );
    expect(chatwootMessage({ error: { slug: ['has already been taken'], name: ["can't be blank"] } })).toBe(
      "slug has already been taken; name can't be blank",
    );
    expect(chatwootMessage({ status: 500, error: 'Internal Server Error' })).toBe('Internal Server Error');
    expect(chatwootMessage([1])).toBeUndefined();
  });

  it('Tether: {message} or {error}', () => {
    expect(tetherMessage({ message: 'promptId is required' })).toBe('promptId is required');
    expect(tetherMessage({ error: 'Invalid or expired token' })).toBe('Invalid or expired token');
    expect(tetherMessage({ other: 1 })).toBeUndefined();
  });

  it('Healthing: {detail: string} and FastAPI validation lists', () => {
    expect(healthingMessage({ detail: 'Channel not found' })).toBe('Channel not found');
    expect(
      healthingMessage({
        detail: [
          { loc: ['body', 'assignment_mode'], msg: "Input should be 'manual' or 'round_robin'", type: 'enum' },
          { loc: ['body', 'business_hours', 'monday', 'enabled'], msg: 'Input should be a valid boolean' },
        ],
      }),
    ).toBe(
      "body.assignment_mode: Input should be 'manual' or 'round_robin'; body.business_hours.monday.enabled: Input should be a valid boolean",
    );
    expect(healthingMessage({ detail: [] })).toBeUndefined();
  });
});
