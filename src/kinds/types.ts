/**
 * A resource kind owns everything about itself: its desired-state schema, its
 * identity, how live objects are read and normalised, its field classes and
 * how a change becomes vendor requests. The engine is generic over this.
 */
import type { ConfigKind, DeclaredObject, Reference } from '../config/types.js';
import type { SchemaAttribute } from '../terraform/schema-types.js';
import type { VendorClients as Clients } from '../vendors/index.js';
import type { ExpectedCreate } from '../vendors/http/wire.js';

/** Flat map of comparable values keyed by field path (`channel.website_url`, `working_hours.1`). */
export type FieldMap = Record<string, unknown>;

export type FieldClass =
  /** Shown as "(sensitive)", never written to plans, exports or logs. */
  | 'secret'
  /** Cannot be read back: verified against the ledger's fingerprint of the last applied value. */
  | 'write-only'
  /** Cannot change after create: a change is a plan error that explains the options. */
  | 'immutable';

/** A live object as the kind's reader returned it, with its id and natural key. */
export interface LiveObject<W = unknown> {
  id: string;
  key: string;
  wire: W;
}

/** Everything the planner knows about the live side. */
export interface LiveSnapshot {
  objects: Map<string, LiveObject[]>;
  /** Per kind, what its readLookups returned (prompts, pipelines, …). */
  lookups: Map<string, unknown>;
}

/** What normalisation of either side may consult: the kind's own look-ups, when they were read. */
export interface NormaliseContext<L = unknown> {
  lookups: L | undefined;
}

/** Prepared (file contents hashed, …) desired value with its source. */
export type Desired<D = unknown> = DeclaredObject<D>;

/** What building a request body may consult: no client, so a body can be built (and shown) before anything is sent. */
export interface BuildContext<L = unknown> {
  lookups: L | undefined;
  /** Live id of a declared object: existing, or created earlier in this run. */
  idOf(kind: string, key: string): string | undefined;
}

export interface ExecContext<L = unknown> extends BuildContext<L> {
  clients: Clients;
  /** While creating: what the vendor's answer must name, passed on to the client's create. */
  creating?: ExpectedCreate;
}

/** A local file sent before the body that names it; described, not read, until it is sent. */
export interface FileUpload {
  /** Body field that takes the storage key the upload gets. */
  into: string;
  file: string;
  /** The content the plan saw: a file that changed since is refused rather than sent. */
  sha256: string;
  contentType: string;
  /** The name it is uploaded under. */
  name: string;
}

/**
 * What a kind sends for one create, update or archive, as plain data built
 * without a client: the body, a file uploaded first, and an update that can
 * only follow a create.
 */
export interface KindRequest {
  body: Record<string, unknown>;
  upload?: FileUpload;
  /** Sent as an update of the object just created (Chatwoot ignores inbox working hours on create). */
  thenUpdate?: Record<string, unknown>;
}

/** A Terraform diagnostic's place: an attribute path inside the resource. */
export interface AttributeProblem {
  path: Array<string | number>;
  message: string;
  /** The attribute is one the schema does not know. */
  unknownKey?: true;
}

/**
 * A config field whose Terraform shape differs from its YAML shape (the
 * schema walk cannot map a union of a string and objects). It owns both
 * directions and the translation of error paths.
 */
export interface TerraformFieldAdapter {
  /** The Terraform attributes standing for the field. */
  attributes: Record<string, SchemaAttribute>;
  /** The field's config value from those attributes; undefined when none is set. */
  toConfig(attrs: Readonly<Record<string, unknown>>): { value?: unknown; problem?: AttributeProblem };
  /** Attribute values (null when unset) for a config value of the field. */
  fromConfig(value: unknown): Record<string, unknown>;
  /** Attribute path for a path inside the field's config value, for error locations. */
  attributePath(rest: ReadonlyArray<string | number>): Array<string | number>;
}

/** How a kind shows in Terraform, where its config shape alone does not say. */
export interface TerraformFacet {
  /** Fields shown as other attributes, by config field name. */
  adapters?: Record<string, TerraformFieldAdapter>;
  /** Attribute paths whose change replaces the object: identity an update cannot change. */
  replacedOnChange?: string[][];
  /** Computed attributes the vendor derives from another one: they plan as unknown when it changes. */
  followers?: Record<string, readonly string[]>;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the registry holds kinds of every shape
export interface Kind<D = any, W = any, L = any> extends ConfigKind<D> {
  /** Singular field classes by field path prefix. */
  fieldClasses: Record<string, FieldClass>;
  /** Config field holding a pinned live id, if the kind supports pinning. */
  pinOf?(desired: D): string | undefined;
  /** Further narrows live objects sharing the desired object's key (e.g. by channel type). */
  narrow?(desired: D, live: LiveObject<W>): boolean;
  /** Whether deskform can declare this live object at all (an inbox of a channel type it does not model cannot be). */
  manages?(live: LiveObject<W>): boolean;
  terraform?: TerraformFacet;

  /** Reads every live object of this kind with one list request. */
  readLive(clients: Clients): Promise<LiveObject<W>[]>;
  /** Extra look-ups the desired objects need (prompts, pipelines…), each one request; 'all' for export. */
  readLookups?(clients: Clients, desired: Desired<D>[] | 'all'): Promise<L>;
  /** Checks that need look-ups (a prompt name that does not exist, …): messages keyed by field path. */
  check?(desired: D, ctx: NormaliseContext<L>): Array<{ path: (string | number)[]; message: string }>;

  /** Comparable form of a desired object: only fields the user set ("not set" ≠ empty). */
  desiredFields(desired: D, ctx: NormaliseContext<L>): FieldMap;
  /** Fields sent although the user did not write them, with why, for the plan to say so (a weekday left out of business hours is sent as closed). */
  impliedFields?(desired: D): Record<string, string>;
  /** Comparable form of a live object: every field the kind manages. */
  liveFields(live: LiveObject<W>, ctx: NormaliseContext<L>): FieldMap;
  /** The config form of a live object, for `export` (natural keys, no ids, no secrets). */
  exportLive(live: LiveObject<W>, ctx: NormaliseContext<L>): Record<string, unknown>;

  /**
   * The create request, leaving out the `deferred` reference fields (linked
   * by a later update). Absent when the vendor API cannot create this kind.
   */
  createRequest?(desired: D, ctx: BuildContext<L>, deferred: ReadonlySet<string>): KindRequest;
  /** Sends createRequest's request. */
  create?(desired: D, ctx: ExecContext<L>, deferred: ReadonlySet<string>): Promise<LiveObject<W>>;
  /** The update request for the changed fields (paths from desiredFields); undefined when none of them is sent. */
  updateRequest(live: LiveObject<W>, desired: D, changed: ReadonlySet<string>, ctx: BuildContext<L>): KindRequest | undefined;
  /** Sends updateRequest's request. */
  update(live: LiveObject<W>, desired: D, changed: ReadonlySet<string>, ctx: ExecContext<L>): Promise<void>;
  /** Absent when the vendor API cannot delete this kind. */
  delete?(live: LiveObject<W>, ctx: ExecContext<L>): Promise<void>;
  /**
   * The vendor deletes in a background job: the object keeps listing for a
   * while after `delete` returns, so deskform waits for it to stop listing.
   */
  deletesInBackground?: boolean;
  /** Where the vendor can archive instead of deleting (`prune_mode: archive`). */
  archiveRequest?(live: LiveObject<W>): KindRequest;
  /** Sends archiveRequest's request. */
  archive?(live: LiveObject<W>, ctx: ExecContext<L>): Promise<void>;
  isArchived?(live: LiveObject<W>): boolean;
}

export type { Reference };
