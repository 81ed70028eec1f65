/**
 * Creating an object when the vendor may commit a create yet report a
 * failure: shared by the executor (YAML) and the Terraform provider, so both
 * follow the same rule and never create blindly twice.
 */
import { AmbiguousWriteError, UserError } from '../../errors.js';
import type { ExecContext, Kind, LiveObject } from '../../kinds/types.js';
import type { VendorClients } from '../../vendors/index.js';

/** Live objects keyed `key` that were not there before (`knownIds`) and that the kind would match to `value`. */
export async function newlyListed(kind: Kind, value: unknown, clients: VendorClients, knownIds: ReadonlySet<string>, key: string): Promise<LiveObject[]> {
  return (await kind.readLive(clients)).filter((l) => l.key === key && !knownIds.has(l.id) && (kind.narrow?.(value, l) ?? true));
}

/**
 * Creates the object. After an ambiguous failure, re-lists and looks for it
 * by key among objects not known before: several is an error, none means
 * create again (or, with the attempt budget spent, the failure), one means
 * the create landed and its follow-up requests may not have, so it is updated
 * with `changedPaths(committed)` (less `deferred`).
 * A transient failure (502/503/504, a network error) is tried again like an
 * idempotent request: after the same backoff, within the same attempt budget.
 * Any other ambiguous failure gets one more create.
 */
export async function createOrRecover(
  kind: Kind,
  value: unknown,
  ctx: ExecContext,
  deferred: ReadonlySet<string>,
  knownIds: ReadonlySet<string>,
  key: string,
  changedPaths: (committed: LiveObject) => ReadonlySet<string>,
): Promise<LiveObject> {
  if (!kind.create) throw new Error(`${kind.kind} cannot be created`);
  const creating = { ...ctx, creating: { key, knownIds } };
  for (let attempts = 1; ; attempts++) {
    try {
      return await kind.create(value, creating, deferred);
    } catch (err) {
      if (!(err instanceof AmbiguousWriteError)) throw err;
      const spent = !(await err.waitBeforeAgain(attempts)) && attempts > 1;
      // Also once the budget is spent: the last create may have landed, and giving up on it would leave an object nobody records.
      const fresh = await newlyListed(kind, value, ctx.clients, knownIds, key);
      if (fresh.length > 1) throw new UserError(`${err.message}; ${fresh.length} new ${kind.configKey} named "${key}" now exist (ids ${fresh.map((l) => l.id).join(', ')})`);
      const committed = fresh[0];
      if (!committed) {
        if (spent) throw err;
        continue;
      }
      const rest = new Set([...changedPaths(committed)].filter((path) => !deferred.has(path)));
      if (rest.size > 0) await kind.update(committed, value, rest, ctx);
      return committed;
    }
  }
}
