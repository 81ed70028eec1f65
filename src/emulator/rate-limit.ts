/**
 * Optional per-vendor rate limits: a token bucket, or rack-attack's fixed
 * window per client IP. The bucket runs on real (monotonic) time, so that
 * advancing the emulator clock in a test does not silently refill it. The
 * window runs on the emulator clock: rack-attack counts in periods of the
 * wall clock (`Time.now.to_i / period`), which a test can move to a window's
 * edge.
 */
import * as z from 'zod';
import { UserError } from '../errors.js';
import type { FixedWindowLimit, RateLimit, TokenBucketLimit, VendorName } from './contract.js';

const rateLimitSchema = z.union([
  z.strictObject({
    requests_per_second: z.number().positive(),
    retry_after: z.boolean().optional(),
  }),
  z.strictObject({
    requests_per_window: z.int().positive(),
    window_ms: z.number().positive(),
    retry_after: z.boolean().optional(),
  }),
]);

export type RateLimits = Partial<Record<VendorName, RateLimit>>;

const rateLimitsSchema = z.strictObject({
  chatwoot: rateLimitSchema.nullable().optional(),
  tether: rateLimitSchema.nullable().optional(),
  healthing: rateLimitSchema.nullable().optional(),
});

/** Validates `{chatwoot?, tether?, healthing?}`; null or absent means unlimited. */
export function parseRateLimits(input: unknown): RateLimits {
  const parsed = rateLimitsSchema.safeParse(input);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    const where = first && first.path.length > 0 ? `${first.path.join('.')}: ` : '';
    throw new UserError(`invalid rate limits: ${where}${first?.message ?? 'invalid'}`);
  }
  const out: RateLimits = {};
  for (const [vendor, limit] of Object.entries(parsed.data) as Array<[VendorName, RateLimit | null | undefined]>) {
    if (limit) out[vendor] = limit;
  }
  return out;
}

export type RateDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number | undefined };

/** One vendor's limit with its counters; decides one request now. */
interface Limiter {
  readonly limit: RateLimit;
  take(client: string): RateDecision;
}

export class RateLimiter {
  private limiters = new Map<VendorName, Limiter>();

  /** `clockMs`: the emulator clock (ms since the epoch), which fixed windows are aligned to. */
  constructor(
    private readonly clockMs: () => number,
    private readonly monotonicMs: () => number = () => performance.now(),
  ) {}

  /** Replaces the whole configuration: vendors not named become unlimited. */
  configure(limits: RateLimits): void {
    this.limiters.clear();
    for (const [vendor, limit] of Object.entries(limits) as Array<[VendorName, RateLimit]>) {
      this.limiters.set(vendor, 'window_ms' in limit ? new FixedWindow(limit, this.clockMs) : new TokenBucket(limit, this.monotonicMs));
    }
  }

  current(): RateLimits {
    return Object.fromEntries([...this.limiters].map(([vendor, l]) => [vendor, { ...l.limit }]));
  }

  /** `client`: the caller's IP address, which fixed windows count separately. */
  take(vendor: VendorName, client: string): RateDecision {
    return this.limiters.get(vendor)?.take(client) ?? { allowed: true };
  }
}

class TokenBucket implements Limiter {
  private tokens: number;
  private refilledAt: number;

  constructor(
    readonly limit: TokenBucketLimit,
    private readonly monotonicMs: () => number,
  ) {
    this.tokens = this.capacity();
    this.refilledAt = monotonicMs();
  }

  take(): RateDecision {
    const now = this.monotonicMs();
    const rate = this.limit.requests_per_second;
    this.tokens = Math.min(this.capacity(), this.tokens + ((now - this.refilledAt) / 1000) * rate);
    this.refilledAt = now;
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return { allowed: true };
    }
    const waitSeconds = Math.max(1, Math.ceil((1 - this.tokens) / rate));
    return { allowed: false, retryAfterSeconds: this.limit.retry_after ? waitSeconds : undefined };
  }

  /** A burst of up to one second's worth of requests, and at least one. */
  private capacity(): number {
    return Math.max(1, this.limit.requests_per_second);
  }
}

class FixedWindow implements Limiter {
  private readonly windows = new Map<string, { startedAt: number; count: number }>();

  constructor(
    readonly limit: FixedWindowLimit,
    private readonly clockMs: () => number,
  ) {}

  take(client: string): RateDecision {
    const now = this.clockMs();
    const startedAt = Math.floor(now / this.limit.window_ms) * this.limit.window_ms;
    let window = this.windows.get(client);
    if (window?.startedAt !== startedAt) {
      window = { startedAt, count: 0 };
      this.windows.set(client, window);
    }
    window.count += 1;
    if (window.count <= this.limit.requests_per_window) return { allowed: true };
    const waitSeconds = Math.max(1, Math.ceil((window.startedAt + this.limit.window_ms - now) / 1000));
    return { allowed: false, retryAfterSeconds: this.limit.retry_after ? waitSeconds : undefined };
  }
}
