/**
 * Pairing a declared object with its live object: by pinned id, else by
 * natural key narrowed by the kind. Shared by the planner (YAML) and the
 * Terraform provider, which word the problems for their own users.
 */
import type { Kind, LiveObject } from '../../kinds/types.js';

/** Live objects of one kind, indexed once so matching many declared objects stays linear. */
export interface LiveIndex {
  byId: ReadonlyMap<string, LiveObject>;
  byKey: ReadonlyMap<string, readonly LiveObject[]>;
}

export function indexLive(live: readonly LiveObject[]): LiveIndex {
  const byId = new Map<string, LiveObject>();
  const byKey = new Map<string, LiveObject[]>();
  for (const l of live) {
    // Ids are unique: the vendor clients refuse a list that repeats one.
    byId.set(l.id, l);
    byKey.set(l.key, [...(byKey.get(l.key) ?? []), l]);
  }
  return { byId, byKey };
}

export type LiveMatch =
  | { live: LiveObject | undefined }
  /** The pinned id names no live object. */
  | { problem: 'pin-missing'; pin: string }
  /** Several live objects match the key: the user must pin one. */
  | { problem: 'ambiguous'; ids: string[] }
  /** None matches, and the vendor cannot create this kind. */
  | { problem: 'cannot-create' };

/**
 * The live object `value` (keyed `key`) stands for; `{ live: undefined }` when one is to be created.
 * `claimed` ids belong to other declared objects by pin and are never matched by name.
 */
export function matchLive(kind: Kind, value: unknown, key: string, index: LiveIndex, claimed: ReadonlySet<string> = new Set()): LiveMatch {
  const pin = kind.pinOf?.(value);
  if (pin !== undefined) {
    const pinned = index.byId.get(pin);
    return pinned ? { live: pinned } : { problem: 'pin-missing', pin };
  }
  const candidates = (index.byKey.get(key) ?? []).filter((l) => !claimed.has(l.id) && (kind.narrow?.(value, l) ?? true));
  if (candidates.length > 1) return { problem: 'ambiguous', ids: candidates.map((c) => c.id) };
  if (!candidates[0] && !kind.create) return { problem: 'cannot-create' };
  return { live: candidates[0] };
}
