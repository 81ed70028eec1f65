/**
 * One Terraform resource type over one engine kind: validation, refresh,
 * planning, apply and import, all through the kind's own schema, comparison
 * and vendor calls.
 *
 * State holds the config form of each attribute (what the user wrote, so no
 * phantom diffs from normalisation), plus live values for computed attributes
 * the config leaves unset. A refresh replaces an attribute with its live value
 * only when the kind's comparison says the live object drifted from it.
 */
import { createOrRecover, newlyListed } from '../engine/apply/create-recovery.js';
import { settleDelete, stillListedMessage } from '../engine/apply/delete-settle.js';
import { appliedValues, diffObject, pathsOf } from '../engine/plan/object-diff.js';
import { UserError } from '../errors.js';
import { deepEqual } from '../kinds/normalise.js';
import type { FieldMap, Kind, LiveObject, NormaliseContext } from '../kinds/types.js';
import type { VendorClients } from '../vendors/index.js';
import { isKnownObject, isUnknown, isWhollyKnown, unknown, type CtyValue } from './cty-codec.js';
import type { CtyType } from './cty-types.js';
import { DiagnosticsError, errorDiagnostic, hasErrors, warningDiagnostic, type AttributePath, type Diagnostic } from './diagnostics.js';
import {
  checkDesired,
  execContext,
  existingFor,
  liveById,
  lookupsFor,
  prepareDesired,
  refuseSharedNames,
  unresolvedReferences,
  type LinkContext,
} from './kind-ops.js';
import type { PendingLinks } from './pending-links.js';
import { forgetCachedReads, uncached } from './refresh-cache.js';
import { attributeType, blockType } from './schema-proto.js';
import { attributesFromConfig, configFromAttributes, followersOf, requiresReplacePaths, resourceTypeOf, type Schema, type SchemaAttribute } from '../terraform/schema.js';
import { checkAttributes, type Attributes } from './validation.js';

export interface ResourceEnv {
  /** The configured vendor clients able to serve this kind; throws when the provider block lacks them. */
  clientsFor(kind: Kind): VendorClients;
  /** False while the provider block holds values known only after apply: nothing can ask the vendors yet. */
  configKnown(): boolean;
  /** Terraform's working directory: relative file attributes (webchat icons) resolve against it. */
  cwd: string;
  /** References to objects not created yet, shared by every resource type of the provider process. */
  links: PendingLinks;
}

export interface PlanResult {
  planned: Attributes | null;
  requiresReplace: AttributePath[];
  diagnostics: Diagnostic[];
}

export interface ApplyResult {
  newState: Attributes | null;
  diagnostics: Diagnostic[];
}

export class ResourceType {
  readonly typeName: string;
  readonly type: CtyType;
  private readonly attributes: Record<string, SchemaAttribute>;
  /** Computed attribute → the attributes whose change makes it stale. */
  private readonly leaders = new Map<string, string[]>();

  constructor(
    readonly kind: Kind,
    readonly schema: Schema,
    private readonly env: ResourceEnv,
  ) {
    this.typeName = resourceTypeOf(kind);
    this.type = blockType(schema.block);
    this.attributes = schema.block.attributes ?? {};
    for (const name of Object.keys(this.attributes)) {
      for (const follower of followersOf(kind, name)) this.leaders.set(follower, [...(this.leaders.get(follower) ?? []), name]);
    }
  }

  validate(config: Attributes): Diagnostic[] {
    return checkAttributes(this.kind, config).diagnostics;
  }

  async read(state: Attributes): Promise<Attributes | null> {
    const clients = this.env.clientsFor(this.kind);
    const live = await liveById(this.kind, clients, String(state.id));
    if (!live) return null;
    const { ctx, want } = await this.comparableState(state, clients);
    const fresh = await this.freshAttributes(live, clients);
    // Drift is what the live object shows: a field it cannot return counts as applied.
    const diff = diffObject(this.kind, want, this.kind.liveFields(live, ctx), () => true);
    const drifted = new Set([...pathsOf(diff)].flatMap((path) => this.attributesOfField(path)));
    const next: Attributes = { ...state };
    for (const [name, attribute] of Object.entries(this.attributes)) {
      if (name === 'id') continue;
      if (drifted.has(name) || (state[name] === null && attribute.computed)) next[name] = fresh[name] ?? null;
    }
    return next;
  }

  async plan(prior: Attributes | null, proposed: Attributes | null, config: Attributes | null): Promise<PlanResult> {
    if (proposed === null || config === null) return { planned: null, requiresReplace: [], diagnostics: [] };
    const planned: Attributes = { ...proposed };
    for (const [name, attribute] of Object.entries(this.attributes)) {
      if (!attribute.computed || config[name] !== null) continue;
      const stale = (this.leaders.get(name) ?? []).some((l) => config[l] !== null && !deepEqual(config[l], prior?.[l] ?? null));
      // Terraform proposes null for a computed nested attribute left unset: the live value stays what it was.
      planned[name] = prior === null || stale ? unknown() : (prior[name] ?? null);
    }
    for (const [name, attribute] of Object.entries(this.attributes)) planned[name] = newNestedComputed(attribute, prior?.[name] ?? null, config[name] ?? null, planned[name] ?? null);
    const requiresReplace = prior === null ? [] : requiresReplacePaths(this.kind).filter((p) => !sameAt(prior, planned, p));
    if (!this.env.configKnown()) {
      // Unverifiable until the provider is configured: followers of set leaders may change, so they are left open.
      for (const [follower, leaders] of this.leaders) {
        if (prior !== null && config[follower] === null && leaders.some((l) => config[l] !== null)) planned[follower] = unknown();
      }
      return { planned, requiresReplace, diagnostics: [] };
    }
    if (isWhollyKnown(config)) return { planned, requiresReplace, diagnostics: await this.engineChecks(prior, planned, config, requiresReplace.length > 0) };
    // Followers of known leaders must be judged now too: the final plan may not turn a known value unknown.
    if (prior !== null && requiresReplace.length === 0) await this.followersOfKnown(prior, planned, config);
    return { planned, requiresReplace, diagnostics: [] };
  }

  async apply(prior: Attributes | null, planned: Attributes | null, config: Attributes | null): Promise<ApplyResult> {
    const clients = this.env.clientsFor(this.kind);
    if (planned === null) {
      const diagnostics = await this.remove(prior, clients);
      return { newState: hasErrors(diagnostics) ? prior : null, diagnostics };
    }
    const { value, ctx } = await this.desired(config ?? planned, clients);
    const unresolved = unresolvedReferences(this.kind, value, ctx);
    let live: LiveObject;
    let created: LiveObject | undefined;
    const diagnostics: Diagnostic[] = [];
    try {
      if (prior === null) {
        // A new object may refer to one this apply has yet to create: it is linked once that exists.
        const existing = await existingFor(this.kind, clients, value);
        if (existing) await this.send(existing, value, ctx, undefined, unresolved, true);
        live = existing ?? (created = await this.create(value, ctx, new Set(unresolved.keys())));
        if (unresolved.size > 0) diagnostics.push(...(await this.env.links.defer({ kind: this.kind, id: live.id, value, lookups: ctx.lookups }, unresolved, clients)));
      } else {
        live = await this.liveOf(prior, clients);
        this.env.links.forget(this.kind, live.id);
        await this.send(live, value, ctx, (await this.comparableState(prior, clients)).want, unresolved, false);
      }
      diagnostics.push(...(await this.env.links.settle(`${this.kind.kind}/${this.kind.keyOf(value)}`, clients)));
      return { newState: await this.readBack(planned, prior, live, clients, diagnostics), diagnostics };
    } catch (err) {
      const made = created ?? (err instanceof CreatedButFailed ? err.live : undefined);
      if (!made) throw err;
      // The object exists: state must record it (Terraform taints it), or the next apply would create a duplicate.
      const cause = err instanceof CreatedButFailed ? err.cause : err;
      const detail = `${this.kind.kind} id ${made.id} was created, but applying it did not finish: ${cause instanceof Error ? cause.message : String(cause)}. It is recorded in the state as tainted, so the next apply replaces it.`;
      return { newState: filled(planned, { id: made.id }) as Attributes, diagnostics: [errorDiagnostic(`${this.typeName} created, but not completed`, detail)] };
    }
  }

  /** Reads the written object back through the list the refreshes use, so state and refresh agree. */
  private async readBack(planned: Attributes, prior: Attributes | null, live: LiveObject, clients: VendorClients, diagnostics: Diagnostic[]): Promise<Attributes> {
    try {
      const after = (await liveById(this.kind, clients, live.id)) ?? live;
      return filled(planned, await this.freshAttributes(after, clients)) as Attributes;
    } catch (err) {
      if (!(err instanceof UserError)) throw err;
      // The write happened and is complete: the state records it, and the next refresh fills in the rest.
      const detail = `${this.kind.kind} id ${live.id} was written, but reading it back failed: ${err.message}. The next refresh fills in what is missing.`;
      diagnostics.push(warningDiagnostic(`${this.typeName} not read back`, detail));
      return filled(planned, { ...(prior ?? {}), id: live.id }) as Attributes;
    }
  }

  /**
   * Creates through the engine's recovery. A create can be several requests
   * (an inbox's working hours are a follow-up update), so after any failure
   * an object that newly appeared under the key is reported as created.
   */
  private async create(value: unknown, ctx: LinkContext, deferred: ReadonlySet<string>): Promise<LiveObject> {
    refuseSharedNames(this.kind, value, ctx, (field) => !deferred.has(field));
    const known = new Set((await this.kind.readLive(ctx.clients)).map((l) => l.id));
    const key = this.kind.keyOf(value);
    try {
      return await createOrRecover(this.kind, value, ctx, deferred, known, key, (committed) => this.changedFields(value, committed, ctx, undefined));
    } catch (err) {
      let fresh: LiveObject[] = [];
      try {
        fresh = await newlyListed(this.kind, value, ctx.clients, known, key);
      } catch {
        // The vendor cannot be listed either: the create's own failure is the one to report.
      }
      if (fresh.length === 1) throw new CreatedButFailed(fresh[0]!, err);
      throw err;
    }
  }

  /** `terraform import` / `import {}`: by live id, else by natural key (slug or name). */
  async import(id: string): Promise<Attributes> {
    const clients = this.env.clientsFor(this.kind);
    const live = await this.kind.readLive(clients);
    const byId = live.find((l) => l.id === id);
    const matches = byId ? [byId] : live.filter((l) => l.key === id);
    if (matches.length > 1) {
      throw new UserError(`"${id}" names ${matches.length} live ${this.kind.kind} objects (ids ${matches.map((l) => l.id).join(', ')}): import one of them by id`);
    }
    const found = matches[0];
    if (!found) throw new UserError(`no live ${this.kind.kind} has the id or natural key "${id}"`);
    return this.freshAttributes(found, clients);
  }

  /** Plan-time checks that need the vendor: look-ups, the object to adopt, content Terraform cannot see. */
  private async engineChecks(prior: Attributes | null, planned: Attributes, config: Attributes, replacing: boolean): Promise<Diagnostic[]> {
    const parsed = checkAttributes(this.kind, config);
    if (parsed.value === undefined) return parsed.diagnostics;
    const clients = this.env.clientsFor(this.kind);
    const { value, normalise, problems } = await this.prepared(parsed.value, clients);
    if (hasErrors(problems)) return problems;
    if (prior === null || replacing) {
      try {
        await existingFor(this.kind, clients, value);
      } catch (err) {
        if (!(err instanceof UserError)) throw err;
        return [errorDiagnostic(`Cannot adopt ${this.kind.kind}`, err.message, this.kind.pinOf?.(value) === undefined ? [] : ['id'])];
      }
      return [];
    }
    await this.markStaleFollowers(prior, planned, config, value, normalise, clients);
    return [];
  }

  /**
   * The follower check for a configuration with unknown values: those take
   * their prior values (their followers are unknown already), and any problem
   * waits for the final plan, when the configuration is known.
   */
  private async followersOfKnown(prior: Attributes, planned: Attributes, config: Attributes): Promise<void> {
    const probe: Attributes = {};
    for (const [name, value] of Object.entries(config)) probe[name] = isWhollyKnown(value) ? value : (prior[name] ?? null);
    const parsed = checkAttributes(this.kind, probe);
    if (parsed.value === undefined) return;
    const clients = this.env.clientsFor(this.kind);
    let prepared: Awaited<ReturnType<ResourceType['prepared']>>;
    try {
      prepared = await this.prepared(parsed.value, clients);
    } catch (err) {
      if (err instanceof DiagnosticsError) return;
      throw err;
    }
    if (hasErrors(prepared.problems)) return;
    await this.markStaleFollowers(prior, planned, config, prepared.value, prepared.normalise, clients);
  }

  /** A change the attribute values cannot show (an icon file's content): its computed followers will change. */
  private async markStaleFollowers(prior: Attributes, planned: Attributes, config: Attributes, value: unknown, normalise: NormaliseContext, clients: VendorClients): Promise<void> {
    const live = await liveById(this.kind, clients, String(prior.id));
    if (!live) return;
    const priorWant = (await this.comparableState(prior, clients)).want;
    for (const path of this.changedFields(value, live, normalise, priorWant)) {
      const group = this.attributesOfField(path);
      if (group.some((name) => !deepEqual(planned[name], prior[name]))) continue;
      for (const name of group.flatMap((n) => followersOf(this.kind, n))) {
        if (this.attributes[name]?.computed && config[name] === null) planned[name] = unknown();
      }
    }
  }

  /** An error for a delete the vendor has not finished within the wait: the prior state stays, so destroy can be retried. */
  private async remove(prior: Attributes | null, clients: VendorClients): Promise<Diagnostic[]> {
    if (prior === null) return [];
    // Its configuration is gone: no later apply in this process may write it through a link it was waiting for.
    this.env.links.forget(this.kind, String(prior.id));
    const live = await liveById(this.kind, clients, String(prior.id));
    const what = `${this.kind.kind} "${live?.key ?? String(prior.id)}" (id ${String(prior.id)})`;
    if (!this.kind.delete) {
      const vendor = this.kind.vendor.charAt(0).toUpperCase() + this.kind.vendor.slice(1);
      return [
        warningDiagnostic(
          `${this.typeName} forgotten, not deleted`,
          `${vendor} cannot delete a ${this.kind.kind} through its API: ${what} was removed from the Terraform state and left as it is in ${vendor}.`,
        ),
      ];
    }
    if (!live) return [];
    const cancelRelinks = await this.env.links.deleting(this.kind, live.id, clients);
    try {
      await this.kind.delete(live, { clients, lookups: undefined, idOf: () => undefined });
    } catch (err) {
      cancelRelinks();
      throw err;
    }
    // Terraform may create its replacement, or link to its name, right after: it must not find this one still listed.
    const settled = await settleDelete(this.kind, live, uncached(clients));
    if (settled.gone) {
      forgetCachedReads(clients, this.kind.vendor);
      return [];
    }
    return [errorDiagnostic(`${this.typeName} not deleted yet`, `${stillListedMessage(this.kind, settled.waitedMs)}: ${what} stays in the Terraform state; apply again to wait for it`)];
  }

  private async liveOf(prior: Attributes, clients: VendorClients): Promise<LiveObject> {
    const live = await liveById(this.kind, clients, String(prior.id));
    if (!live) {
      throw new UserError(
        `${this.kind.kind} id ${String(prior.id)} no longer exists in ${this.kind.vendor}; run terraform apply again to plan its re-creation`,
      );
    }
    return live;
  }

  /**
   * Sends the fields that differ, as the executor would for an update.
   * References to objects that do not exist are left for later on a new
   * object (`linkLater`), and refused on an existing one.
   */
  private async send(live: LiveObject, value: unknown, ctx: LinkContext, prior: FieldMap | undefined, unresolved: ReadonlyMap<string, string>, linkLater: boolean): Promise<void> {
    const changed = this.changedFields(value, live, ctx, prior);
    refuseSharedNames(this.kind, value, ctx, (field) => changed.has(field));
    for (const [field, target] of unresolved) {
      if (!changed.has(field)) continue;
      if (!linkLater) throw new UserError(`${field}: there is no live ${target.replace('/', ' "')}" to link to`);
      changed.delete(field);
    }
    if (changed.size > 0) await this.kind.update(live, value, changed, ctx);
  }

  /**
   * Comparable field paths to send: those that differ from the live object,
   * and, for fields the vendor cannot return, those that differ from what was
   * applied last (`prior`, from Terraform state; absent on create or adoption).
   */
  private changedFields(value: unknown, live: LiveObject, normalise: NormaliseContext, prior: FieldMap | undefined): Set<string> {
    return pathsOf(diffObject(this.kind, this.kind.desiredFields(value, normalise), this.kind.liveFields(live, normalise), appliedValues(prior)));
  }

  /** The validated, prepared and checked desired value of a wholly known configuration. */
  private async desired(config: Attributes, clients: VendorClients) {
    const parsed = checkAttributes(this.kind, config);
    if (parsed.value === undefined) throw new DiagnosticsError(parsed.diagnostics);
    const { value, problems, normalise } = await this.prepared(parsed.value, clients);
    if (hasErrors(problems)) throw new DiagnosticsError(problems);
    return { value, ctx: await execContext(this.kind, clients, value, normalise.lookups) };
  }

  private async prepared(parsed: unknown, clients: VendorClients) {
    const value = await prepareDesired(this.kind, parsed, this.env.cwd);
    const normalise: NormaliseContext = { lookups: await lookupsFor(this.kind, clients, [value], this.env.cwd) };
    return { value, normalise, problems: checkDesired(this.kind, value, normalise) };
  }

  /**
   * The comparable form of a state: what was applied last. State also holds
   * computed values, which is what a refresh compares too; an attribute whose
   * file can no longer be prepared is left out rather than failing the read.
   */
  private async comparableState(state: Attributes, clients: VendorClients): Promise<{ ctx: NormaliseContext; want: FieldMap }> {
    const config = configFromAttributes(this.kind, state).config;
    let value: unknown = config;
    try {
      value = await prepareDesired(this.kind, config, this.env.cwd);
    } catch (err) {
      if (!(err instanceof DiagnosticsError)) throw err;
      for (const d of err.diagnostics) {
        const name = d.attribute?.steps?.[0]?.attribute_name as string | undefined;
        if (name !== undefined) delete config[name];
      }
    }
    const ctx = { lookups: await lookupsFor(this.kind, clients, [value], this.env.cwd) };
    return { ctx, want: this.kind.desiredFields(value, ctx) };
  }

  /**
   * Every attribute as the live object has it: the kind's export (config
   * form, with every look-up as `deskform export` uses them, so names are
   * resolved), then comparable live values for computed attributes the
   * export leaves out (e.g. the prompt id when the export names the prompt).
   */
  private async freshAttributes(live: LiveObject, clients: VendorClients): Promise<Attributes> {
    const ctx = { lookups: this.kind.readLookups ? await this.kind.readLookups(clients, 'all') : undefined };
    const have = this.kind.liveFields(live, ctx);
    const attrs = attributesFromConfig(this.kind, this.kind.exportLive(live, ctx)) as Attributes;
    attrs.id = live.id;
    for (const [name, attribute] of Object.entries(this.attributes)) {
      const value = have[name];
      if (attrs[name] === null && attribute.computed && fits(attributeType(attribute), value)) attrs[name] = value as CtyValue;
    }
    return attrs;
  }

  /** Attributes standing for a comparable field path (`channel.type` → channel; `icon` → icon, icon_key). */
  private attributesOfField(path: string): string[] {
    const field = path.split('.')[0] ?? path;
    const adapter = this.kind.terraform?.adapters?.[field];
    return adapter ? Object.keys(adapter.attributes) : [field];
  }
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

function sameAt(a: Attributes, b: Attributes, path: readonly string[]): boolean {
  const at = (root: CtyValue) => path.reduce<CtyValue>((v, k) => (v !== null && typeof v === 'object' && !isUnknown(v) && !Array.isArray(v) ? (v[k] ?? null) : null), root);
  const x = at(a);
  const y = at(b);
  return !isUnknown(x) && !isUnknown(y) && deepEqual(x, y);
}

/**
 * A nested object new in this plan: its unset computed attributes take what
 * the vendor gives them. Where the prior state has the object, Terraform
 * already proposed the prior values.
 */
function newNestedComputed(attribute: SchemaAttribute, before: CtyValue, config: CtyValue, proposed: CtyValue): CtyValue {
  const inner = attribute.nested_type?.nesting_mode === 'single' ? attribute.nested_type.attributes : undefined;
  if (!inner || isKnownObject(before) || !isKnownObject(config) || !isKnownObject(proposed)) return proposed;
  return Object.fromEntries(Object.entries(proposed).map(([k, v]) => [k, inner[k]?.computed && config[k] === null ? unknown() : v]));
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

function fits(type: CtyType, value: unknown): boolean {
  switch (type.kind) {
    case 'string':
      return typeof value === 'string';
    case 'number':
      return typeof value === 'number';
    case 'bool':
      return typeof value === 'boolean';
    case 'list':
    case 'set':
      return Array.isArray(value) && value.every((v) => fits(type.element, v));
    default:
      return false;
  }
}
