/**
 * What every operation of a Terraform resource type works with: its kind and
 * schema, the provider's environment, and the conversions between Terraform
 * state and the kind's values.
 *
 * State holds the config form of each attribute (what the user wrote, so no
 * phantom diffs from normalisation), plus live values for computed attributes
 * the config leaves unset.
 */
import type { MessageSink } from '../engine/messages.js';
import { appliedValues, diffObject, pathsOf } from '../engine/plan/object-diff.js';
import type { FieldMap, Kind, LiveObject, NormaliseContext } from '../kinds/types.js';
import type { VendorClients } from '../vendors/index.js';
import type { CtyValue } from './cty-codec.js';
import type { CtyType } from './cty-types.js';
import { DiagnosticsError, hasErrors } from './diagnostics.js';
import { checkDesired, execContext, lookupsFor, prepareDesired } from './kind-ops.js';
import type { ManagedIds } from './managed-ids.js';
import type { PendingLinks } from './pending-links.js';
import { attributeType, blockType } from './schema-proto.js';
import { attributesFromConfig, configFromAttributes, followersOf, resourceTypeOf, type Schema, type SchemaAttribute } from '../terraform/schema.js';
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
  /** The objects Terraform manages in this process: they settle a name several live objects share. */
  managed: ManagedIds;
  /** Where progress goes that is not a diagnostic (Terraform's log): delete waits. */
  onMessage: MessageSink;
}

export class ResourceAdapter {
  readonly typeName: string;
  readonly type: CtyType;
  readonly attributes: Record<string, SchemaAttribute>;
  /** Computed attribute → the attributes whose change makes it stale. */
  readonly leaders = new Map<string, string[]>();

  constructor(
    readonly kind: Kind,
    readonly schema: Schema,
    readonly env: ResourceEnv,
  ) {
    this.typeName = resourceTypeOf(kind);
    this.type = blockType(schema.block);
    this.attributes = schema.block.attributes ?? {};
    for (const name of Object.keys(this.attributes)) {
      for (const follower of followersOf(kind, name)) this.leaders.set(follower, [...(this.leaders.get(follower) ?? []), name]);
    }
  }

  /**
   * Comparable field paths to send: those that differ from the live object,
   * and, for fields the vendor cannot return, those that differ from what was
   * applied last (`prior`, from Terraform state; absent on create or adoption).
   */
  changedFields(value: unknown, live: LiveObject, normalise: NormaliseContext, prior: FieldMap | undefined): Set<string> {
    return pathsOf(diffObject(this.kind, this.kind.desiredFields(value, normalise), this.kind.liveFields(live, normalise), appliedValues(prior)));
  }

  /** The validated, prepared and checked desired value of a wholly known configuration. */
  async desired(config: Attributes, clients: VendorClients) {
    const parsed = checkAttributes(this.kind, config);
    if (parsed.value === undefined) throw new DiagnosticsError(parsed.diagnostics);
    const { value, problems, normalise } = await this.prepared(parsed.value, clients);
    if (hasErrors(problems)) throw new DiagnosticsError(problems);
    return { value, ctx: await execContext(this.kind, clients, value, normalise.lookups, this.env.managed) };
  }

  async prepared(parsed: unknown, clients: VendorClients) {
    const value = await prepareDesired(this.kind, parsed, this.env.cwd);
    const normalise: NormaliseContext = { lookups: await lookupsFor(this.kind, clients, [value], this.env.cwd) };
    return { value, normalise, problems: checkDesired(this.kind, value, normalise) };
  }

  /**
   * The comparable form of a state: what was applied last. State also holds
   * computed values, which is what a refresh compares too; an attribute whose
   * file can no longer be prepared is left out rather than failing the read.
   */
  async comparableState(state: Attributes, clients: VendorClients): Promise<{ ctx: NormaliseContext; want: FieldMap }> {
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
  async freshAttributes(live: LiveObject, clients: VendorClients): Promise<Attributes> {
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
  attributesOfField(path: string): string[] {
    const field = path.split('.')[0] ?? path;
    const adapter = this.kind.terraform?.adapters?.[field];
    return adapter ? Object.keys(adapter.attributes) : [field];
  }
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
