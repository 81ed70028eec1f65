/**
 * Apply progress, in the form that suits where it is read: a live status line
 * on a terminal, one line per finished step in CI logs, only failures with
 * --quiet, and one JSON object per line with --json.
 */
import type { StepResult } from '../engine/apply/executor.js';
import { isApplyMessage, type ApplyMessage, type EngineMessage } from '../engine/messages.js';
import { renderResultLine, titleOf } from '../engine/render/text.js';
import { safeJson } from '../util/visible.js';
import type { Io } from './io.js';

export type ProgressMode = 'live' | 'lines' | 'quiet' | 'json';

export interface Progress {
  /** Shows the apply's messages; the others (HTTP attempts, plan warnings, which the plan shows) it passes over. */
  onMessage(message: EngineMessage): void;
  /** Stops the live line; call once the apply is over. */
  finish(): void;
}

export function progressMode(io: Io, flags: { quiet?: boolean; json?: boolean }): ProgressMode {
  if (flags.json) return 'json';
  if (flags.quiet) return 'quiet';
  return io.isTTY ? 'live' : 'lines';
}

export function createProgress(mode: ProgressMode, io: Io, now: () => number = Date.now): Progress {
  const shown = applyProgress(mode, io, now);
  return { onMessage: (m) => isApplyMessage(m) && shown.show(m), finish: () => shown.finish() };
}

interface ApplyProgress {
  show(message: ApplyMessage): void;
  finish(): void;
}

function applyProgress(mode: ProgressMode, io: Io, now: () => number): ApplyProgress {
  if (mode === 'json') return { show: (m) => io.out(safeJson(jsonEvent(m)) + '\n'), finish: () => undefined };
  const printResult = (r: StepResult) => io.out(renderResultLine(r, io) + '\n');
  if (mode === 'lines') {
    // A wait is polled every few seconds for up to a minute: a log needs only that it began.
    const waiting = new Set<string>();
    const printWait = (e: WaitMessage) => {
      const ref = titleOf(e);
      if (waiting.has(ref)) return;
      waiting.add(ref);
      io.out(`… ${waitText(e)}\n`);
    };
    return {
      show: (m) => (m.type === 'apply.step_end' ? printResult(m.result) : m.type === 'apply.step_wait' && printWait(m)),
      finish: () => undefined,
    };
  }
  if (mode === 'quiet') {
    return { show: (m) => m.type === 'apply.step_end' && m.result.status !== 'ok' && printResult(m.result), finish: () => undefined };
  }
  return new LiveLine(io, now, printResult);
}

type WaitMessage = Extract<ApplyMessage, { type: 'apply.step_wait' }>;

function waitText(e: WaitMessage): string {
  return `${titleOf(e)}: deleted, waiting for it to stop listing (${(e.waited_ms / 1000).toFixed(1)}s)`;
}

/** The `--json` line of a message: typed by its name within the apply (`step_end`), without the level. */
function jsonEvent(message: ApplyMessage): Record<string, unknown> {
  const time = new Date().toISOString();
  const type = message.type.slice('apply.'.length);
  if (message.type === 'apply.step_end') return { type, time, ...message.result };
  const { type: _type, level: _level, ...fields } = message;
  return { type, ...fields, time };
}

/** `[3/10] inbox "Website" … 12.4s`, redrawn in place; finished steps scroll above it. */
class LiveLine implements ApplyProgress {
  private total = 0;
  private done = 0;
  private readonly started: number;
  private current = '';
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly io: Io,
    private readonly now: () => number,
    private readonly printResult: (r: StepResult) => void,
  ) {
    this.started = now();
    this.timer = setInterval(() => this.draw(), 250);
    this.timer.unref();
  }

  show(message: ApplyMessage): void {
    // Each provider instance's executor announces its own steps.
    if (message.type === 'apply.start') this.total += message.total;
    if (message.type === 'apply.step_start') this.current = `${message.action} ${titleOf(message)}`;
    if (message.type === 'apply.step_wait') this.current = waitText(message);
    if (message.type === 'apply.step_end') {
      this.done += 1;
      this.clear();
      this.printResult(message.result);
    }
    this.draw();
  }

  finish(): void {
    clearInterval(this.timer);
    this.clear();
  }

  private draw(): void {
    const elapsed = ((this.now() - this.started) / 1000).toFixed(1);
    const doing = this.done < this.total && this.current ? ` ${this.current}` : '';
    this.io.out(`\r\u001b[K[${this.done}/${this.total}]${doing} … ${elapsed}s`);
  }

  private clear(): void {
    this.io.out('\r\u001b[K');
  }
}
