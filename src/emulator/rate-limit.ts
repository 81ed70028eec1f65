/**
 * Optional per-vendor token bucket. It runs on real (monotonic) time rather
 * than the emulator clock so that advancing the clock in a test does not
 * silently refill a bucket.
 */
import { z } from 'zod';
import { UserError } from '../errors.js';
import type { RateLimit, VendorName } from './contract.js';

const rateLimitSchema = z.strictObject({
  requests_per_second: z.number().positive(),
  retry_after: z.boolean().optional(),
});

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

interface Bucket {
  limit: RateLimit;
  tokens: number;
  refilledAt: number;
}

export type RateDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number | undefined };

export class RateLimiter {
  private buckets = new Map<VendorName, Bucket>();

  constructor(private readonly monotonicMs: () => number = () => performance.now()) {}

  /** Replaces the whole configuration: vendors not named become unlimited. */
  configure(limits: RateLimits): void {
    this.buckets.clear();
    for (const [vendor, limit] of Object.entries(limits) as Array<[VendorName, RateLimit]>) {
      this.buckets.set(vendor, { limit, tokens: capacity(limit), refilledAt: this.monotonicMs() });
    }
  }

  current(): RateLimits {
    return Object.fromEntries([...this.buckets].map(([vendor, b]) => [vendor, { ...b.limit }]));
  }

  take(vendor: VendorName): RateDecision {
    const bucket = this.buckets.get(vendor);
    if (!bucket) return { allowed: true };
    const now = this.monotonicMs();
    const rate = bucket.limit.requests_per_second;
    bucket.tokens = Math.min(capacity(bucket.limit), bucket.tokens + ((now - bucket.refilledAt) / 1000) * rate);
    bucket.refilledAt = now;
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { allowed: true };
    }
    const waitSeconds = Math.max(1, Math.ceil((1 - bucket.tokens) / rate));
    return { allowed: false, retryAfterSeconds: bucket.limit.retry_after ? waitSeconds : undefined };
  }
}

/** A burst of up to one second's worth of requests, and at least one. */
function capacity(limit: RateLimit): number {
  return Math.max(1, limit.requests_per_second);
}
