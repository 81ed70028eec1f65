/**
 * The live objects Terraform manages through this provider process, and the
 * ones it is deleting. Chatwoot lets several inboxes share a name; when one
 * of them is the inbox Terraform manages, a reference to that name means it,
 * as a YAML plan's match (or pinned id) settles it for the executor. An
 * object being deleted never counts.
 */
import type { LiveIds } from '../engine/apply/live-ids.js';
import { stepRef } from '../engine/plan/plan.js';

export class ManagedIds {
  /** Ids by `kind/key`. */
  private readonly managed = new Map<string, Set<string>>();
  /** `kind/id` of objects whose delete has started. */
  private readonly going = new Set<string>();

  /** Terraform holds `id` in its state under this key (read, imported or written). */
  note(kind: string, key: string, id: string): void {
    // A renamed object may stay under its old key too: that key's live list no longer shows it, so it never counts there.
    const ref = stepRef(kind, key);
    this.managed.set(ref, (this.managed.get(ref) ?? new Set()).add(id));
    this.going.delete(stepRef(kind, id));
  }

  /** Marks a delete as started; the returned undo is for a delete that fails. */
  deleting(kind: string, id: string): () => void {
    this.going.add(stepRef(kind, id));
    return () => this.going.delete(stepRef(kind, id));
  }

  /** `live` with each shared name settled where all but one of its objects are being deleted, or one of them is managed. */
  settle(live: LiveIds): LiveIds {
    const ids = new Map(live.ids);
    const shared = new Map<string, string[]>();
    for (const [ref, candidates] of live.shared) {
      const staying = candidates.filter((id) => !this.going.has(stepRef(ref.slice(0, ref.indexOf('/')), id)));
      const managed = staying.filter((id) => this.managed.get(ref)?.has(id));
      const chosen = staying.length === 1 ? staying : managed.length === 1 ? managed : undefined;
      if (chosen) ids.set(ref, chosen[0]!);
      else shared.set(ref, staying);
    }
    return { ids, shared };
  }
}
