/**
 * Plans made apart, shown as one: the shards of a CI matrix (`plan --shard
 * K/N` on each runner), combined by `deskform show` into one Markdown comment.
 */
import { UserError } from '../../errors.js';
import { PLAN_FORMAT_VERSION, stepIdentity, stepLabel, summarise, type Plan } from './plan.js';

export interface NamedPlan {
  /** As named in messages (the file it came from). */
  name: string;
  plan: Plan;
}

/**
 * One plan holding every step of `plans`, in shard order when they are
 * shards. They must come from the same config and never plan the same
 * object twice; shards missing from a complete set are said in a warning.
 * The result is for reading, not applying: it has no `saved` section.
 */
export function combinePlanFiles(plans: readonly NamedPlan[]): Plan {
  const [first] = plans;
  if (!first) throw new UserError('no plan to show');
  if (plans.length === 1) {
    const { saved: _saved, ...plan } = first.plan;
    return plan;
  }
  for (const other of plans) {
    if (other.plan.config_digest !== first.plan.config_digest) {
      throw new UserError(`${other.name} was planned from another config than ${first.name} (config_digest ${other.plan.config_digest}, not ${first.plan.config_digest}): plan every shard from the same commit`);
    }
  }
  const ordered = [...plans].sort((a, b) => (a.plan.shard?.index ?? 0) - (b.plan.shard?.index ?? 0));
  const seen = new Map<string, string>();
  for (const { name, plan } of ordered) {
    if (plan.environment !== first.plan.environment) {
      const env = (p: Plan) => (p.environment === undefined ? 'no environment' : `environment ${p.environment}`);
      throw new UserError(`${name} was planned for ${env(plan)}, ${first.name} for ${env(first.plan)}: show the plans of one environment together`);
    }
    for (const step of plan.steps) {
      const ref = stepIdentity(step);
      const before = seen.get(ref);
      if (before !== undefined) throw new UserError(`${stepLabel(step)} is planned in both ${before} and ${name}: show each shard's plan once`);
      seen.set(ref, name);
    }
  }
  const steps = ordered.flatMap(({ plan }) => plan.steps);
  const warnings = [...new Set([...missingShards(ordered), ...ordered.flatMap(({ plan }) => plan.warnings ?? [])])];
  const errors = ordered.flatMap(({ plan }) => plan.errors ?? []);
  return {
    format_version: PLAN_FORMAT_VERSION,
    config_digest: first.plan.config_digest,
    ...(first.plan.environment === undefined ? {} : { environment: first.plan.environment }),
    steps,
    summary: summarise(steps),
    ...(warnings.length > 0 ? { warnings } : {}),
    ...(errors.length > 0 ? { errors } : {}),
  };
}

/** `shards 3/8 and 5/8 are missing`, when the plans are shards of one count and some are not here. */
function missingShards(plans: readonly NamedPlan[]): string[] {
  const shards = plans.map(({ plan }) => plan.shard);
  const count = shards[0]?.count;
  if (count === undefined || shards.some((s) => s?.count !== count)) return [];
  const present = new Set(shards.map((s) => s!.index));
  const missing = Array.from({ length: count }, (_, i) => i + 1).filter((i) => !present.has(i));
  if (missing.length === 0) return [];
  return [`shard${missing.length === 1 ? '' : 's'} ${missing.map((i) => `${i}/${count}`).join(', ')} ${missing.length === 1 ? 'is' : 'are'} missing: this plan does not cover every provider instance`];
}
