/**
 * Apply progress, in the form that suits where it is read: a live status line
 * on a terminal, one line per finished step in CI logs, only failures with
 * --quiet, and one JSON object per line with --json.
 */
import type { ApplyEvent, StepResult } from '../engine/apply/executor.js';
import { stepRef } from '../engine/plan/plan.js';
import { renderResultLine } from '../engine/render/text.js';
import { safeJson, visible } from '../util/visible.js';
import type { Io } from './io.js';

export type ProgressMode = 'live' | 'lines' | 'quiet' | 'json';

export interface Progress {
  onEvent(event: ApplyEvent): void;
  /** Stops the live line; call once the apply is over. */
  finish(): void;
}

export function progressMode(io: Io, flags: { quiet?: boolean; json?: boolean }): ProgressMode {
  if (flags.json) return 'json';
  if (flags.quiet) return 'quiet';
  return io.isTTY ? 'live' : 'lines';
}

export function createProgress(mode: ProgressMode, io: Io, now: () => number = Date.now): Progress {
  if (mode === 'json') return { onEvent: (e) => io.out(safeJson(jsonEvent(e)) + '\n'), finish: () => undefined };
  const printResult = (r: StepResult) => io.out(renderResultLine(r, io) + '\n');
  if (mode === 'lines') {
    // A wait is polled every few seconds for up to a minute: a log needs only that it began.
    const waiting = new Set<string>();
    const printWait = (e: WaitEvent) => {
      const ref = stepRef(e.kind, e.key);
      if (waiting.has(ref)) return;
      waiting.add(ref);
      io.out(`… ${waitText(e)}\n`);
    };
    return {
      onEvent: (e) => (e.type === 'step_end' ? printResult(e.result) : e.type === 'step_wait' && printWait(e)),
      finish: () => undefined,
    };
  }
  if (mode === 'quiet') {
    return { onEvent: (e) => e.type === 'step_end' && e.result.status !== 'ok' && printResult(e.result), finish: () => undefined };
  }
  return new LiveLine(io, now, printResult);
}

type WaitEvent = Extract<ApplyEvent, { type: 'step_wait' }>;

function waitText(e: WaitEvent): string {
  return `${e.kind} "${visible(e.key)}": deleted, waiting for it to stop listing (${(e.waited_ms / 1000).toFixed(1)}s)`;
}

function jsonEvent(event: ApplyEvent): Record<string, unknown> {
  const time = new Date().toISOString();
  return event.type === 'step_end' ? { type: event.type, time, ...event.result } : { ...event, time };
}

/** `[3/10] inbox "Website" … 12.4s`, redrawn in place; finished steps scroll above it. */
class LiveLine implements Progress {
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

  onEvent(event: ApplyEvent): void {
    if (event.type === 'start') this.total = event.total;
    if (event.type === 'step_start') this.current = `${event.action} ${event.kind} "${visible(event.key)}"`;
    if (event.type === 'step_wait') this.current = waitText(event);
    if (event.type === 'step_end') {
      this.done += 1;
      this.clear();
      this.printResult(event.result);
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
