/**
 * Applying a planned change of one resource: adopt or create, update, or
 * delete through the kind, as the executor does for YAML, and read the
 * result back into state.
 */
import { createOrRecover, newlyListed } from '../engine/apply/create-recovery.js';
import { settleDelete, stillListedMessage } from '../engine/apply/delete-settle.js';
import { UserError } from '../errors.js';
import type { FieldMap, LiveObject } from '../kinds/types.js';
import type { VendorClients } from '../vendors/index.js';
import { isKnownObject, isUnknown, type CtyValue } from './cty-codec.js';
import { errorDiagnostic, hasErrors, warningDiagnostic, type Diagnostic } from './diagnostics.js';
import { existingFor, liveById, refuseSharedNames, unresolvedReferences, type LinkContext } from './kind-ops.js';
import { forgetCachedReads, uncached } from './refresh-cache.js';
import type { ResourceAdapter } from './resource-adapter.js';
import type { Attributes } from './validation.js';

export interface ApplyResult {
  newState: Attributes | null;
  diagnostics: Diagnostic[];
}

export async function applyChange(r: ResourceAdapter, prior: Attributes | null, planned: Attributes | null, config: Attributes | null): Promise<ApplyResult> {
  const clients = r.env.clientsFor(r.kind);
  if (planned === null) {
    const diagnostics = await remove(r, prior, clients);
    return { newState: hasErrors(diagnostics) ? prior : null, diagnostics };
  }
  const { value, ctx } = await r.desired(config ?? planned, clients);
  const unresolved = unresolvedReferences(r.kind, value, ctx);
  let live: LiveObject;
  let created: LiveObject | undefined;
  const diagnostics: Diagnostic[] = [];
  try {
    if (prior === null) {
      // A new object may refer to one this apply has yet to create: it is linked once that exists.
      const existing = await existingFor(r.kind, clients, value);
      if (existing) await send(r, existing, value, ctx, undefined, unresolved, true);
      live = existing ?? (created = await create(r, value, ctx, new Set(unresolved.keys())));
      if (unresolved.size > 0) diagnostics.push(...(await r.env.links.defer({ kind: r.kind, id: live.id, value, lookups: ctx.lookups }, unresolved, clients)));
    } else {
      live = await liveOf(r, prior, clients);
      r.env.links.forget(r.kind, live.id);
      await send(r, live, value, ctx, (await r.comparableState(prior, clients)).want, unresolved, false);
    }
    r.env.managed.note(r.kind.kind, r.kind.keyOf(value), live.id);
    diagnostics.push(...(await r.env.links.settle(`${r.kind.kind}/${r.kind.keyOf(value)}`, clients)));
    return { newState: await readBack(r, planned, prior, live, clients, diagnostics), diagnostics };
  } catch (err) {
    const made = created ?? (err instanceof CreatedButFailed ? err.live : undefined);
    if (!made) throw err;
    // The object exists: state must record it (Terraform taints it), or the next apply would create a duplicate.
    const cause = err instanceof CreatedButFailed ? err.cause : err;
    const detail = `${r.kind.kind} id ${made.id} was created, but applying it did not finish: ${cause instanceof Error ? cause.message : String(cause)}. It is recorded in the state as tainted, so the next apply replaces it.`;
    return { newState: filled(planned, { id: made.id }) as Attributes, diagnostics: [errorDiagnostic(`${r.typeName} created, but not completed`, detail)] };
  }
}

/** Reads the written object back through the list the refreshes use, so state and refresh agree. */
async function readBack(r: ResourceAdapter, planned: Attributes, prior: Attributes | null, live: LiveObject, clients: VendorClients, diagnostics: Diagnostic[]): Promise<Attributes> {
  try {
    const after = (await liveById(r.kind, clients, live.id)) ?? live;
    return filled(planned, await r.freshAttributes(after, clients)) as Attributes;
  } catch (err) {
    if (!(err instanceof UserError)) throw err;
    // The write happened and is complete: the state records it, and the next refresh fills in the rest.
    const detail = `${r.kind.kind} id ${live.id} was written, but reading it back failed: ${err.message}. The next refresh fills in what is missing.`;
    diagnostics.push(warningDiagnostic(`${r.typeName} not read back`, detail));
    return filled(planned, { ...(prior ?? {}), id: live.id }) as Attributes;
  }
}

/**
 * Creates through the engine's recovery. A create can be several requests
 * (an inbox's working hours are a follow-up update), so after any failure
 * an object that newly appeared under the key is reported as created.
 */
async function create(r: ResourceAdapter, value: unknown, ctx: LinkContext, deferred: ReadonlySet<string>): Promise<LiveObject> {
  refuseSharedNames(r.kind, value, ctx, (field) => !deferred.has(field));
  const known = new Set((await r.kind.readLive(ctx.clients)).map((l) => l.id));
  const key = r.kind.keyOf(value);
  try {
    return await createOrRecover(r.kind, value, ctx, deferred, known, key, (committed) => r.changedFields(value, committed, ctx, undefined));
  } catch (err) {
    let fresh: LiveObject[] = [];
    try {
      fresh = await newlyListed(r.kind, value, ctx.clients, known, key);
    } catch {
      // The vendor cannot be listed either: the create's own failure is the one to report.
    }
    if (fresh.length === 1) throw new CreatedButFailed(fresh[0]!, err);
    throw err;
  }
}

/** An error for a delete the vendor has not finished within the wait: the prior state stays, so destroy can be retried. */
async function remove(r: ResourceAdapter, prior: Attributes | null, clients: VendorClients): Promise<Diagnostic[]> {
  if (prior === null) return [];
  // Its configuration is gone: no later apply in this process may write it through a link it was waiting for.
  r.env.links.forget(r.kind, String(prior.id));
  const live = await liveById(r.kind, clients, String(prior.id));
  const what = `${r.kind.kind} "${live?.key ?? String(prior.id)}" (id ${String(prior.id)})`;
  if (!r.kind.delete) {
    const vendor = r.kind.vendor.charAt(0).toUpperCase() + r.kind.vendor.slice(1);
    return [
      warningDiagnostic(
        `${r.typeName} forgotten, not deleted`,
        `${vendor} cannot delete a ${r.kind.kind} through its API: ${what} was removed from the Terraform state and left as it is in ${vendor}.`,
      ),
    ];
  }
  if (!live) return [];
  const cancelRelinks = await r.env.links.deleting(r.kind, live.id, clients);
  const stillManaged = r.env.managed.deleting(r.kind.kind, live.id);
  try {
    await r.kind.delete(live, { clients, lookups: undefined, idOf: () => undefined });
  } catch (err) {
    cancelRelinks();
    stillManaged();
    throw err;
  }
  // Terraform may create its replacement, or link to its name, right after: it must not find this one still listed.
  const onWait = (waited_ms: number) => r.env.onMessage({ type: 'apply.step_wait', level: 'info', kind: r.kind.kind, key: live.key, waited_ms });
  const settled = await settleDelete(r.kind, live, uncached(clients), {}, onWait);
  if (settled.gone) {
    forgetCachedReads(clients, r.kind.vendor);
    return [];
  }
  return [errorDiagnostic(`${r.typeName} not deleted yet`, `${stillListedMessage(r.kind, settled.waitedMs)}: ${what} stays in the Terraform state; apply again to wait for it`)];
}

async function liveOf(r: ResourceAdapter, prior: Attributes, clients: VendorClients): Promise<LiveObject> {
  const live = await liveById(r.kind, clients, String(prior.id));
  if (!live) {
    throw new UserError(
      `${r.kind.kind} id ${String(prior.id)} no longer exists in ${r.kind.vendor}; run terraform apply again to plan its re-creation`,
    );
  }
  return live;
}

/**
 * Sends the fields that differ, as the executor would for an update.
 * References to objects that do not exist are left for later on a new
 * object (`linkLater`), and refused on an existing one.
 */
async function send(r: ResourceAdapter, live: LiveObject, value: unknown, ctx: LinkContext, prior: FieldMap | undefined, unresolved: ReadonlyMap<string, string>, linkLater: boolean): Promise<void> {
  const changed = r.changedFields(value, live, ctx, prior);
  refuseSharedNames(r.kind, value, ctx, (field) => changed.has(field));
  for (const [field, target] of unresolved) {
    if (!changed.has(field)) continue;
    if (!linkLater) throw new UserError(`${field}: there is no live ${target.replace('/', ' "')}" to link to`);
    changed.delete(field);
  }
  if (changed.size > 0) await r.kind.update(live, value, changed, ctx);
}

/** A create that failed after the vendor made the object. */
class CreatedButFailed extends Error {
  constructor(
    readonly live: LiveObject,
    override readonly cause: unknown,
  ) {
    super(cause instanceof Error ? cause.message : String(cause));
  }
}

/** The planned value with its unknowns filled from the live object. */
function filled(planned: CtyValue, fresh: CtyValue): CtyValue {
  if (isUnknown(planned)) return fresh ?? null;
  if (Array.isArray(planned)) return planned.map((v, i) => filled(v, Array.isArray(fresh) ? (fresh[i] ?? null) : null));
  if (isKnownObject(planned)) {
    const source = isKnownObject(fresh) ? fresh : {};
    return Object.fromEntries(Object.entries(planned).map(([k, v]) => [k, filled(v, source[k] ?? null)]));
  }
  return planned;
}
