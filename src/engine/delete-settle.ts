/**
 * Waiting out a vendor's background delete. A kind that declares one keeps
 * listing the object after its delete returns; anything read meanwhile (a
 * prune, a link by name) would act on a dying object, so the delete waits
 * until the object stops listing, up to a bound. Used by the executor and by
 * the Terraform provider's destroy.
 */
import { setTimeout as delay } from 'node:timers/promises';
import type { Kind, LiveObject } from '../kinds/types.js';
import type { VendorClients } from '../vendors/index.js';

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

/**
 * Polls the kind's list until the deleted object is no longer in it; `onWait`
 * hears how long it has waited each time the object is still there. Returns
 * at once for kinds that delete synchronously.
 */
export async function settleDelete(
  kind: Kind,
  live: LiveObject,
  clients: VendorClients,
  options: SettleOptions = {},
  onWait?: (waitedMs: number) => void,
): Promise<Settled> {
  if (!kind.deletesInBackground) return { gone: true, waitedMs: 0 };
  const { timeoutMs, intervalMs, maxIntervalMs } = { ...DEFAULT_SETTLE, ...options };
  const started = Date.now();
  let pause = intervalMs;
  for (;;) {
    const left = timeoutMs - (Date.now() - started);
    if (left <= 0) return { gone: false, waitedMs: Date.now() - started };
    await delay(Math.min(pause, left));
    pause = Math.min(pause * 2, maxIntervalMs);
    const listed = (await kind.readLive(clients)).some((l) => l.id === live.id);
    const waitedMs = Date.now() - started;
    if (!listed) return { gone: true, waitedMs };
    onWait?.(waitedMs);
  }
}

/** Why a delete is reported as unfinished: the vendor accepted it but still lists the object. */
export function stillListedMessage(kind: Kind, waitedMs: number): string {
  return `${kind.vendor} accepted the delete, but still lists the ${kind.kind} after ${(waitedMs / 1000).toFixed(1)}s (it deletes ${kind.configKey} in the background)`;
}
