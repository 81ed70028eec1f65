/**
 * What the config loader needs to know about a resource kind, and what it
 * produces. Kinds (src/kinds/) implement ConfigKind; the loader knows nothing
 * else about them.
 */
import type * as z from 'zod';
import type { VendorName } from './vendor-names.js';
import type { ProvidersConfig } from './providers.js';

/** A path into a value, as zod reports it: keys and array indexes. */
export type ValuePath = ReadonlyArray<string | number>;

/** A reference from one declared object to another, by the target's natural key. */
export interface Reference {
  /** Where the reference sits inside the referring object, for error locations. */
  path: ValuePath;
  /** Target kind, e.g. 'inbox'. */
  kind: string;
  /** Target's natural key, e.g. 'Website'. */
  key: string;
  /** Why the declared target cannot be referenced here; undefined when it can. */
  refuses?(target: unknown): string | undefined;
}

export interface ConfigKind<Desired = unknown> {
  /** Singular name used in messages and plans: 'portal'. */
  kind: string;
  /** Top-level YAML key holding the list: 'portals'. */
  configKey: string;
  /** The vendor whose `providers` block must be present when this kind is used. */
  vendor: VendorName;
  /** Strict desired-state schema of one list item (unknown keys rejected). */
  schema: z.ZodType<Desired>;
  /** Natural key of a desired object (unique within the kind). */
  keyOf(desired: Desired): string;
  /** References this object makes to other declared objects. */
  references(desired: Desired): Reference[];
  /** Classes of fields by dotted path (`channel.imap_password`: 'secret'): the values of secret ones are masked wherever they turn up. */
  fieldClasses?: Readonly<Record<string, string>>;
  /**
   * The value to plan with, once what a valid object names outside the config
   * is read (icon files hashed, …); throws ConfigError on bad input. Loading
   * prepares every valid object even when other problems were found, so that
   * one run reports them all.
   */
  prepare?(declared: DeclaredObject<Desired>): Promise<Desired>;
}

/** Where something was written: 1-based line and column. */
export interface SourcePos {
  file: string;
  line: number;
  col: number;
}

/** One validated object from the config, with the means to locate its parts. */
export interface DeclaredObject<Desired = unknown> {
  kind: string;
  key: string;
  value: Desired;
  /** Position of the list item itself. */
  source: SourcePos;
  /** Position of a field inside the item (falls back to the item's position). */
  locate(path: ValuePath): SourcePos;
  /** Directory of the file that declared it (for relative file references such as icons). */
  dir: string;
  /** Name of the provider instance it belongs to (config/instances.ts); absent: `default`. */
  instance?: string;
  /** Directory of the file that wrote the value at `path`, set where an environment overlay patched the config: an object's values may then come from several files. */
  dirOf?(path: ValuePath): string;
}

/** The merged, validated config. */
export interface LoadedConfig {
  /** The blocks of the provider instance named `default`, with `${env:X}` interpolated: every block when the config names no instances. */
  providers: ProvidersConfig;
  /**
   * Provider blocks by instance name (config/instances.ts), `default` first:
   * the units a run plans and applies apart. Absent: `providers` is the only one.
   */
  instances?: ReadonlyMap<string, ProvidersConfig>;
  /** Provider fields written with `${env:X}`, by instance label (`chatwoot`, `chatwoot.brand_a`), as written: `export` writes them back the same way. */
  providerReferences?: Record<string, Record<string, string>>;
  /** Declared objects grouped by kind, in file order, as their kinds prepared them. */
  objects: Map<string, DeclaredObject[]>;
  /** Config keys present in the files (`inboxes: []` is present; an omitted key is not). */
  presentKinds: Set<string>;
  /** Files read, in order, as shown in messages (relative paths stay relative). */
  files: string[];
  /** Validated values of the extra top-level sections the caller asked for, by section name. */
  extra: Record<string, unknown>;
  /** Values of the fields marked secret (credentials, a kind's fields classed 'secret'): masked in all output, whatever field they turn up in. */
  secrets: string[];
  /** The environment whose overlay (`environments/NAME/`) patched the config, when one did. */
  environment?: string;
}
