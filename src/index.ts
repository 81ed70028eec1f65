/**
 * deskform as a library: the same engine the CLI and the Terraform provider
 * drive. Load → plan (pure) → apply, plus rendering of plans.
 */
export { loadDesired, type DesiredState, type LoadOptions } from './engine/load/desired.js';
export { Session, DEFAULT_STATE_FILE, type RunOptions, type SessionOptions, type PlannedRun } from './engine/session.js';
export { computePlan, type PlanInput, type PlanOptions, type PlanResult } from './engine/plan/planner.js';
export { executePlan, type ApplyEvent, type StepResult } from './engine/apply/executor.js';
export { PLAN_FORMAT_VERSION, SENSITIVE, hasChanges, type Action, type FieldChange, type Plan, type PlanStep } from './engine/plan/plan.js';
export { renderPlanText, renderApplySummary } from './engine/render/text.js';
export { renderPlanMarkdown } from './engine/render/markdown.js';
export { configSchema } from './engine/load/config-sections.js';
export { KINDS } from './kinds/registry.js';
export { ConfigError, PlanError, UserError, VendorError, AmbiguousWriteError, type ConfigProblem } from './errors.js';
