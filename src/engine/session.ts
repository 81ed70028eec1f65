/**
 * The engine as a library: one session = the vendor clients and ledger for a
 * config's providers. The CLI and tests drive the engine through this.
 */
import path from 'node:path';
import type { ProvidersConfig } from '../config/providers.js';
import { KINDS } from '../kinds/registry.js';
import type { Kind, LiveSnapshot } from '../kinds/types.js';
import { Redactor } from '../util/redactor.js';
import { createClients, type ClientsOptions, type VendorClients } from '../vendors/index.js';
import type { VendorName } from '../config/vendor-names.js';
import type { DesiredState } from './load/desired.js';
import { executePlan, type ExecuteOptions, type StepResult } from './apply/executor.js';
import type { MessageSink } from './messages.js';
import { Ledger } from './apply/ledger.js';
import { readLiveSnapshot } from './load/live.js';
import { computePlan, type PlanOptions, type PlanResult } from './plan/planner.js';
import type { ProtectSection } from './plan/protect.js';
import { acquireStateLock, type LockOptions, type StateLock } from './apply/state-lock.js';
import { selector, targetingWarnings, type Targeting } from './plan/targeting.js';

export const DEFAULT_STATE_FILE = path.join('.deskform', 'state.json');

export interface SessionOptions {
  /** Ledger path (default `.deskform/state.json`, relative to cwd). */
  stateFile?: string;
  cwd: string;
  http?: Omit<ClientsOptions, 'onMessage'>;
  /**
   * Receives everything the session reports, in order: an `http.attempt`
   * (level debug) per request attempt, a `plan.warning` per warning of each
   * plan, and `apply.start` / `apply.step_start` / `apply.step_wait` /
   * `apply.step_end` while applying. Every message is masked like the plan:
   * with the clients' credentials, and with the config's secrets from the
   * first plan on (an apply's keys and vendor errors may hold them).
   */
  onMessage?: MessageSink;
  kinds?: readonly Kind[];
  /**
   * Hold the state file's lock until close(), taken before the ledger is read:
   * for runs that write (apply). Plans need none and work while it is held.
   */
  lock?: LockOptions;
}

export interface PlannedRun extends PlanResult {
  live: LiveSnapshot;
  /** The config's `protect:` section, which the executor checks again. */
  protect: ProtectSection;
}

/** Plan options a caller chooses; protection and prune mode come from the config itself. */
export type RunOptions = Omit<PlanOptions, 'protect' | 'pruneMode' | 'selects' | 'warnings'> & Targeting;

/** Apply options a caller chooses; progress goes to the session's `onMessage`. */
export type ApplyOptions = Omit<ExecuteOptions, 'onMessage'>;

/**
 * Open, plan, apply, close. What happens along the way is reported to the one
 * sink given as `SessionOptions.onMessage` (see engine/messages.ts):
 *
 *     const session = await Session.open(desired.config.providers, { cwd, onMessage: (m) => log(m.level, m.type) });
 */
export class Session {
  private constructor(
    readonly clients: VendorClients,
    readonly ledger: Ledger,
    private readonly kinds: readonly Kind[],
    private readonly lock: StateLock | undefined,
    /** The config's secrets, learnt by plan(): the plan, its warnings and every message are masked with them. */
    private readonly masked: Redactor,
    private readonly onMessage: MessageSink | undefined,
  ) {}

  static async open(providers: ProvidersConfig, options: SessionOptions): Promise<Session> {
    const kinds = options.kinds ?? KINDS;
    const stateFile = path.resolve(options.cwd, options.stateFile ?? DEFAULT_STATE_FILE);
    const scopes = ledgerScopes(providers);
    const vendorOf = new Map(kinds.map((k) => [k.kind, k.vendor]));
    const lock = options.lock ? await acquireStateLock(stateFile, options.lock) : undefined;
    try {
      const ledger = await Ledger.open(stateFile, (kind) => {
        const vendor = vendorOf.get(kind);
        if (!vendor) throw new Error(`no registered kind is named ${kind}`);
        return scopes[vendor];
      });
      const masked = new Redactor();
      const sink = options.onMessage;
      const onMessage: MessageSink | undefined = sink && ((message) => sink(masked.redactValue(message)));
      const clients = createClients(providers, { ...options.http, onMessage });
      return new Session(clients, ledger, kinds, lock, masked, onMessage);
    } catch (err) {
      await lock?.release();
      throw err;
    }
  }

  /** Kinds whose config key the desired state mentions: only those are read and planned. */
  kindsIn(desired: DesiredState): Kind[] {
    return this.kinds.filter((k) => desired.config.presentKinds.has(k.configKey));
  }

  async plan(desired: DesiredState, options: RunOptions = {}): Promise<PlannedRun> {
    const kinds = this.kindsIn(desired);
    const { targets, excludes, ...rest } = options;
    const selects = selector(kinds, { targets, excludes });
    this.ledger.hideSecrets(desired.config.secrets);
    const live = await readLiveSnapshot(kinds, this.clients, desired.declared);
    const keysOf = (kind: string) => [...(desired.declared.get(kind) ?? []), ...(live.objects.get(kind) ?? [])].map((o) => o.key);
    const narrowed = targetingWarnings(kinds, { targets, excludes }, keysOf);
    const result = computePlan({
      kinds,
      declared: desired.declared,
      presentKinds: desired.config.presentKinds,
      live,
      ledger: this.ledger,
      options: { ...rest, protect: desired.protect, pruneMode: desired.pruneMode, warnings: narrowed, ...(selects ? { selects } : {}) },
      configDigest: desired.digest,
    });
    // The plan and its warnings are what callers print and save; the planned steps keep the real keys the executor needs.
    for (const secret of desired.config.secrets) this.masked.add(secret);
    const warnings = this.masked.redactValue(result.warnings);
    for (const warning of warnings) this.onMessage?.(warning);
    return { ...result, plan: this.masked.redactValue(result.plan), warnings, live, protect: desired.protect };
  }

  async apply(run: PlannedRun, options: ApplyOptions = {}): Promise<StepResult[]> {
    await this.ledger.checkWritable();
    const env = { clients: this.clients, live: run.live, ledger: this.ledger, protect: run.protect };
    return executePlan(run.planned, env, { ...options, onMessage: this.onMessage });
  }

  /** Live objects of the given kinds in config form, for `export`. */
  async export(kinds: readonly Kind[]): Promise<Map<string, Record<string, unknown>[]>> {
    const live = await readLiveSnapshot(kinds, this.clients, 'all');
    const out = new Map<string, Record<string, unknown>[]>();
    for (const kind of kinds) {
      const ctx = { lookups: live.lookups.get(kind.kind) };
      const objects = (live.objects.get(kind.kind) ?? [])
        .filter((o) => kind.manages?.(o) ?? true)
        .sort((a, b) => a.key.localeCompare(b.key) || a.id.localeCompare(b.id));
      out.set(kind.configKey, objects.map((o) => kind.exportLive(o, ctx)));
    }
    return out;
  }

  async close(): Promise<void> {
    try {
      await this.clients.close();
    } finally {
      await this.lock?.release();
    }
  }
}

/** Ledger entries are kept per vendor endpoint, so staging and production never mix. */
function ledgerScopes(providers: ProvidersConfig): Record<VendorName, string> {
  return {
    chatwoot: providers.chatwoot ? `chatwoot ${providers.chatwoot.url} account ${providers.chatwoot.account_id}` : 'chatwoot',
    tether: providers.tether ? `tether ${providers.tether.url}` : 'tether',
    healthing: providers.healthing ? `healthing ${providers.healthing.url}` : 'healthing',
  };
}

