/**
 * The engine as a library: one session = the vendor clients and ledger for a
 * config's providers. The CLI and tests drive the engine through this.
 */
import path from 'node:path';
import { credentialHints } from '../config/credential-hints.js';
import type { ProvidersConfig } from '../config/providers.js';
import type { LoadedConfig } from '../config/types.js';
import { KINDS } from '../kinds/registry.js';
import type { Kind, LiveSnapshot } from '../kinds/types.js';
import { Redactor } from '../util/redactor.js';
import { createClients, type ClientsOptions, type VendorClients } from '../vendors/index.js';
import type { VendorName } from '../config/vendor-names.js';
import type { DesiredState } from './load/desired.js';
import { executePlan, type ApplyMessage, type ExecuteOptions, type StepResult } from './apply/executor.js';
import type { EngineMessage, MessageSink } from './messages.js';
import { Ledger } from './apply/ledger.js';
import { readLiveSnapshot } from './load/live.js';
import { computePlan, type PlanOptions } from './plan/planner.js';
import type { Plan, PlanFailure, PlannedStep } from './plan/plan.js';
import type { PlanWarning } from './plan/warnings.js';
import { HostLanes } from '../vendors/http/host-lanes.js';
import { DEFAULT_INSTANCE } from '../config/instances.js';
import { UserError } from '../errors.js';
import { asInstances, combinePlans, declaredByUnit, isNamed, presentIn, type ProviderInstances } from './units.js';
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
   * How the providers' fields were written (`LoadedConfig.providerReferences`
   * of a YAML config): a vendor refusing the credentials is then reported
   * with the fields to check and the variables they came from.
   */
  providerReferences?: LoadedConfig['providerReferences'];
  /**
   * Hold the state file's lock until close(), taken before the ledger is read:
   * for runs that write (apply). Plans need none and work while it is held.
   */
  lock?: LockOptions;
}

/** One unit's share of a planned run: what its executor needs. */
export interface PlannedUnit {
  unit: string;
  planned: PlannedStep[];
  live: LiveSnapshot;
}

export interface PlannedRun {
  /** Every unit's plan as one (see engine/units.ts), masked. */
  plan: Plan;
  /** In plan order; `plan.warnings` holds their texts. */
  warnings: PlanWarning[];
  units: PlannedUnit[];
  /** The config's `protect:` section, which the executor checks again. */
  protect: ProtectSection;
}

/** Plan options a caller chooses; protection and prune mode come from the config itself. */
export type RunOptions = Omit<PlanOptions, 'protect' | 'pruneMode' | 'selects' | 'warnings'> & Targeting;

/** Apply options a caller chooses; progress goes to the session's `onMessage`. */
export type ApplyOptions = Omit<ExecuteOptions, 'onMessage'>;

/** What one provider instance name holds: its accounts' clients, and its view of the state file. */
interface Unit {
  name: string;
  providers: ProvidersConfig;
  clients: VendorClients;
  ledger: Ledger;
}

/**
 * Open, plan, apply, close. What happens along the way is reported to the one
 * sink given as `SessionOptions.onMessage` (see engine/messages.ts):
 *
 *     const session = await Session.open(desired.config.instances ?? desired.config.providers, { cwd, onMessage: (m) => log(m.level, m.type) });
 *
 * A config with named provider instances is one unit per instance name
 * (engine/units.ts): units share the state file and, per host, connections
 * and rate limits; one unit's failure never stops another.
 */
export class Session {
  private constructor(
    private readonly units: readonly Unit[],
    private readonly kinds: readonly Kind[],
    private readonly lock: StateLock | undefined,
    /** The config's secrets, learnt by plan(): the plan, its warnings and every message are masked with them. */
    private readonly masked: Redactor,
    private readonly onMessage: MessageSink | undefined,
  ) {}

  /** `providers`: a config's one block per vendor, or its blocks by instance name (`LoadedConfig.instances`). */
  static async open(providers: ProvidersConfig | ProviderInstances, options: SessionOptions): Promise<Session> {
    const kinds = options.kinds ?? KINDS;
    const stateFile = path.resolve(options.cwd, options.stateFile ?? DEFAULT_STATE_FILE);
    const vendorOf = new Map(kinds.map((k) => [k.kind, k.vendor]));
    const scopesIn = (blocks: ProvidersConfig, instance: string) => {
      const scopes = ledgerScopes(blocks, instance);
      return (kind: string) => {
        const vendor = vendorOf.get(kind);
        if (!vendor) throw new Error(`no registered kind is named ${kind}`);
        return scopes[vendor];
      };
    };
    const instances = [...asInstances(providers)];
    const lock = options.lock ? await acquireStateLock(stateFile, options.lock) : undefined;
    const units: Unit[] = [];
    try {
      const [first] = instances;
      const ledger = await Ledger.open(stateFile, scopesIn(first?.[1] ?? {}, first?.[0] ?? DEFAULT_INSTANCE));
      const masked = new Redactor();
      const sink = options.onMessage;
      const onMessage: MessageSink | undefined = sink && ((message) => sink(masked.redactValue(message)));
      // One account per host needs no sharing; several on one host share its connections and limits.
      const hosts = instances.length > 1 ? new HostLanes() : undefined;
      for (const [name, blocks] of instances) {
        const unitMessages = onMessage && isNamed(name) ? (m: EngineMessage) => onMessage({ ...m, instance: name }) : onMessage;
        const clients = createClients(blocks, { ...withCredentialHints(options.http, blocks, options.providerReferences, name), ...(hosts ? { hosts } : {}), onMessage: unitMessages });
        units.push({ name, providers: blocks, clients, ledger: ledger.withScopes(scopesIn(blocks, name)) });
      }
      return new Session(units, kinds, lock, masked, onMessage);
    } catch (err) {
      await Promise.all(units.map((u) => u.clients.close()));
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
    this.units[0]?.ledger.hideSecrets(desired.config.secrets);
    // A config that names no instances is the one unit it always was: nothing to split.
    const instances = desired.config.instances;
    const alone = !instances || (instances.size === 1 && instances.has(DEFAULT_INSTANCE));
    const byUnit = alone ? undefined : declaredByUnit(desired.declared, this.units.map((u) => u.name));
    const settled = await Promise.allSettled(
      this.units.map(async (unit) => {
        const declared = alone ? desired.declared : byUnit!.get(unit.name)!;
        const present = alone ? desired.config.presentKinds : presentIn(desired.config.presentKinds, kinds, unit.providers);
        const mine = kinds.filter((k) => present.has(k.configKey));
        const live = await readLiveSnapshot(mine, unit.clients, declared);
        const result = computePlan({
          kinds: mine,
          declared,
          presentKinds: present,
          live,
          ledger: unit.ledger,
          options: { ...rest, protect: desired.protect, pruneMode: desired.pruneMode, ...(selects ? { selects } : {}) },
          configDigest: desired.digest,
        });
        return { unit: unit.name, declared, live, ...result };
      }),
    );
    const { planned, failures } = partition(settled, this.units, alone);
    // A pattern is judged against every declared object, also those of units not planned here (another shard, a failed unit).
    const keysOf = (kind: string) => [...(desired.declared.get(kind) ?? []), ...planned.flatMap((p) => p.live.objects.get(kind) ?? [])].map((o) => o.key);
    const narrowed = targetingWarnings(kinds, { targets, excludes }, keysOf);
    const combined = combinePlans(planned, { configDigest: desired.digest, leading: narrowed, failures, environment: desired.config.environment });
    // The plan and its warnings are what callers print and save; the planned steps keep the real keys the executor needs.
    for (const secret of desired.config.secrets) this.masked.add(secret);
    const warnings = this.masked.redactValue(combined.warnings);
    for (const warning of warnings) this.onMessage?.(warning);
    return {
      plan: this.masked.redactValue(combined.plan),
      warnings,
      units: planned.map(({ unit, planned: steps, live }) => ({ unit, planned: steps, live })),
      protect: desired.protect,
    };
  }

  /**
   * Applies every unit's steps at once, each with its own executor: a step
   * that fails, or a vendor that answers with the wrong object, stops only
   * its own unit. Results come unit by unit, named units' marked with the name.
   */
  async apply(run: PlannedRun, options: ApplyOptions = {}): Promise<StepResult[]> {
    await this.units[0]?.ledger.checkWritable();
    // Every unit finishes (and records what it applied) before a failure of one is thrown: pools close only after.
    const settled = await Promise.allSettled(
      run.units.map(async ({ unit: name, planned, live }) => {
        const unit = this.units.find((u) => u.name === name)!;
        const sink = this.onMessage;
        const onMessage = sink && isNamed(name) ? (m: ApplyMessage) => sink(withInstance(m, name)) : sink;
        const env = { clients: unit.clients, live, ledger: unit.ledger, protect: run.protect };
        const own = await executePlan(planned, env, { ...options, ...(onMessage ? { onMessage } : {}) });
        return isNamed(name) ? own.map((r) => ({ instance: name, ...r })) : own;
      }),
    );
    const failed = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
    if (failed) throw failed.reason;
    return settled.flatMap((s) => (s.status === 'fulfilled' ? s.value : []));
  }

  /** Live objects of the given kinds in config form, for `export`, by unit name. */
  async export(kinds: readonly Kind[]): Promise<Map<string, Map<string, Record<string, unknown>[]>>> {
    const exported = await Promise.all(
      this.units.map(async (unit) => [unit.name, await exportUnit(kinds.filter((k) => unit.providers[k.vendor] !== undefined), unit.clients)] as const),
    );
    return new Map(exported);
  }

  async close(): Promise<void> {
    try {
      await Promise.all(this.units.map((u) => u.clients.close()));
    } finally {
      await this.lock?.release();
    }
  }
}

/** A named unit's apply message, its step's result included, says which unit. */
function withInstance(message: ApplyMessage, instance: string): EngineMessage {
  return message.type === 'apply.step_end' ? { ...message, instance, result: { instance, ...message.result } } : { ...message, instance };
}

/**
 * The units that planned, and the errors of those that could not (a wrong
 * token, a vendor down): one account's failure never stops another's plan.
 * A run of one unit fails as it always did, and a bug fails the whole run.
 */
function partition<T>(settled: ReadonlyArray<PromiseSettledResult<T>>, units: readonly Unit[], alone: boolean): { planned: T[]; failures: PlanFailure[] } {
  const planned: T[] = [];
  const failures: PlanFailure[] = [];
  settled.forEach((result, i) => {
    if (result.status === 'fulfilled') planned.push(result.value);
    else if (alone || !(result.reason instanceof UserError)) throw result.reason;
    else failures.push({ instance: units[i]!.name, message: result.reason.message });
  });
  return { planned, failures };
}

async function exportUnit(kinds: readonly Kind[], clients: VendorClients): Promise<Map<string, Record<string, unknown>[]>> {
  const live = await readLiveSnapshot(kinds, clients, 'all');
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

/**
 * Ledger entries are kept per vendor endpoint, so staging and production
 * never mix. A Chatwoot account is its own endpoint; two named Tether or
 * Healthing instances may share a server, so theirs add the user they log in
 * as, or (a Tether token, never written anywhere) the instance's name. The
 * scopes of a config without named instances are those it always had.
 */
function ledgerScopes(providers: ProvidersConfig, instance: string): Record<VendorName, string> {
  const { chatwoot, tether, healthing } = providers;
  const who = (block: object) => (!isNamed(instance) ? '' : 'email' in block ? ` user ${String(block.email).toLowerCase()}` : ` instance ${instance}`);
  return {
    chatwoot: chatwoot ? `chatwoot ${chatwoot.url} account ${chatwoot.account_id}` : 'chatwoot',
    tether: tether ? `tether ${tether.url}${who(tether)}` : 'tether',
    healthing: healthing ? `healthing ${healthing.url}${who(healthing)}` : 'healthing',
  };
}

/** The HTTP options with each vendor's credential hint, when the config says how its providers were written. */
function withCredentialHints(
  http: SessionOptions['http'],
  providers: ProvidersConfig,
  references: SessionOptions['providerReferences'],
  instance: string,
): SessionOptions['http'] {
  if (!references) return http;
  const vendors = { ...http?.vendors };
  for (const [vendor, credentialHint] of Object.entries(credentialHints(providers, references, instance)) as Array<[VendorName, string]>) {
    vendors[vendor] = { ...vendors[vendor], credentialHint };
  }
  return { ...http, vendors };
}
