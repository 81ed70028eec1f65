/** Plans and steps as plain objects, for the tests of code that reads plans. */
import { summarise, type Plan, type PlanStep } from '../../src/engine/plan/plan.js';

/** An inbox step; a create has its name as its one field, other actions an id and a fingerprint. */
export const step = (key: string, action: PlanStep['action'] = 'create', instance?: string): PlanStep => ({
  ...(instance ? { instance } : {}),
  kind: 'inbox',
  key,
  action,
  changed_fields: action === 'create' ? [{ path: 'name', before: null, after: key }] : [],
  depends_on: [],
  fingerprint: action === 'create' ? null : 'f'.repeat(32),
  ...(action === 'create' ? {} : { id: '1' }),
});

export const plan = (steps: PlanStep[], extra: Partial<Plan> = {}): Plan => ({ format_version: 1, config_digest: 'd'.repeat(32), steps, summary: summarise(steps), ...extra });
