/**
 * A run over named provider instances (config/instances.ts) is one unit per
 * instance name: that name's account at each vendor, and the objects that
 * chose it. Units are planned and applied apart and their plans put side by
 * side; a config that names no instances is one unit, `default`, whose plan
 * reads exactly as it always did.
 */
import { createHash } from 'node:crypto';
import { DEFAULT_INSTANCE } from '../config/instances.js';
import { didYouMean } from '../config/suggest.js';
import { UserError } from '../errors.js';
import type { ProvidersConfig } from '../config/providers.js';
import type { DeclaredObject } from '../config/types.js';
import type { Kind } from '../kinds/types.js';
import { PLAN_FORMAT_VERSION, summarise, type Plan, type PlanFailure, type PlanStep } from './plan/plan.js';
import type { PlanWarning } from './plan/warnings.js';

/** Provider blocks by instance name, `default` first. */
export type ProviderInstances = ReadonlyMap<string, ProvidersConfig>;

export function asInstances(providers: ProvidersConfig | ProviderInstances): ProviderInstances {
  return providers instanceof Map ? providers : new Map([[DEFAULT_INSTANCE, providers as ProvidersConfig]]);
}

/** Whether a unit's steps, warnings and results carry its name: every unit but `default` does. */
export const isNamed = (unit: string) => unit !== DEFAULT_INSTANCE;

/** The declared objects of each unit, by kind (every kind present, empty where a unit has none), in one pass over them all. */
export function declaredByUnit(declared: ReadonlyMap<string, readonly DeclaredObject[]>, units: readonly string[]): Map<string, Map<string, DeclaredObject[]>> {
  const out = new Map(units.map((unit) => [unit, new Map([...declared.keys()].map((kind) => [kind, [] as DeclaredObject[]]))]));
  for (const [kind, objects] of declared) for (const o of objects) out.get(o.instance ?? DEFAULT_INSTANCE)?.get(kind)!.push(o);
  return out;
}

/**
 * Config keys a unit plans: those present in the config whose vendor the
 * unit has an account at (`inboxes:` means nothing to a unit with no Chatwoot
 * instance, and is the whole truth for one that has: prune is per unit).
 */
export function presentIn(present: ReadonlySet<string>, kinds: readonly Kind[], providers: ProvidersConfig): Set<string> {
  return new Set(kinds.filter((k) => present.has(k.configKey) && providers[k.vendor] !== undefined).map((k) => k.configKey));
}

/** One unit's plan. */
export interface UnitPlan {
  unit: string;
  plan: Plan;
  warnings: PlanWarning[];
}

/** What the plan as a whole says beside its units' plans. */
export interface CombineOptions {
  configDigest: string;
  /** Warnings about the run as a whole (targeting), listed first. */
  leading?: readonly PlanWarning[];
  /** Units that could not be planned. */
  failures?: readonly PlanFailure[];
  /** The environment whose overlay patched the config. */
  environment?: string | undefined;
}

/**
 * The units' plans as one: steps unit by unit, each named unit's steps and
 * warnings marked with its name, the summary summed.
 */
export function combinePlans(parts: readonly UnitPlan[], options: CombineOptions): { plan: Plan; warnings: PlanWarning[] } {
  const { configDigest, leading = [], failures = [], environment } = options;
  const steps: PlanStep[] = parts.flatMap(({ unit, plan }) => (isNamed(unit) ? plan.steps.map((s) => ({ instance: unit, ...s })) : plan.steps));
  const warnings = [
    ...leading,
    ...parts.flatMap(({ unit, warnings: own }) => (isNamed(unit) ? own.map((w) => ({ ...w, instance: unit, text: `[${unit}] ${w.text}` })) : own)),
  ];
  const plan: Plan = {
    format_version: PLAN_FORMAT_VERSION,
    config_digest: configDigest,
    ...(environment === undefined ? {} : { environment }),
    steps,
    summary: summarise(steps),
  };
  if (warnings.length > 0) plan.warnings = warnings.map((w) => w.text);
  if (failures.length > 0) plan.errors = [...failures];
  return { plan, warnings };
}

/** `--shard 2/8`: the second of eight disjoint parts of a run's units. */
export interface Shard {
  index: number;
  count: number;
}

/**
 * Which shard a unit belongs to: by a hash of its name alone, so adding or
 * removing an instance never moves another one to a different CI runner.
 */
export function shardOf(unit: string, count: number): number {
  return (createHash('sha256').update(unit).digest().readUInt32BE(0) % count) + 1;
}

/** What to plan of a config's units: some by name (`--instance`), those of one shard, or all. */
export interface UnitSelection {
  names?: readonly string[];
  shard?: Shard;
}

/** The selected units, in the order given (`default` first, then by name); naming a unit the config does not have is a mistake, said with a suggestion. */
export function selectUnits(instances: ProviderInstances, selection: UnitSelection): Map<string, ProvidersConfig> {
  const names = selection.names ?? [];
  for (const name of names) {
    if (!instances.has(name)) {
      throw new UserError(`--instance: the config has no provider instance named "${name}"${didYouMean(name, instances.keys())} (it has ${[...instances.keys()].join(', ')})`);
    }
  }
  const { shard } = selection;
  return new Map(
    [...instances].filter(([name]) => (names.length === 0 || names.includes(name)) && (!shard || shardOf(name, shard.count) === shard.index)),
  );
}
