/**
 * One engine message as one log line, `[LEVEL] text`: the form Terraform's
 * log reads from a provider's stderr (shown with TF_LOG) keeping each level.
 */
import { visible } from '../../util/visible.js';
import { titleOf } from './text.js';
import type { EngineMessage, MessageLevel } from '../messages.js';

const TAG: Record<MessageLevel, string> = { debug: '[DEBUG]', info: '[INFO]', warning: '[WARN]' };

export function logLine(message: EngineMessage, prefix = ''): string {
  // Step messages name their instance in the step's title, and a named unit's warnings in their text.
  const unit = message.instance !== undefined && (message.type.startsWith('http.') || message.type === 'apply.start') ? `[${message.instance}] ` : '';
  return `${TAG[message.level]} ${prefix}${visible(unit + textOf(message))}`;
}

function textOf(message: EngineMessage): string {
  switch (message.type) {
    case 'http.attempt': {
      const answer = message.status === undefined ? 'no response' : String(message.status);
      const error = message.error === undefined ? '' : `: ${message.error}`;
      return `${message.vendor} ${message.method} ${message.path} → ${answer} in ${Math.round(message.durationMs)} ms (attempt ${message.attempt}, ${message.outcome})${error}`;
    }
    case 'http.wait': {
      const why = message.reason === 'retry' ? 'before retrying' : 'pacing to the rate limit, before sending';
      return `${message.vendor} ${message.method} ${message.path}: waiting ${Math.round(message.waitMs)} ms ${why} (attempt ${message.attempt})`;
    }
    case 'plan.warning':
      return message.text;
    case 'apply.start':
      return `applying ${message.total} step${message.total === 1 ? '' : 's'}`;
    case 'apply.step_start':
      return `${message.action} ${titleOf(message)}`;
    case 'apply.step_wait':
      return `${titleOf(message)} still listed ${Math.round(message.waited_ms / 1000)} s after its delete`;
    case 'apply.step_end': {
      const r = message.result;
      const detail = r.error ?? (r.id === undefined ? '' : `id ${r.id}`);
      return `${r.action} ${titleOf(r)}: ${r.status}${detail ? ` (${detail})` : ''} in ${r.duration_ms} ms`;
    }
  }
}
