/**
 * The plan: the contract between `plan` and `apply`, between deskform and CI
 * (`plan --format json`, `plan --out FILE`). Versioned; never holds secrets.
 */
import type { DeclaredObject } from '../../config/types.js';
import type { FieldMap, Kind, LiveObject } from '../../kinds/types.js';

export const PLAN_FORMAT_VERSION = 1;

export type Action = 'create' | 'update' | 'delete' | 'noop' | 'adopt';
export const ACTIONS: readonly Action[] = ['delete', 'create', 'update', 'adopt', 'noop'];

/** Placeholder for values that must never be shown or stored. */
export const SENSITIVE = '(sensitive)';

export interface FieldChange {
  path: string;
  before: unknown;
  after: unknown;
  /** Why `before` is not a live value (write-only fields). */
  note?: string;
}

export interface PlanStep {
  /** The provider instance name the object belongs to; absent for `default` (engine/units.ts). */
  instance?: string;
  kind: string;
  key: string;
  action: Action;
  /** Live id, when the object exists. */
  id?: string;
  changed_fields: FieldChange[];
  /** `kind/key` of objects this step waits for (objects created in the same run). */
  depends_on: string[];
  /** Digest of the live object's managed fields when planned; null when it did not exist. */
  fingerprint: string | null;
}

export type PlanSummary = Record<Action, number>;

export interface SavedOptions {
  config_paths: string[];
  prune: boolean;
  force?: boolean;
  max_delete_percent?: number;
  targets?: string[];
  excludes?: string[];
  /** `--instance` names: only these provider instances were planned. */
  instances?: string[];
  /** `--shard K/N`: only the provider instances of that shard were planned. */
  shard?: string;
}

/** Which part of a sharded run a plan covers (`plan --shard 2/8`). */
export interface PlanShard {
  index: number;
  count: number;
  /** The provider instances in this shard, planned here. */
  instances: string[];
}

export interface Plan {
  format_version: typeof PLAN_FORMAT_VERSION;
  /** Digest of the declared objects the plan was computed from. */
  config_digest: string;
  /** The environment (`--env`) whose overlay patched the config; absent without one. */
  environment?: string;
  /** Set on saved plans: the config files and options `apply <plan file>` must use again. */
  saved?: SavedOptions;
  /** Set when the plan covers one shard of the config's provider instances. */
  shard?: PlanShard;
  steps: PlanStep[];
  summary: PlanSummary;
  /** Things the reviewer should know that change nothing (protected objects kept, …). */
  warnings?: string[];
  /** Provider instances that could not be planned; the plan holds the others' steps. */
  errors?: PlanFailure[];
}

/** A provider instance that could not be planned: a vendor error (wrong token, server down) or a plan error of its own. */
export interface PlanFailure {
  instance: string;
  message: string;
}

/** A step plus what the executor needs to carry it out; never serialised. */
export interface PlannedStep {
  step: PlanStep;
  kind: Kind;
  desired?: DeclaredObject;
  live?: LiveObject;
  /** Comparable field paths to send. */
  changed: Set<string>;
  /** Reference fields left out of a create and linked after their targets exist. */
  deferred: Map<string, string>;
  /** The desired comparable fields; those the vendor cannot read back are recorded in the ledger. */
  want: FieldMap;
  /** How a removal is carried out; only set on prune steps. */
  mode?: 'delete' | 'archive';
}

export const stepRef = (kind: string, key: string) => `${kind}/${key}`;

/** A step's identity across provider instances: the same key in two instances is two objects. */
export const stepIdentity = (s: Pick<PlanStep, 'instance' | 'kind' | 'key'>) => `${s.instance ?? ''}\u0000${stepRef(s.kind, s.key)}`;

/** `[brand_a] inbox "Website"`, as messages name a step (renderers escape it for the terminal). */
export const stepLabel = (s: Pick<PlanStep, 'instance' | 'kind' | 'key'>) => `${s.instance === undefined ? '' : `[${s.instance}] `}${s.kind} "${s.key}"`;

export function summarise(steps: readonly PlanStep[]): PlanSummary {
  const summary: PlanSummary = { create: 0, update: 0, delete: 0, noop: 0, adopt: 0 };
  for (const s of steps) summary[s.action] += 1;
  return summary;
}

export function hasChanges(plan: Plan): boolean {
  return plan.steps.some((s) => s.action !== 'noop');
}
