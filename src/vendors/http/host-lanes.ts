/**
 * What every client of one host shares when a run talks to several accounts
 * there (named provider instances): its connections, its concurrency limit
 * and its pacing. A vendor's rate limit counts a caller's requests to the
 * host, not to one account, so 50 accounts must not send 50 times as much.
 */
import { Pool } from 'undici';
import { AdaptiveConcurrency } from './adaptive-concurrency.js';
import { RatePacer } from './rate-pacer.js';

export interface HostLane {
  pool: Pool;
  limiter: AdaptiveConcurrency;
  pacer: RatePacer;
}

export class HostLanes {
  private readonly lanes = new Map<string, { lane: HostLane; users: number }>();

  /** The lane of a vendor's service at an origin (`key`), made by `make` for its first client; release it once per acquire. */
  acquire(key: string, make: () => HostLane): HostLane {
    let held = this.lanes.get(key);
    if (!held) this.lanes.set(key, (held = { lane: make(), users: 0 }));
    held.users += 1;
    return held.lane;
  }

  /** Closes the lane's connections once its last client lets go. */
  async release(key: string): Promise<void> {
    const held = this.lanes.get(key);
    if (!held || --held.users > 0) return;
    this.lanes.delete(key);
    if (!held.lane.pool.closed && !held.lane.pool.destroyed) await held.lane.pool.close();
  }
}
