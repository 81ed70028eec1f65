/**
 * The emulator's core state and its control surface. `EmulatorCore` owns the
 * vendor states, clock, request log, faults and rate limits; both the
 * in-process `control` API and the HTTP routes under `/_emulator` call the same
 * methods on it.
 */
import { UserError } from '../errors.js';
import {
  VENDOR_NAMES,
  type EmuEnv,
  type EmuResponse,
  type FaultConfig,
  type Fixtures,
  type RequestLogEntry,
  type RouteDef,
  type VendorModule,
  type VendorName,
} from './contract.js';
import { FaultEngine, parseFaultConfig } from './faults.js';
import { parseHealthingChannel } from './fixtures-schema.js';
import { seedChannel, type HealthingState } from './healthing/state.js';
import type { PersistedData } from './persistence.js';
import { RateLimiter, parseRateLimits, type RateLimits } from './rate-limit.js';
import { SeededRandom } from './rng.js';

/** Oldest entries are dropped beyond this, so a long-running emulator stays bounded. */
const LOG_CAPACITY = 100_000;

export interface RequestFilter {
  vendor?: VendorName | 'control';
}

/** What tests and the CLI can do to a running emulator. */
export interface EmulatorControl {
  /** Every vendor state, including write-only fields (Healthing business_hours). */
  state(): Record<VendorName, unknown>;
  requests(filter?: RequestFilter): RequestLogEntry[];
  resetRequests(): void;
  setFaults(config: FaultConfig): void;
  clearFaults(): void;
  /** Replaces all limits; vendors not named become unlimited. */
  setRateLimits(limits: RateLimits): void;
  /** State back to fixtures; log, faults and rate limits cleared. */
  reset(): void;
  drainJobs(): void;
  /** Moves the emulator clock forward and runs jobs that became due. Returns the new time (ms). */
  advanceClock(ms: number): number;
  /** Adds a Healthing channel (fixture shape); returns it as the API shows it, plus tenant_id. */
  seedHealthingChannel(channel: unknown): unknown;
  credentials(): Record<string, Record<string, string>>;
}

export interface CoreOptions {
  modules: readonly VendorModule<unknown>[];
  fixtures: Fixtures;
  seed: number;
  /** Emulator clock at start (ms since epoch); default: real time. */
  clockStart?: number;
  /** State loaded from a data file; replaces the fixtures' initial state. */
  restored?: PersistedData;
  /** `http://host:port`, no trailing slash. */
  origin: string;
}

function jsonCopy<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

export class EmulatorCore implements EmulatorControl {
  readonly faults = new FaultEngine();
  readonly rateLimiter = new RateLimiter(() => this.now());
  private readonly modules = new Map<VendorName, VendorModule<unknown>>();
  private readonly envs = new Map<VendorName, EmuEnv>();
  private states = new Map<VendorName, unknown>();
  private readonly rng: SeededRandom;
  private readonly fixtures: Fixtures;
  private log: RequestLogEntry[] = [];
  private seq = 0;
  private faultConfig: FaultConfig | undefined;
  private readonly clockBase: number;
  private readonly monotonicStart = performance.now();
  private advancedMs = 0;
  private changeListener: (() => void) | undefined;
  /** The env handed to control-surface handlers. */
  readonly controlEnv: EmuEnv;

  constructor(options: CoreOptions) {
    this.fixtures = options.fixtures;
    this.rng = new SeededRandom(options.seed);
    this.clockBase = options.clockStart ?? Date.now();
    for (const module of options.modules) {
      this.modules.set(module.name, module);
      this.envs.set(module.name, {
        now: () => this.now(),
        baseUrl: `${options.origin}/${module.name}`,
        random: this.rng.next,
      });
    }
    this.controlEnv = { now: () => this.now(), baseUrl: `${options.origin}/_emulator`, random: this.rng.next };
    if (options.restored) this.rng.setState(options.restored.rngState);
    this.buildStates(options.restored?.vendors ?? {});
  }

  /** Called after anything that may have changed vendor state (persistence hooks in here). */
  onChange(listener: () => void): void {
    this.changeListener = listener;
  }

  changed(): void {
    this.changeListener?.();
  }

  now(): number {
    return Math.floor(this.clockBase + (performance.now() - this.monotonicStart) + this.advancedMs);
  }

  module(vendor: VendorName): VendorModule<unknown> | undefined {
    return this.modules.get(vendor);
  }

  env(vendor: VendorName): EmuEnv {
    const env = this.envs.get(vendor);
    if (!env) throw new Error(`no vendor module registered for ${vendor}`);
    return env;
  }

  vendorState(vendor: VendorName): unknown {
    return this.states.get(vendor);
  }

  /** Background work that is due now, for every vendor. */
  runDueJobs(drain = false): void {
    for (const [vendor, module] of this.modules) {
      module.runJobs?.(this.states.get(vendor), this.env(vendor), drain);
    }
  }

  record(entry: Omit<RequestLogEntry, 'seq'>): void {
    this.log.push({ seq: ++this.seq, ...entry });
    if (this.log.length > LOG_CAPACITY) this.log.splice(0, this.log.length - LOG_CAPACITY);
  }

  persisted(): PersistedData {
    return { rngState: this.rng.getState(), vendors: Object.fromEntries(this.states) };
  }

  private buildStates(restored: Partial<Record<VendorName, unknown>>): void {
    const states = new Map<VendorName, unknown>();
    for (const [vendor, module] of this.modules) {
      states.set(vendor, restored[vendor] ?? module.initialState(this.fixtures, this.env(vendor)));
    }
    this.states = states;
  }

  // ------------------------------------------------------------ EmulatorControl

  state(): Record<VendorName, unknown> {
    this.runDueJobs();
    this.changed();
    return jsonCopy(Object.fromEntries(this.states) as Record<VendorName, unknown>);
  }

  requests(filter: RequestFilter = {}): RequestLogEntry[] {
    const entries = filter.vendor ? this.log.filter((e) => e.vendor === filter.vendor) : this.log;
    return entries.map((e) => ({ ...e }));
  }

  resetRequests(): void {
    this.log = [];
  }

  setFaults(config: FaultConfig): void {
    const parsed = parseFaultConfig(config);
    this.faults.configure(parsed);
    this.faultConfig = parsed;
  }

  clearFaults(): void {
    this.faults.clear();
    this.faultConfig = undefined;
  }

  currentFaults(): FaultConfig | undefined {
    return this.faultConfig ? jsonCopy(this.faultConfig) : undefined;
  }

  setRateLimits(limits: RateLimits): void {
    this.rateLimiter.configure(parseRateLimits(limits));
  }

  reset(): void {
    this.buildStates({});
    this.resetRequests();
    this.clearFaults();
    this.rateLimiter.configure({});
    this.changed();
  }

  drainJobs(): void {
    this.runDueJobs(true);
    this.changed();
  }

  advanceClock(ms: number): number {
    if (typeof ms !== 'number' || !Number.isFinite(ms) || ms < 0) {
      throw new UserError('advance_ms must be a non-negative number of milliseconds');
    }
    this.advancedMs += ms;
    this.runDueJobs();
    this.changed();
    return this.now();
  }

  seedHealthingChannel(channel: unknown): unknown {
    const state = this.states.get('healthing') as HealthingState | undefined;
    if (!state) throw new UserError('the healthing vendor is not enabled in this emulator');
    const created = seedChannel(state, parseHealthingChannel(channel), this.env('healthing'));
    this.changed();
    return created;
  }

  credentials(): Record<string, Record<string, string>> {
    const out: Record<string, Record<string, string>> = {};
    for (const [vendor, module] of this.modules) {
      const described = module.describeCredentials?.(this.states.get(vendor));
      if (described) out[vendor] = described;
    }
    return out;
  }
}

// ---------------------------------------------------------------- HTTP surface

const ok = (json: unknown, status = 200): EmuResponse => ({ status, json });

function objectBody(body: unknown): Record<string, unknown> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new UserError('the request body must be a JSON object');
  }
  return body as Record<string, unknown>;
}

function vendorFilter(query: URLSearchParams): RequestFilter {
  const vendor = query.get('vendor');
  if (vendor === null || vendor === '') return {};
  if (vendor !== 'control' && !(VENDOR_NAMES as readonly string[]).includes(vendor)) {
    throw new UserError(`unknown vendor "${vendor}"; use one of ${[...VENDOR_NAMES, 'control'].join(', ')}`);
  }
  return { vendor: vendor as VendorName | 'control' };
}

function clock(core: EmulatorCore): EmuResponse {
  const now = core.now();
  return ok({ now_ms: now, now: new Date(now).toISOString() });
}

/** Routes below `/_emulator`. A thrown UserError becomes a 400 (see server.ts). */
export const CONTROL_ROUTES: RouteDef<EmulatorCore>[] = [
  { method: 'GET', pattern: '/state', handle: (_req, core) => ok(core.state()) },
  { method: 'GET', pattern: '/requests', handle: (req, core) => ok(core.requests(vendorFilter(req.query))) },
  {
    method: 'DELETE',
    pattern: '/requests',
    handle: (_req, core) => {
      core.resetRequests();
      return ok({ cleared: true });
    },
  },
  { method: 'GET', pattern: '/faults', handle: (_req, core) => ok(core.currentFaults() ?? null) },
  {
    method: 'PUT',
    pattern: '/faults',
    handle: (req, core) => {
      core.setFaults(objectBody(req.body) as unknown as FaultConfig);
      return ok(core.currentFaults());
    },
  },
  {
    method: 'DELETE',
    pattern: '/faults',
    handle: (_req, core) => {
      core.clearFaults();
      return ok({ cleared: true });
    },
  },
  { method: 'GET', pattern: '/rate-limits', handle: (_req, core) => ok(core.rateLimiter.current()) },
  {
    method: 'PUT',
    pattern: '/rate-limits',
    handle: (req, core) => {
      core.setRateLimits(objectBody(req.body) as RateLimits);
      return ok(core.rateLimiter.current());
    },
  },
  {
    method: 'DELETE',
    pattern: '/rate-limits',
    handle: (_req, core) => {
      core.setRateLimits({});
      return ok({ cleared: true });
    },
  },
  {
    method: 'POST',
    pattern: '/reset',
    handle: (_req, core) => {
      core.reset();
      return ok({ reset: true });
    },
  },
  {
    method: 'POST',
    pattern: '/jobs/drain',
    handle: (_req, core) => {
      core.drainJobs();
      return ok({ drained: true });
    },
  },
  { method: 'GET', pattern: '/clock', handle: (_req, core) => clock(core) },
  {
    method: 'POST',
    pattern: '/clock',
    handle: (req, core) => {
      core.advanceClock(objectBody(req.body).advance_ms as number);
      return clock(core);
    },
  },
  {
    method: 'POST',
    pattern: '/healthing/channels',
    handle: (req, core) => ok(core.seedHealthingChannel(objectBody(req.body)), 201),
  },
  { method: 'GET', pattern: '/credentials', handle: (_req, core) => ok(core.credentials()) },
];

export function controlNotFound(): EmuResponse {
  return {
    status: 404,
    json: {
      error: 'unknown control route',
      routes: CONTROL_ROUTES.map((r) => `${r.method} /_emulator${r.pattern}`),
    },
  };
}

export function controlBadRequest(message: string): EmuResponse {
  return { status: 400, json: { error: message } };
}
