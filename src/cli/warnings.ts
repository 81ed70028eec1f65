import type { Plan } from '../engine/plan/plan.js';
import { visible } from '../util/visible.js';
import type { Io } from './io.js';

/**
 * The plan's warnings for a person, when stdout holds JSON or Markdown for a
 * program: the text plan shows them inline instead.
 */
export function warnOnStderr(plan: Plan, io: Io): void {
  for (const warning of plan.warnings ?? []) io.err(`Warning: ${visible(warning)}\n`);
}

/** Provider instances that could not be planned, as errors on stderr; true when there were any (the run then exits 1). */
export function reportPlanErrors(plan: Plan, io: Io): boolean {
  for (const e of plan.errors ?? []) io.err(`Error: [${visible(e.instance)}] ${visible(e.message)}\n`);
  return (plan.errors?.length ?? 0) > 0;
}
