/**
 * Waiting out a vendor's background delete. A kind that declares one keeps
 * listing the object after its delete returns; anything read meanwhile (a
 * prune, a link by name) would act on a dying object, so the delete waits
 * until the object stops listing, up to a bound. Used by the executor and by
 * the Terraform provider's destroy.
 */
import { setTimeout as delay } from 'node:timers/promises';
import type { Kind, LiveObject } from '../../kinds/types.js';
import type { VendorClients } from '../../vendors/index.js';

export interface SettleOptions {
  /** Longest wait for the object to stop listing. Default 60 s. */
  timeoutMs?: number;
  /** Pause before the first look; each later pause doubles, up to maxIntervalMs. Default 200 ms. */
  intervalMs?: number;
  /** Default 2 s: every look lists all of the kind's objects. */
  maxIntervalMs?: number;
}

export const DEFAULT_SETTLE = { timeoutMs: 60_000, intervalMs: 200, maxIntervalMs: 2_000 };

export interface Settled {
  /** False when the object still listed at the bound. */
  gone: boolean;
  waitedMs: number;
}

/** Waits out one delete: see DeleteWaits. */
export function settleDelete(
  kind: Kind,
  live: LiveObject,
  clients: VendorClients,
  options: SettleOptions = {},
  onWait?: (waitedMs: number) => void,
): Promise<Settled> {
  return new DeleteWaits(clients, options).settle(kind, live, onWait);
}

interface Waiter {
  id: string;
  started: number;
  onWait: ((waitedMs: number) => void) | undefined;
  done(settled: Settled): void;
  failed(err: unknown): void;
}

/**
 * The delete waits of one run. Every look lists all of a kind's objects, so
 * the waits of one kind share one poller: pruning N inboxes costs one list
 * per look, not N.
 */
export class DeleteWaits {
  private readonly waiting = new Map<Kind, Waiter[]>();
  private readonly options: typeof DEFAULT_SETTLE;

  constructor(
    private readonly clients: VendorClients,
    options: SettleOptions = {},
  ) {
    this.options = { ...DEFAULT_SETTLE, ...options };
  }

  /**
   * Resolves once the deleted object no longer lists, or still lists at the
   * bound; `onWait` hears how long it has waited each time the object is still
   * there. Returns at once for kinds that delete synchronously.
   */
  settle(kind: Kind, live: LiveObject, onWait?: (waitedMs: number) => void): Promise<Settled> {
    if (!kind.deletesInBackground) return Promise.resolve({ gone: true, waitedMs: 0 });
    return new Promise((done, failed) => {
      const waiters = this.waiting.get(kind);
      const waiter = { id: live.id, started: Date.now(), onWait, done, failed };
      if (waiters) waiters.push(waiter);
      else {
        this.waiting.set(kind, [waiter]);
        void this.poll(kind);
      }
    });
  }

  /** Looks until nobody waits on the kind; a waiter joining meanwhile takes the next look. */
  private async poll(kind: Kind): Promise<void> {
    const { timeoutMs, intervalMs, maxIntervalMs } = this.options;
    const waiters = this.waiting.get(kind)!;
    let pause = intervalMs;
    try {
      while (waiters.length > 0) {
        const left = Math.min(...waiters.map((w) => timeoutMs - (Date.now() - w.started)));
        await delay(Math.max(0, Math.min(pause, left)));
        pause = Math.min(pause * 2, maxIntervalMs);
        const listed = new Set((await kind.readLive(this.clients)).map((l) => l.id));
        const now = Date.now();
        for (const w of [...waiters]) {
          const waitedMs = now - w.started;
          if (listed.has(w.id) && waitedMs < timeoutMs) {
            w.onWait?.(waitedMs);
            continue;
          }
          waiters.splice(waiters.indexOf(w), 1);
          w.done({ gone: !listed.has(w.id), waitedMs });
        }
      }
    } catch (err) {
      for (const w of waiters.splice(0)) w.failed(err);
    } finally {
      this.waiting.delete(kind);
    }
  }
}

/** Why a delete is reported as unfinished: the vendor accepted it but still lists the object. */
export function stillListedMessage(kind: Kind, waitedMs: number): string {
  return `${kind.vendor} accepted the delete, but still lists the ${kind.kind} after ${(waitedMs / 1000).toFixed(1)}s (it deletes ${kind.configKey} in the background)`;
}
