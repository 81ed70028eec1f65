/** What several commands share: loading the config and opening an engine session for it. */
import { instancesOf } from '../../config/instances.js';
import { loadDesired, type DesiredState } from '../../engine/load/desired.js';
import type { Plan, SavedOptions } from '../../engine/plan/plan.js';
import type { Shard, UnitSelection } from '../../engine/units.js';
import { parseShard, shardText } from '../shard.js';
import type { RunOptions, Session, SessionOptions } from '../../engine/session.js';
import type { EngineMessage } from '../../engine/messages.js';
import type { RunIo } from '../io.js';

/** Flags of every command that reads config files (see readsConfig in run.ts). */
export interface ReadFlags {
  allowExternalSymlinks?: boolean;
  /** `--env`: the environment whose overlay patches the config. */
  env?: string;
}

/** Loads the config and masks its secrets in everything the run prints or writes from then on. */
export async function loadFor(paths: readonly string[], io: RunIo, flags: ReadFlags): Promise<DesiredState> {
  const desired = await loadDesired(paths, { env: io.env, cwd: io.cwd, allowExternalSymlinks: Boolean(flags.allowExternalSymlinks), environment: flags.env });
  io.hideSecrets(desired.config.secrets);
  return desired;
}

/** What a command may add to its session: the state lock, where the engine's messages go, and which provider instances it covers. */
export type SessionExtras = Pick<SessionOptions, 'lock' | 'onMessage'> & { units?: UnitSelection };

/** The session (and with it undici and the vendor clients) is loaded only by commands that contact vendors. */
export async function sessionFor(desired: DesiredState, io: RunIo, stateFile?: string, extras: SessionExtras = {}): Promise<Session> {
  // undici parses HTTP in WebAssembly; V8 recompiles its hot functions with TurboFan on a background
  // thread, and Node waits for that compile before the process exits (200-300 ms on every plan and
  // apply). Liftoff's baseline code parses HTTP framing fast enough.
  (await import('node:v8')).setFlagsFromString('--liftoff-only');
  const { Session } = await import('../../engine/session.js');
  const { selectUnits } = await import('../../engine/units.js');
  // Only commands that contact vendors log, so validate never loads the renderer.
  const log = io.logLevel ? (await import('../log.js')).logSink(io, io.logLevel) : undefined;
  const own = extras.onMessage;
  const onMessage = log && own
    ? (m: EngineMessage) => {
        log(m);
        own(m);
      }
    : (log ?? own);
  const { units, ...options } = extras;
  const instances = instancesOf(desired.config);
  return Session.open(units ? selectUnits(instances, units) : instances, {
    cwd: io.cwd,
    stateFile,
    providerReferences: desired.config.providerReferences,
    ...options,
    ...(onMessage ? { onMessage } : {}),
  });
}

/** Runs `body` with a session (holding the state lock, if asked) and always closes its connection pools. */
export async function withSession<T>(
  desired: DesiredState,
  io: RunIo,
  stateFile: string | undefined,
  body: (s: Session) => Promise<T>,
  extras: SessionExtras = {},
): Promise<T> {
  const session = await sessionFor(desired, io, stateFile, extras);
  try {
    return await body(session);
  } finally {
    await session.close();
  }
}

/** Flags plan and apply share (see planScope in run.ts). */
export interface ScopeFlags extends ReadFlags {
  prune?: boolean;
  force?: boolean;
  maxDeletePercent: number;
  target?: string[];
  exclude?: string[];
  state: string;
  /** `--instance`: only these provider instances. */
  instance?: string[];
  shard?: Shard;
}

/** The provider instances `--instance` and `--shard` select; undefined: all of them. */
export function unitSelectionOf(flags: Pick<ScopeFlags, 'instance' | 'shard'>): UnitSelection | undefined {
  if (!flags.instance?.length && !flags.shard) return undefined;
  return { ...(flags.instance?.length ? { names: flags.instance } : {}), ...(flags.shard ? { shard: flags.shard } : {}) };
}

/** The plan with the shard it covers, when it covers one. */
export function withShard(plan: Plan, shard: Shard | undefined, units: readonly { unit: string }[]): Plan {
  return shard ? { ...plan, shard: { ...shard, instances: units.map((u) => u.unit) } } : plan;
}


export function runOptionsOf(flags: ScopeFlags): RunOptions {
  return {
    prune: Boolean(flags.prune),
    force: Boolean(flags.force),
    maxDeletePercent: flags.maxDeletePercent,
    targets: flags.target ?? [],
    excludes: flags.exclude ?? [],
  };
}

/** What a saved plan records so that applying it plans exactly the same way again. */
export function savedOptionsOf(paths: string[], options: RunOptions, units?: UnitSelection): SavedOptions {
  return {
    ...(units?.names ? { instances: [...units.names] } : {}),
    ...(units?.shard ? { shard: shardText(units.shard) } : {}),
    config_paths: paths,
    prune: Boolean(options.prune),
    force: Boolean(options.force),
    max_delete_percent: options.maxDeletePercent ?? 30,
    targets: [...(options.targets ?? [])],
    excludes: [...(options.excludes ?? [])],
  };
}

/** The provider instances a saved plan covers. */
export function unitSelectionFromSaved(saved: SavedOptions): UnitSelection | undefined {
  const shard = saved.shard === undefined ? undefined : parseShard(saved.shard);
  return unitSelectionOf({ ...(saved.instances ? { instance: saved.instances } : {}), ...(shard ? { shard } : {}) });
}

export function runOptionsFromSaved(saved: SavedOptions): RunOptions {
  return {
    prune: saved.prune,
    force: saved.force ?? false,
    maxDeletePercent: saved.max_delete_percent ?? 30,
    targets: saved.targets ?? [],
    excludes: saved.excludes ?? [],
  };
}
