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
