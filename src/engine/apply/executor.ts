/**
 * The executor turns planned steps into vendor requests: creates and updates
 * in dependency order with bounded concurrency, then deletes. A failed step
 * skips its dependents; independent steps keep going; every step gets a result.
 * A vendor answering a create with another object stops the run: no step
 * starts a write after it.
 */
import { UserError, WrongObjectError } from '../../errors.js';
import type { ExecContext, Kind, LiveObject, LiveSnapshot } from '../../kinds/types.js';
import type { VendorClients } from '../../vendors/index.js';
import { createOrRecover } from './create-recovery.js';
import { DeleteWaits, stillListedMessage, type SettleOptions } from './delete-settle.js';
import { digest } from '../load/digest.js';
import { comparedWithLastApplied } from '../plan/object-diff.js';
import type { Ledger } from './ledger.js';
import { liveIds } from './live-ids.js';
import { stepRef, type Action, type PlannedStep } from '../plan/plan.js';
import { PROTECTED_FIELD } from '../plan/planner.js';
import { Protection, type ProtectSection } from '../plan/protect.js';
import { Semaphore } from './semaphore.js';

export type StepStatus = 'ok' | 'failed' | 'skipped';

export interface StepResult {
  /** As PlanStep.instance. */
  instance?: string;
  kind: string;
  key: string;
  action: Action;
  status: StepStatus;
  id?: string;
  error?: string;
  duration_ms: number;
}

/** Progress of an apply, one of the engine's messages (engine/messages.ts). A step that did not succeed ends at level warning. */
export type ApplyMessage =
  | { type: 'apply.start'; level: 'info'; total: number }
  | { type: 'apply.step_start'; level: 'info'; kind: string; key: string; action: Action }
  /** A delete the vendor finishes in the background: the object still lists after this long. */
  | { type: 'apply.step_wait'; level: 'info'; kind: string; key: string; waited_ms: number }
  | { type: 'apply.step_end'; level: 'info' | 'warning'; result: StepResult };

export interface ExecuteOptions {
  /** Steps in flight at once (each vendor client also limits its own requests). Default 8. */
  concurrency?: number;
  onMessage?: (message: ApplyMessage) => void;
  /** How long deletes the vendor finishes in the background are waited for. */
  deleteSettle?: SettleOptions;
}

export interface ExecuteEnv {
  clients: VendorClients;
  live: LiveSnapshot;
  ledger: Ledger;
  /** The config's `protect:` section. */
  protect?: ProtectSection;
}

export async function executePlan(planned: readonly PlannedStep[], env: ExecuteEnv, options: ExecuteOptions = {}): Promise<StepResult[]> {
  const work = planned.filter((p) => p.step.action !== 'noop');
  const run = new Run(env, options, planned);
  await forgetFinishedDeletes(env);
  options.onMessage?.({ type: 'apply.start', level: 'info', total: work.length });
  const removal = (p: PlannedStep) => p.mode !== undefined;
  const writes = work.filter((p) => !removal(p));
  for (const p of writes) run.created.set(stepRef(p.kind.kind, p.step.key), deferredPromise<boolean>());
  const results = await Promise.all(writes.map((p) => run.write(p)));
  // Removals go last: nothing planned to stay may still point at what goes.
  const removed = await Promise.all(work.filter(removal).map((p) => run.remove(p)));
  return [...removed, ...results];
}

class Run {
  /** Per `kind/key`: resolves true once the object exists (created or already live), false if it never will. */
  readonly created = new Map<string, Deferred<boolean>>();
  /** Live ids by `kind/key`: names one live object has alone, the planner's matches (pinned ids), and objects this run writes. */
  private readonly ids: Map<string, string>;
  private readonly slots: Semaphore;
  private readonly protection: Protection;
  private readonly deleteWaits: DeleteWaits;
  /** Per `kind/key`: ids the ledger recorded as applied that the live list no longer shows; a create of that key replaces them. */
  private readonly unlisted = new Map<string, string[]>();
  /** Why no further write may start, once a vendor answered a create with another object. */
  private stopped: string | undefined;

  constructor(
    private readonly env: ExecuteEnv,
    private readonly options: ExecuteOptions,
    planned: readonly PlannedStep[],
  ) {
    this.slots = new Semaphore(options.concurrency ?? 8);
    this.protection = new Protection(env.protect);
    this.deleteWaits = new DeleteWaits(env.clients, options.deleteSettle);
    this.ids = liveIds(env.live.objects).ids;
    for (const [kind, objects] of env.live.objects) {
      // Indexed once: looked up per create, a scan of the ledger would make a large apply quadratic.
      const listed = new Set(objects.map((l) => l.id));
      for (const a of env.ledger.applied(kind)) {
        if (listed.has(a.id)) continue;
        const ref = stepRef(kind, a.key);
        this.unlisted.set(ref, [...(this.unlisted.get(ref) ?? []), a.id]);
      }
    }
    for (const p of planned) if (p.desired && p.live) this.ids.set(stepRef(p.kind.kind, p.step.key), p.live.id);
  }

  async write(p: PlannedStep): Promise<StepResult> {
    const ref = stepRef(p.kind.kind, p.step.key);
    const linkTargets = new Set(p.deferred.values());
    const waitFor = p.step.depends_on.filter((d) => !linkTargets.has(d));
    const blocked = await this.firstFailed(waitFor);
    if (blocked) {
      this.created.get(ref)?.resolve(false);
      return this.report(p, 'skipped', Date.now(), undefined, `skipped: ${blocked} failed`);
    }
    const started = Date.now();
    let live = p.live;
    try {
      const written = await this.slots.run(() => this.writeUnlessStopped(p));
      if (!written) {
        this.created.get(ref)?.resolve(false);
        return this.report(p, 'skipped', started, undefined, `skipped: ${this.stopped}`);
      }
      live = written;
      this.ids.set(ref, live.id);
      this.created.get(ref)?.resolve(true);
      if (p.deferred.size > 0) {
        const missing = await this.firstFailed([...linkTargets]);
        if (missing) throw new UserError(`created, but not linked: ${missing} failed`);
        if (this.stopped) throw new UserError(`created, but not linked: ${this.stopped}`);
        const linked = live;
        await this.slots.run(() => p.kind.update(linked, p.desired!.value, new Set(p.deferred.keys()), this.context(p.kind)));
      }
      await this.remember(p, live);
      return this.report(p, 'ok', started, live.id);
    } catch (err) {
      this.created.get(ref)?.resolve(live !== p.live);
      return this.report(p, 'failed', started, live?.id, errorText(err));
    }
  }

  async remove(p: PlannedStep): Promise<StepResult> {
    const started = Date.now();
    const live = p.live!;
    if (this.stopped) return this.report(p, 'skipped', started, live.id, `skipped: ${this.stopped}`);
    try {
      // The planner never plans removing a protected object; this guards saved or hand-edited plans too.
      if (this.env.ledger.isProtected(p.kind.kind, live.id)) throw new UserError('refused: the object is protected');
      // The live object's own key: a step's key may say anything.
      if (this.protection.covers(p.kind.kind, live.key)) throw new UserError(`refused: the config's protect: section covers ${p.kind.kind} "${live.key}"`);
      this.options.onMessage?.({ type: 'apply.step_start', level: 'info', kind: p.kind.kind, key: p.step.key, action: p.step.action });
      const ctx = this.context(p.kind);
      if (p.mode === 'archive') await this.slots.run(() => p.kind.archive!(live, ctx));
      else {
        await this.slots.run(() => p.kind.delete!(live, ctx));
        const onWait = (waited_ms: number) =>
          this.options.onMessage?.({ type: 'apply.step_wait', level: 'info', kind: p.kind.kind, key: p.step.key, waited_ms });
        const settled = await this.deleteWaits.settle(p.kind, live, onWait);
        if (!settled.gone) {
          await this.env.ledger.markDeletePending(p.kind.kind, live.id, p.step.key);
          throw new UserError(`${stillListedMessage(p.kind, settled.waitedMs)}; recorded as pending in the ledger, so plans leave it alone until it is gone`);
        }
        await this.env.ledger.forget(p.kind.kind, live.id);
      }
      return this.report(p, 'ok', started, live.id);
    } catch (err) {
      return this.report(p, 'failed', started, live.id, errorText(err));
    }
  }

  /** undefined when the run stopped before this step could start. */
  private async writeUnlessStopped(p: PlannedStep): Promise<LiveObject | undefined> {
    if (this.stopped) return undefined;
    try {
      return await this.writeMain(p);
    } catch (err) {
      // Noted before the slot passes on, so the step waiting for it already sees the stop.
      if (err instanceof WrongObjectError) this.stopped ??= `the run stopped after ${p.kind.kind} "${p.step.key}" was answered with another object`;
      throw err;
    }
  }

  private async writeMain(p: PlannedStep): Promise<LiveObject> {
    this.options.onMessage?.({ type: 'apply.step_start', level: 'info', kind: p.kind.kind, key: p.step.key, action: p.step.action });
    const value = p.desired!.value;
    const ctx = this.context(p.kind);
    if (p.step.action !== 'create') {
      const sent = new Set([...p.changed].filter((path) => path !== PROTECTED_FIELD));
      if (sent.size > 0) await p.kind.update(p.live!, value, sent, ctx);
      return p.live!;
    }
    const deferred = new Set(p.deferred.keys());
    const known = new Set((this.env.live.objects.get(p.kind.kind) ?? []).map((l) => l.id));
    return createOrRecover(p.kind, value, ctx, deferred, known, p.step.key, () => p.changed);
  }

  /**
   * Records every object written (its kind, id and key, so a plan can tell one
   * gone missing), digests of fields the vendor cannot return, and protection.
   * A create also drops entries for the same key whose object is no longer
   * live: they were replaced, and would pile up otherwise.
   */
  private async remember(p: PlannedStep, live: LiveObject): Promise<void> {
    const { ledger } = this.env;
    const readable = p.kind.liveFields(live, { lookups: this.env.live.lookups.get(p.kind.kind) });
    const unreadable = Object.entries(p.want).filter(([path]) => comparedWithLastApplied(p.kind, path, readable));
    const isProtected = (p.desired?.value as { protected?: unknown } | undefined)?.protected === true;
    const fields = Object.fromEntries(unreadable.map(([path, value]) => [path, digest(value)]));
    const writes = [ledger.record(p.kind.kind, live.id, p.step.key, fields, isProtected)];
    if (p.step.action === 'create') {
      const replaced = this.unlisted.get(stepRef(p.kind.kind, p.step.key)) ?? [];
      writes.push(...replaced.filter((id) => id !== live.id).map((id) => ledger.forget(p.kind.kind, id)));
    }
    await Promise.all(writes);
  }

  private context(kind: Kind): ExecContext {
    return {
      clients: this.env.clients,
      lookups: this.env.live.lookups.get(kind.kind),
      idOf: (k, key) => this.ids.get(stepRef(k, key)),
    };
  }

  /** The first of these objects that failed to come into existence, if any. */
  private async firstFailed(refs: readonly string[]): Promise<string | undefined> {
    const outcomes = await Promise.all(refs.map(async (r) => ((await (this.created.get(r)?.promise ?? true)) ? undefined : r)));
    return outcomes.find((r) => r !== undefined);
  }

  private report(p: PlannedStep, status: StepStatus, started: number, id: string | undefined, error?: string): StepResult {
    const result: StepResult = {
      kind: p.kind.kind,
      key: p.step.key,
      action: p.step.action,
      status,
      duration_ms: Date.now() - started,
    };
    if (id !== undefined) result.id = id;
    if (error !== undefined) result.error = error;
    this.options.onMessage?.({ type: 'apply.step_end', level: status === 'ok' ? 'info' : 'warning', result });
    return result;
  }
}

/** Pending deletes that have finished since: the object no longer lists, so its mark has done its job. */
async function forgetFinishedDeletes({ live, ledger }: ExecuteEnv): Promise<void> {
  const forgets: Promise<void>[] = [];
  for (const [kind, objects] of live.objects) {
    const listed = new Set(objects.map((l) => l.id));
    // Together, so the ledger coalesces them into one write.
    for (const { id } of ledger.pendingDeletes(kind)) if (!listed.has(id)) forgets.push(ledger.forget(kind, id));
  }
  await Promise.all(forgets);
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

interface Deferred<T> {
  promise: Promise<T>;
  resolve(value: T): void;
}

function deferredPromise<T>(): Deferred<T> {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}
