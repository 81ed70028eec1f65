/** Drives the engine through its library API, as the CLI does, with fast retries and every HTTP attempt kept. */
import { UserError } from '../../../src/errors.js';
import { loadDesired, type DesiredState } from '../../../src/engine/load/desired.js';
import type { StepResult } from '../../../src/engine/apply/executor.js';
import type { MessageSink } from '../../../src/engine/messages.js';
import type { PlanStep } from '../../../src/engine/plan/plan.js';
import { Session, type ApplyOptions, type SessionOptions } from '../../../src/engine/session.js';
import type { LockOptions } from '../../../src/engine/apply/state-lock.js';
import type { ClientsOptions, HttpMessage } from '../../../src/vendors/index.js';

/** Backoff and Retry-After shrunk to milliseconds: the campaigns test behaviour, not waiting. */
export const FAST_RETRY: ClientsOptions['retry'] = { baseDelayMs: 1, maxDelayMs: 5, maxRetryAfterMs: 5 };
/** The same for pacing after 429s: its rate is measured over 50 ms windows instead of seconds. */
export const FAST_PACING: ClientsOptions['pacing'] = { windowMs: 50 };

export interface EngineWhere {
  file: string;
  dir: string;
  env: Record<string, string>;
  stateFile: string;
  http?: SessionOptions['http'];
  /** Sees every message of the run, as the session reports it. */
  onMessage?: MessageSink;
  /** Hold the state lock for the run, as `deskform apply` does. */
  lock?: LockOptions;
  /** How the executor runs the steps (e.g. one at a time, for a deterministic order). */
  execute?: ApplyOptions;
}

export interface ApplyOutcome {
  /** Undefined when the run failed before any step (plan or read error). */
  results?: StepResult[];
  /** Message of an error that ended the run early. */
  error?: string;
  /** The error was not a UserError: the CLI would print it as an internal bug, with a stack trace. */
  internal?: boolean;
  events: HttpMessage[];
}

async function withSession<T>(where: EngineWhere, events: HttpMessage[], body: (s: Session, d: DesiredState) => Promise<T>): Promise<T> {
  const desired = await loadDesired([where.file], { env: where.env, cwd: where.dir });
  const session = await Session.open(desired.config.providers, {
    cwd: where.dir,
    stateFile: where.stateFile,
    ...(where.lock ? { lock: where.lock } : {}),
    http: {
      retry: FAST_RETRY,
      pacing: FAST_PACING,
      ...where.http,
    },
    onMessage: (m) => {
      if (m.type === 'http.attempt') events.push(m);
      where.onMessage?.(m);
    },
  });
  try {
    return await body(session, desired);
  } finally {
    await session.close();
  }
}

/** Plan then apply; a vendor error while planning ends the run, as it ends `deskform apply`. */
export async function engineApply(where: EngineWhere): Promise<ApplyOutcome> {
  const events: HttpMessage[] = [];
  try {
    const results = await withSession(where, events, async (session, desired) => session.apply(await session.plan(desired), where.execute));
    return { results, events };
  } catch (err) {
    return { error: err instanceof Error ? err.message : String(err), internal: !(err instanceof UserError), events };
  }
}

/** `<action> <kind> "<key>": <changed fields>` for every step that is not a noop. */
const pendingSteps = (steps: readonly PlanStep[]) =>
  steps.filter((s) => s.action !== 'noop').map((s) => `${s.action} ${s.kind} "${s.key}": ${s.changed_fields.map((c) => c.path).join(', ')}`);

/** What deskform reads of the live side, and what a fresh plan would still do. */
export interface LiveView {
  /** Every live object's comparable fields, keyed `kind/id`, as deskform reads them. */
  fields: Map<string, Record<string, unknown>>;
  /** What a fresh plan would still do. */
  pending: string[];
}

export async function liveView(where: EngineWhere): Promise<LiveView> {
  const events: HttpMessage[] = [];
  return withSession(where, events, async (session, desired) => {
    const run = await session.plan(desired);
    const fields = new Map<string, Record<string, unknown>>();
    const { live } = run.units[0]!;
    for (const kind of session.kindsIn(desired)) {
      const ctx = { lookups: live.lookups.get(kind.kind) };
      for (const obj of live.objects.get(kind.kind) ?? []) fields.set(`${kind.kind}/${obj.id}`, kind.liveFields(obj, ctx));
    }
    return { fields, pending: pendingSteps(run.plan.steps) };
  });
}
