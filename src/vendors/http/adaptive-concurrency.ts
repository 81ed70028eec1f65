/**
 * Per-vendor limit on requests in flight, adjusted AIMD-style: halved when the
 * vendor answers 429, raised by one after a run of successes, never above the
 * configured maximum nor below the minimum.
 */

export interface ConcurrencyOptions {
  /** Highest (and starting) number of requests in flight. */
  max: number;
  /** Lowest the limit may shrink to. */
  min: number;
  /** Consecutive successes needed to raise the limit by one. */
  growAfter: number;
}

export const DEFAULT_CONCURRENCY: ConcurrencyOptions = { max: 8, min: 1, growAfter: 10 };

/** Held while a request is in flight; pass it back to `release`. */
export interface Slot {
  /** Limit generation when the slot was taken. */
  readonly generation: number;
}

export type SlotResult = 'ok' | 'throttled' | 'failed';

export class AdaptiveConcurrency {
  readonly options: ConcurrencyOptions;
  private current: number;
  private active = 0;
  private streak = 0;
  /** Bumped on every decrease, so one burst of 429s halves the limit once, not once per request. */
  private generation = 0;
  private readonly waiters: Array<() => void> = [];

  constructor(options: Partial<ConcurrencyOptions> = {}) {
    const merged = { ...DEFAULT_CONCURRENCY, ...options };
    if (merged.max < 1 || merged.min < 1 || merged.min > merged.max || merged.growAfter < 1) {
      throw new RangeError(`invalid concurrency options ${JSON.stringify(merged)}`);
    }
    this.options = merged;
    this.current = merged.max;
  }

  get limit(): number {
    return this.current;
  }

  get inFlight(): number {
    return this.active;
  }

  async acquire(): Promise<Slot> {
    while (this.active >= this.current) {
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
    this.active++;
    return { generation: this.generation };
  }

  release(slot: Slot, result: SlotResult): void {
    this.active--;
    if (result === 'throttled') {
      this.streak = 0;
      if (slot.generation === this.generation) {
        this.current = Math.max(this.options.min, Math.floor(this.current / 2));
        this.generation++;
      }
    } else if (result === 'ok') {
      this.streak++;
      if (this.streak >= this.options.growAfter && this.current < this.options.max) {
        this.current++;
        this.streak = 0;
      }
    }
    this.wake();
  }

  private wake(): void {
    let free = this.current - this.active;
    while (free > 0 && this.waiters.length > 0) {
      this.waiters.shift()?.();
      free--;
    }
  }
}
