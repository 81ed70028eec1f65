/**
 * deskform as a library: the same engine the CLI and the Terraform provider
 * drive. Load → plan (pure) → apply, plus rendering of plans. What the
 * engine reports while it works arrives as typed messages at one sink
 * (`SessionOptions.onMessage`; see EngineMessage).
 */
export { loadDesired, type DesiredState, type LoadOptions } from './engine/load/desired.js';
export { Session, DEFAULT_STATE_FILE, type ApplyOptions, type RunOptions, type SessionOptions, type PlannedRun } from './engine/session.js';
export { computePlan, type PlanInput, type PlanOptions, type PlanResult } from './engine/plan/planner.js';
export { executePlan, type StepResult } from './engine/apply/executor.js';
export type { ApplyMessage, EngineMessage, HttpMessage, HttpWaitMessage, MessageLevel, MessageSink, PlanWarning, PlanWarningCode } from './engine/messages.js';
export { PLAN_FORMAT_VERSION, SENSITIVE, hasChanges, type Action, type FieldChange, type Plan, type PlanStep } from './engine/plan/plan.js';
export { renderPlanText, renderApplySummary } from './engine/render/text.js';
export { renderPlanMarkdown, renderApplyMarkdown } from './engine/render/markdown.js';
export { configSchema } from './engine/load/config-sections.js';
export { KINDS } from './kinds/registry.js';
export { ConfigError, PlanError, UserError, VendorError, AmbiguousWriteError, type ConfigProblem } from './errors.js';
