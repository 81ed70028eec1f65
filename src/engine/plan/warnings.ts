/**
 * What a plan goes ahead with but its reader should know. The saved plan
 * keeps only the texts (`plan.warnings`, see docs/plan-format.md); code, kind
 * and key are for programs that act on a warning without parsing its text.
 */
export interface PlanWarning {
  type: 'plan.warning';
  level: 'warning';
  code: PlanWarningCode;
  text: string;
  /** The provider instance name of a named unit's warning (engine/units.ts). */
  instance?: string;
  /** Absent when the warning is about the whole plan. */
  kind?: string;
  /** The object's key; absent when the warning is about a pattern (protect:, --target, --exclude). */
  key?: string;
}

export type PlanWarningCode =
  /** The vendor accepted its delete earlier but still lists it: deskform leaves it alone. */
  | 'delete_still_listed'
  /** deskform applied it, it is no longer listed, and it will be created again. */
  | 'recreate'
  /** Not declared, but of a type deskform does not manage: kept. */
  | 'not_managed'
  /** Not declared, but protected: kept. */
  | 'protected_kept'
  /** A protect: pattern that matches no live object. */
  | 'protect_unmatched'
  /** --target or --exclude is in effect: the plan may not show every change the config asks for. */
  | 'partial_plan'
  /** A --target or --exclude pattern that matches no declared or live object. */
  | 'target_unmatched';

export function planWarning(code: PlanWarningCode, kind: string | undefined, key: string | undefined, text: string): PlanWarning {
  return { type: 'plan.warning', level: 'warning', code, text, ...(kind === undefined ? {} : { kind }), ...(key === undefined ? {} : { key }) };
}
