/**
 * The engine operations the resource adapter needs for one object at a time:
 * preparing a desired value, look-ups and checks, matching and linking
 * through the kinds, exactly as the planner and executor do for YAML.
 */
import type { DeclaredObject, SourcePos } from '../config/types.js';
import { ConfigError, UserError } from '../errors.js';
import { liveIds } from '../engine/apply/live-ids.js';
import { indexLive, matchLive } from '../engine/plan/live-match.js';
import { stepRef } from '../engine/plan/plan.js';
import { kindNamed } from '../kinds/registry.js';
import type { ExecContext, Kind, LiveObject, NormaliseContext } from '../kinds/types.js';
import type { VendorClients } from '../vendors/index.js';
import { DiagnosticsError, invalidAttribute, type Diagnostic } from './diagnostics.js';
import type { ManagedIds } from './managed-ids.js';
import { attributePathOf } from '../terraform/schema.js';

/** `locate()` results carry the config path in `file`, so problems can be mapped back to attributes. */
const PATH_MARKER = 'terraform-attribute:';

/** A declared object as the kinds expect one; files (webchat icons) resolve against Terraform's working directory. */
function declaredObject(kind: Kind, value: unknown, cwd: string): DeclaredObject {
  const locate = (path: ReadonlyArray<string | number>): SourcePos => ({ file: PATH_MARKER + JSON.stringify(path), line: 0, col: 0 });
  return { kind: kind.kind, key: kind.keyOf(value), value, source: locate([]), locate, dir: cwd };
}

/** Runs the kind's preparation (hashing icon files, …); its config errors become located diagnostics. */
export async function prepareDesired(kind: Kind, value: unknown, cwd: string): Promise<unknown> {
  if (!kind.prepare) return value;
  try {
    return await kind.prepare(declaredObject(kind, value, cwd));
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    throw new DiagnosticsError(
      err.problems.map((p) => {
        const path = p.file.startsWith(PATH_MARKER) ? (JSON.parse(p.file.slice(PATH_MARKER.length)) as Array<string | number>) : [];
        return invalidAttribute(attributePathOf(kind, path), p.message, kind.kind);
      }),
    );
  }
}

/** The kind's look-ups for these desired values (one request each, memoised by the client cache). */
export async function lookupsFor(kind: Kind, clients: VendorClients, values: unknown[], cwd: string): Promise<unknown> {
  if (!kind.readLookups) return undefined;
  return kind.readLookups(clients, values.map((v) => declaredObject(kind, v, cwd)));
}

/** Checks that need look-ups (a prompt name that does not exist, …), located at attributes. */
export function checkDesired(kind: Kind, value: unknown, ctx: NormaliseContext): Diagnostic[] {
  return (kind.check?.(value, ctx) ?? []).map((p) => invalidAttribute(attributePathOf(kind, p.path), p.message, kind.kind));
}

export async function liveById(kind: Kind, clients: VendorClients, id: string): Promise<LiveObject | undefined> {
  return (await kind.readLive(clients)).find((l) => l.id === id);
}

/**
 * The live object a new resource takes over instead of creating one: the
 * pinned id, or for kinds the vendor cannot create, the one object matching
 * key and narrowing. Undefined when a new object is to be created.
 */
export async function existingFor(kind: Kind, clients: VendorClients, value: unknown): Promise<LiveObject | undefined> {
  const pin = kind.pinOf?.(value);
  if (pin === undefined && kind.create) return undefined;
  const key = kind.keyOf(value);
  const match = matchLive(kind, value, key, indexLive(await kind.readLive(clients)));
  if ('live' in match) return match.live;
  if (match.problem === 'pin-missing') throw new UserError(`no live ${kind.kind} has id ${match.pin}`);
  if (match.problem === 'ambiguous') throw new UserError(`${match.ids.length} live ${kind.kind} objects match "${key}" (ids ${match.ids.join(', ')}): set id to one of them`);
  throw new UserError(
    `no live ${kind.kind} matches "${key}", and ${kind.vendor} cannot create one through its API: create it in ${kind.vendor} itself, then apply again`,
  );
}

export interface LinkContext extends ExecContext {
  /** The ids of each referenced `kind/key` several live objects share: `idOf` resolves none of them. */
  readonly shared: ReadonlyMap<string, readonly string[]>;
}

/** Reference fields whose target does not exist live yet, with the target's `kind/key`. */
export function unresolvedReferences(kind: Kind, value: unknown, ctx: LinkContext): Map<string, string> {
  const missing = new Map<string, string>();
  for (const ref of kind.references(value)) {
    const target = stepRef(ref.kind, ref.key);
    if (ctx.idOf(ref.kind, ref.key) === undefined && !ctx.shared.has(target)) missing.set(String(ref.path[0]), target);
  }
  return missing;
}

/**
 * Refuses to send a reference whose name several live objects share and
 * Terraform manages none or several of. Linking one by list order would pick
 * it silently; the YAML executor does not either, and its plan refuses such a
 * name until the target is pinned by id.
 */
export function refuseSharedNames(kind: Kind, value: unknown, ctx: LinkContext, sends: (field: string) => boolean): void {
  for (const ref of kind.references(value)) {
    const field = String(ref.path[0]);
    const ids = ctx.shared.get(stepRef(ref.kind, ref.key));
    if (!ids || !sends(field)) continue;
    throw new UserError(`${field}: ${ids.length} live ${ref.kind} objects are named "${ref.key}" (ids ${ids.join(', ')}), so the link cannot tell which is meant: rename or delete all but one of them, or import the one meant into Terraform`);
  }
}

/**
 * An execution context whose `idOf` answers for the objects this value
 * references, by the executor's rule: a name one live object has alone, or
 * the one of a shared name's objects Terraform manages and is not deleting.
 */
export async function execContext(kind: Kind, clients: VendorClients, value: unknown, lookups: unknown, managed: ManagedIds): Promise<LinkContext> {
  const live = new Map<string, LiveObject[]>();
  for (const ref of kind.references(value)) {
    const target = kindNamed(ref.kind);
    if (target && !live.has(ref.kind)) live.set(ref.kind, await target.readLive(clients));
  }
  const { ids, shared } = managed.settle(liveIds(live));
  return { clients, lookups, idOf: (k, key) => ids.get(stepRef(k, key)), shared };
}
