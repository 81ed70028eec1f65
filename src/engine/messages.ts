/**
 * Everything the engine reports while it works, as one stream of typed
 * messages: every HTTP attempt, the plan's warnings, and the apply's progress.
 * A session hands its one sink to the vendor clients, the planner's results
 * and the executor; the CLI's progress output is one reader of it.
 */
import type { HttpMessage, HttpWaitMessage } from '../vendors/http/options.js';
import type { ApplyMessage } from './apply/executor.js';
import type { PlanWarning } from './plan/warnings.js';

export type { ApplyMessage, HttpMessage, HttpWaitMessage, PlanWarning };
export type { PlanWarningCode } from './plan/warnings.js';

/** debug: every HTTP attempt and wait; info: apply progress; warning: plan warnings and steps that did not succeed. */
export type MessageLevel = EngineMessage['level'];

export type EngineMessage = (HttpMessage | HttpWaitMessage | PlanWarning | ApplyMessage) & {
  /** The provider instance name, on every message of a named unit (engine/units.ts). */
  instance?: string;
};

/** Called synchronously as the engine works: keep it quick, and never throw from it. */
export type MessageSink = (message: EngineMessage) => void;

export function isApplyMessage(message: EngineMessage): message is ApplyMessage {
  return message.type.startsWith('apply.');
}
