/**
 * Saved plans: `plan --out FILE` then `apply FILE`. Applying re-reads the
 * live state and refuses when the config or any live object moved since the
 * plan was made; otherwise it applies exactly the saved steps.
 */
import { readFile } from 'node:fs/promises';
import { UserError } from '../errors.js';
import { canonicalJson } from '../kinds/normalise.js';
import { PLAN_FORMAT_VERSION, stepRef, type Plan, type PlanStep } from './plan.js';

/** Reads FILE if it is a saved plan; undefined when it is not one (a config file, say). */
export async function readSavedPlan(file: string): Promise<(Plan & { saved: NonNullable<Plan['saved']> }) | undefined> {
  if (!file.endsWith('.json')) return undefined;
  let parsed: Partial<Plan>;
  try {
    parsed = JSON.parse(await readFile(file, 'utf8')) as Partial<Plan>;
  } catch (err) {
    throw new UserError(`cannot read the saved plan ${file}: ${(err as Error).message}`);
  }
  if (parsed.format_version === undefined) return undefined;
  if (parsed.format_version !== PLAN_FORMAT_VERSION || !parsed.saved || !Array.isArray(parsed.steps)) {
    throw new UserError(`${file} is not a saved plan this deskform can apply (format_version ${String(parsed.format_version)}, expected ${PLAN_FORMAT_VERSION} with a "saved" section)`);
  }
  return parsed as Plan & { saved: NonNullable<Plan['saved']> };
}

/** Every way the fresh plan differs from the saved one; empty when it is safe to apply. */
export function driftSinceSaved(saved: Plan, fresh: Plan): string[] {
  if (saved.config_digest !== fresh.config_digest) return ['the configuration changed since the plan was made'];
  const freshByRef = new Map(fresh.steps.map((s) => [stepRef(s.kind, s.key), s]));
  const problems: string[] = [];
  for (const old of saved.steps) {
    const now = freshByRef.get(stepRef(old.kind, old.key));
    freshByRef.delete(stepRef(old.kind, old.key));
    if (!now) problems.push(`${old.kind} "${old.key}": no longer part of the plan`);
    else if (now.fingerprint !== old.fingerprint) problems.push(`${old.kind} "${old.key}": the live object changed since the plan was made`);
    else if (!sameStep(old, now)) problems.push(`${old.kind} "${old.key}": would now ${now.action} differently`);
  }
  for (const added of freshByRef.values()) problems.push(`${added.kind} "${added.key}": appeared since the plan was made`);
  return problems;
}

function sameStep(a: PlanStep, b: PlanStep): boolean {
  return a.action === b.action && canonicalJson(a.changed_fields) === canonicalJson(b.changed_fields);
}
