/**
 * Live ids by `kind/key`, which is how references name their targets (a
 * portal's live chat is an inbox name). Shared by the executor and the
 * Terraform provider, so both link the same object.
 */
import type { LiveObject } from '../../kinds/types.js';
import { indexLive } from '../plan/live-match.js';
import { stepRef } from '../plan/plan.js';

export interface LiveIds {
  /** The id of each name one live object has alone. */
  ids: Map<string, string>;
  /**
   * The ids of each name several live objects share (Chatwoot inboxes may):
   * such a name resolves only through a match (a pinned id), never by list order.
   */
  shared: Map<string, string[]>;
}

export function liveIds(live: Iterable<readonly [string, readonly LiveObject[]]>): LiveIds {
  const result: LiveIds = { ids: new Map(), shared: new Map() };
  for (const [kind, objects] of live) {
    for (const [key, named] of indexLive(objects).byKey) {
      if (named.length === 1) result.ids.set(stepRef(kind, key), named[0]!.id);
      else result.shared.set(stepRef(kind, key), named.map((l) => l.id));
    }
  }
  return result;
}
