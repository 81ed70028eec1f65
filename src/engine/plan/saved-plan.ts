/**
 * Saved plans: `plan --out FILE` then `apply FILE`. Applying re-reads the
 * live state and refuses when the config or any live object moved since the
 * plan was made; otherwise it applies exactly the saved steps.
 */
import { readRegularFile } from '../../util/regular-file.js';
import { UserError } from '../../errors.js';
import { canonicalJson } from '../../kinds/normalise.js';
import { PLAN_FORMAT_VERSION, stepIdentity, stepLabel, type Plan, type PlanStep } from './plan.js';

/** A saved plan this big is not one deskform wrote (10,000 steps take a few MB). */
const MAX_SAVED_PLAN_BYTES = 64 * 1024 * 1024;

/** Reads `file` if it is a saved plan; undefined when it is not one (a config file, say). Messages name it `shown`. */
export async function readSavedPlan(file: string, shown = file): Promise<(Plan & { saved: NonNullable<Plan['saved']> }) | undefined> {
  if (!file.endsWith('.json')) return undefined;
  const parsed = await readJsonFile(file, shown, 'saved plan');
  if (parsed.format_version === undefined) return undefined;
  if (parsed.format_version !== PLAN_FORMAT_VERSION || !parsed.saved || !Array.isArray(parsed.steps)) {
    throw new UserError(`${shown} is not a saved plan this deskform can apply (format_version ${String(parsed.format_version)}, expected ${PLAN_FORMAT_VERSION} with a "saved" section)`);
  }
  return parsed as Plan & { saved: NonNullable<Plan['saved']> };
}

/** Reads a plan as `plan --format json` prints it or `plan --out` saves it. */
export async function readPlanFile(file: string, shown = file): Promise<Plan> {
  const parsed = await readJsonFile(file, shown, 'plan');
  if (parsed.format_version !== PLAN_FORMAT_VERSION || !Array.isArray(parsed.steps) || typeof parsed.config_digest !== 'string') {
    throw new UserError(`${shown} is not a deskform plan (format_version ${String(parsed.format_version)}, expected ${PLAN_FORMAT_VERSION} with steps and a config_digest)`);
  }
  return parsed as Plan;
}

async function readJsonFile(file: string, shown: string, what: string): Promise<Partial<Plan>> {
  const cannotRead = (why: string) => new UserError(`cannot read the ${what} ${shown}: ${why}`);
  // Never a plain read: a FIFO or device named as the plan would block the run.
  const read = await readRegularFile(file, MAX_SAVED_PLAN_BYTES);
  if ('problem' in read) throw cannotRead(`it ${read.problem}`);
  if ('size' in read) throw cannotRead(`it is larger than ${MAX_SAVED_PLAN_BYTES / (1024 * 1024)} MiB`);
  try {
    const parsed = JSON.parse(read.bytes.toString('utf8')) as unknown;
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('not a JSON object');
    return parsed as Partial<Plan>;
  } catch (err) {
    throw cannotRead((err as Error).message);
  }
}

/** Every way the fresh plan differs from the saved one; empty when it is safe to apply. */
export function driftSinceSaved(saved: Plan, fresh: Plan): string[] {
  if (saved.config_digest !== fresh.config_digest) return ['the configuration changed since the plan was made'];
  const freshByRef = new Map(fresh.steps.map((s) => [stepIdentity(s), s]));
  const problems: string[] = [];
  for (const old of saved.steps) {
    const now = freshByRef.get(stepIdentity(old));
    freshByRef.delete(stepIdentity(old));
    if (!now) problems.push(`${stepLabel(old)}: no longer part of the plan`);
    else if (now.fingerprint !== old.fingerprint) problems.push(`${stepLabel(old)}: the live object changed since the plan was made`);
    else if (!sameStep(old, now)) problems.push(`${stepLabel(old)}: would now ${now.action} differently`);
  }
  for (const added of freshByRef.values()) problems.push(`${stepLabel(added)}: appeared since the plan was made`);
  return problems;
}


function sameStep(a: PlanStep, b: PlanStep): boolean {
  return a.action === b.action && canonicalJson(a.changed_fields) === canonicalJson(b.changed_fields);
}
