/**
 * When to try a request again, and how long to wait first.
 *
 * Idempotent requests are retried on network errors, 429 and 502/503/504.
 * A non-idempotent request (a create) is retried only when the server
 * certainly did nothing: a 429, or a connection that never got established.
 * Any other failure after it may have been received is "ambiguous": the
 * caller must re-read before deciding, so it is never replayed here.
 */

export interface RetryOptions {
  /** Total attempts, the first one included. */
  maxAttempts: number;
  /** Backoff base: attempt n waits a random time in [0, min(cap, base·2^(n-1))). */
  baseDelayMs: number;
  /** Backoff cap. */
  maxDelayMs: number;
  /** A server's Retry-After longer than this is shortened to it. */
  maxRetryAfterMs: number;
}

export const DEFAULT_RETRY: RetryOptions = {
  maxAttempts: 4,
  baseDelayMs: 500,
  maxDelayMs: 20_000,
  maxRetryAfterMs: 60_000,
};

export type AttemptOutcome =
  | { kind: 'response'; status: number; retryAfter?: string | undefined }
  | { kind: 'network'; maybeSent: boolean };

export type RetryDecision =
  | { action: 'retry'; delayMs: number }
  | { action: 'fail' }
  | { action: 'ambiguous' };

const RETRYABLE_STATUSES = new Set([429, 502, 503, 504]);

export function isIdempotentMethod(method: string): boolean {
  return ['GET', 'HEAD', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'].includes(method.toUpperCase());
}

/** `Retry-After` as milliseconds from now: delta-seconds or an HTTP-date. */
export function parseRetryAfter(value: string | undefined, nowMs: number): number | undefined {
  if (value === undefined) return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const at = Date.parse(text);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - nowMs);
}

export class RetryPolicy {
  readonly options: RetryOptions;

  constructor(
    options: Partial<RetryOptions> = {},
    private readonly random: () => number = Math.random,
    private readonly now: () => number = Date.now,
  ) {
    this.options = { ...DEFAULT_RETRY, ...options };
  }

  /** `attempt` is 1-based: the number of the attempt that produced `outcome`. */
  decide(idempotent: boolean, outcome: AttemptOutcome, attempt: number): RetryDecision {
    const retryable = this.isRetryable(idempotent, outcome);
    if (retryable === 'ambiguous') return { action: 'ambiguous' };
    if (!retryable || attempt >= this.options.maxAttempts) return { action: 'fail' };
    const retryAfter =
      outcome.kind === 'response' ? parseRetryAfter(outcome.retryAfter, this.now()) : undefined;
    const delayMs =
      retryAfter !== undefined ? Math.min(retryAfter, this.options.maxRetryAfterMs) : this.backoffMs(attempt);
    return { action: 'retry', delayMs };
  }

  /** Full jitter: spreads a burst of clients evenly instead of in waves. */
  backoffMs(attempt: number): number {
    const ceiling = Math.min(this.options.maxDelayMs, this.options.baseDelayMs * 2 ** (attempt - 1));
    return Math.floor(this.random() * ceiling);
  }

  private isRetryable(idempotent: boolean, outcome: AttemptOutcome): boolean | 'ambiguous' {
    if (outcome.kind === 'network') {
      if (idempotent || !outcome.maybeSent) return true;
      return 'ambiguous';
    }
    // A 429 is a refusal before any work, so even a create may repeat it.
    if (outcome.status === 429) return true;
    if (outcome.status >= 500) return idempotent ? RETRYABLE_STATUSES.has(outcome.status) : 'ambiguous';
    return false;
  }
}
