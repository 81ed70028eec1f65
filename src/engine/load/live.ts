/** Reads the live side: one list request per kind plus each kind's look-ups, all in parallel. */
import type { DeclaredObject } from '../../config/types.js';
import type { Kind, LiveObject, LiveSnapshot } from '../../kinds/types.js';
import type { VendorClients } from '../../vendors/index.js';

/**
 * `declared` per kind decides which look-ups are needed; `'all'` (export)
 * fetches every look-up a kind has.
 */
export async function readLiveSnapshot(
  kinds: readonly Kind[],
  clients: VendorClients,
  declared: ReadonlyMap<string, readonly DeclaredObject[]> | 'all',
): Promise<LiveSnapshot> {
  const objects = new Map<string, LiveObject[]>();
  const lookups = new Map<string, unknown>();
  await Promise.all(
    kinds.map(async (kind) => {
      const mine = declared === 'all' ? 'all' : [...(declared.get(kind.kind) ?? [])];
      const needsLookups = kind.readLookups && (mine === 'all' || mine.length > 0);
      const [live, extra] = await Promise.all([
        kind.readLive(clients),
        needsLookups ? kind.readLookups!(clients, mine) : Promise.resolve(undefined),
      ]);
      objects.set(kind.kind, live);
      lookups.set(kind.kind, extra);
    }),
  );
  return { objects, lookups };
}
