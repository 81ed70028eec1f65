/**
 * Request pacing for a vendor that has started answering 429. A rate limit
 * counts requests per second, which a concurrency limit cannot bound: over a
 * fast link even one request in flight can exceed it. Once throttled, requests
 * leave evenly spaced at the rate the vendor actually admitted over the last
 * window; each quiet window (no 429) probes the rate upwards again.
 *
 * Pacing starts only on real evidence of a rate limit (a 429 after at least
 * `minEvidence` admitted requests in the window), so a stray 429 in a quiet
 * run never slows anything down.
 */
import { setTimeout as delay } from 'node:timers/promises';
import { performance } from 'node:perf_hooks';

export interface PacerOptions {
  /** Window over which the admitted rate is measured, and the least time between two rate cuts. */
  windowMs: number;
  /** Rate multiplier applied per quiet window. */
  growth: number;
  /** Admitted requests the window must hold before a 429 starts pacing. */
  minEvidence: number;
  /** Lowest rate ever paced to (requests per second). */
  minRate: number;
}

export const DEFAULT_PACER: PacerOptions = { windowMs: 1000, growth: 1.05, minEvidence: 10, minRate: 1 };

export class RatePacer {
  readonly options: PacerOptions;
  private rate: number | undefined;
  /** When (monotonic ms) the next request may leave. */
  private nextAt = 0;
  private readonly admittedAt: number[] = [];
  private lastCutAt = Number.NEGATIVE_INFINITY;
  private lastGrowthAt = 0;

  constructor(
    options: Partial<PacerOptions> = {},
    private readonly now: () => number = () => performance.now(),
    private readonly sleep: (ms: number) => Promise<unknown> = (ms) => delay(ms),
  ) {
    this.options = { ...DEFAULT_PACER, ...options };
  }

  /** Requests per second currently paced to; undefined while unpaced. */
  get ratePerSecond(): number | undefined {
    return this.rate;
  }

  /** Resolves when the next request may be sent, with how long it waited (ms). */
  async wait(): Promise<number> {
    if (this.rate === undefined) return 0;
    const now = this.now();
    this.grow(now);
    const at = Math.max(now, this.nextAt);
    this.nextAt = at + 1000 / this.rate;
    if (at > now) await this.sleep(at - now);
    return at - now;
  }

  /** The vendor answered (anything but 429): it admitted the request. */
  admitted(): void {
    const now = this.now();
    this.admittedAt.push(now);
    this.trim(now);
  }

  /** The vendor answered 429. One cut per window: a burst of 429s is one signal. */
  throttled(): void {
    const now = this.now();
    if (now - this.lastCutAt < this.options.windowMs) return;
    this.trim(now);
    const seen = this.admittedAt.length;
    if (this.rate === undefined && seen < this.options.minEvidence) return;
    this.rate = Math.max(this.options.minRate, (seen * 1000) / this.options.windowMs);
    this.lastCutAt = now;
    this.lastGrowthAt = now;
  }

  private grow(now: number): void {
    const quiet = Math.floor((now - this.lastGrowthAt) / this.options.windowMs);
    if (quiet < 1 || this.rate === undefined) return;
    this.rate *= this.options.growth ** quiet;
    this.lastGrowthAt += quiet * this.options.windowMs;
  }

  private trim(now: number): void {
    const oldest = now - this.options.windowMs;
    let drop = 0;
    while (drop < this.admittedAt.length && this.admittedAt[drop]! < oldest) drop++;
    if (drop > 0) this.admittedAt.splice(0, drop);
  }
}
