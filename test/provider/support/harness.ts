/**
 * Drives the provider's tfplugin6 handlers in-process against the emulator,
 * with values going through the real msgpack codec, the way Terraform would
 * (proposed new state included). Fast enough for detailed behaviour tests;
 * the e2e tests run the real terraform binary.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { afterEach, beforeEach, expect } from 'vitest';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startEmulator, type RunningEmulator } from '../../../src/emulator/index.js';
import { decodeMsgpack, encodeMsgpack, isKnownObject, type CtyValue } from '../../../src/provider/cty-codec.js';
import type { CtyType } from '../../../src/provider/cty-types.js';
import type { Message } from '../../../src/provider/protobuf.js';
import { blockType } from '../../../src/provider/schema-proto.js';
import { providerSchema, type SchemaAttribute } from '../../../src/terraform/schema.js';
import { providerService } from '../../../src/provider/service.js';
import type { Attributes } from '../../../src/provider/validation.js';

export interface Diag {
  severity: number;
  summary: string;
  detail?: string;
  attribute?: { steps: Array<{ attribute_name?: string; element_key_int?: number }> };
}

export interface Harness {
  emulator: RunningEmulator;
  cwd: string;
  call(rpc: string, request: Message): Promise<Message>;
  /** A fresh provider instance (empty caches), as each Terraform command starts; configured like the last one. */
  restart(): Promise<void>;
  configure(block?: Record<string, unknown>): Promise<Diag[]>;
  validate(type: string, config: Record<string, CtyValue>): Promise<Diag[]>;
  plan(type: string, prior: Attributes | null, config: Record<string, CtyValue>): Promise<{ planned: Attributes | null; requiresReplace: string[][]; diagnostics: Diag[] }>;
  apply(type: string, prior: Attributes | null, planned: Attributes | null, config: Record<string, CtyValue> | null): Promise<{ newState: Attributes | null; diagnostics: Diag[] }>;
  /** Plan, then apply that plan; throws on error diagnostics. */
  converge(type: string, prior: Attributes | null, config: Record<string, CtyValue>): Promise<Attributes>;
  read(type: string, state: Attributes): Promise<{ newState: Attributes | null; diagnostics: Diag[] }>;
  importState(type: string, id: string): Promise<{ state: Attributes | null; diagnostics: Diag[] }>;
  /** Vendor requests since the last reset. */
  requests(): Array<{ vendor: string; method: string; path: string }>;
  /** Lines the provider wrote for Terraform's log, every instance since the harness started. */
  logLines(): readonly string[];
  close(): Promise<void>;
}

const schema = providerSchema();
export const typeOf = (name: string): CtyType => {
  const s = schema.resource_schemas[name] ?? schema.data_source_schemas[name];
  if (!s) throw new Error(`no schema for ${name}`);
  return blockType(s.block);
};
const providerType = blockType(schema.provider.block);

const dv = (type: CtyType, value: CtyValue) => ({ msgpack: encodeMsgpack(type, value) });
const undv = (type: CtyType, value: Message | undefined) => (value?.msgpack ? (decodeMsgpack(type, value.msgpack) as Attributes | null) : null);

/**
 * Terraform's proposed new state: config, with prior values for computed
 * attributes the config leaves null, except computed nested attributes,
 * which Terraform proposes as null (objchange.ProposedNew).
 */
function proposedNew(type: string, prior: Attributes | null, config: Attributes): Attributes {
  return proposedAttributes(schema.resource_schemas[type]?.block.attributes ?? {}, prior, config);
}

/** Terraform's proposal: unset computed attributes keep their prior value, also inside a single nested object both sides have. */
function proposedAttributes(attrs: Record<string, SchemaAttribute>, prior: Attributes | null, config: Attributes): Attributes {
  const out: Attributes = { ...config };
  for (const [name, a] of Object.entries(attrs)) {
    const [was, now] = [prior?.[name] ?? null, config[name] ?? null];
    if (a.computed && !a.nested_type && now === null) out[name] = was;
    if (a.nested_type?.nesting_mode === 'single' && isKnownObject(was) && isKnownObject(now)) out[name] = proposedAttributes(a.nested_type.attributes, was, now);
  }
  return out;
}

export function defaultProviderBlock(emulator: RunningEmulator): Record<string, unknown> {
  return {
    chatwoot: { url: emulator.urls.chatwoot, account_id: 1, api_token: 'demo-chatwoot-admin-token' },
    tether: { url: emulator.urls.tether, token: 'demo-tether-token', email: null, password: null },
    healthing: { url: emulator.urls.healthing, email: 'admin@acme.test', password: 'demo-healthing-password' },
  };
}

export async function createHarness(options: { env?: Record<string, string> } = {}): Promise<Harness> {
  const emulator = await startEmulator({ port: 0, seed: 11 });
  const cwd = mkdtempSync(path.join(tmpdir(), 'deskform-provider-'));
  const logLines: string[] = [];
  const start = () => providerService({ env: options.env ?? {}, cwd, log: (line) => logLines.push(line) });
  let service = start();
  let lastBlock: Record<string, unknown> | undefined;
  const call = async (rpc: string, request: Message): Promise<Message> => {
    const handler = service.handlers[rpc];
    if (!handler) throw new Error(`no handler ${rpc}`);
    return handler(request);
  };
  // Values as Terraform would send them: every attribute present.
  const full = (type: string, value: Record<string, CtyValue>) => decodeMsgpack(typeOf(type), encodeMsgpack(typeOf(type), value)) as Attributes;

  const harness: Harness = {
    emulator,
    cwd,
    call,
    async restart() {
      await service.close();
      service = start();
      if (lastBlock) await harness.configure(lastBlock);
    },
    async configure(block = defaultProviderBlock(emulator)) {
      lastBlock = block;
      const res = await call('ConfigureProvider', { config: dv(providerType, block as CtyValue) });
      return (res.diagnostics ?? []) as Diag[];
    },
    async validate(type, config) {
      const res = await call('ValidateResourceConfig', { type_name: type, config: dv(typeOf(type), config) });
      return (res.diagnostics ?? []) as Diag[];
    },
    async plan(type, prior, config) {
      const t = typeOf(type);
      const cfg = full(type, config);
      const res = await call('PlanResourceChange', {
        type_name: type,
        prior_state: dv(t, prior),
        proposed_new_state: dv(t, proposedNew(type, prior, cfg)),
        config: dv(t, cfg),
      });
      return {
        planned: undv(t, res.planned_state),
        requiresReplace: ((res.requires_replace ?? []) as Array<{ steps: Array<{ attribute_name: string }> }>).map((p) => p.steps.map((s) => s.attribute_name)),
        diagnostics: (res.diagnostics ?? []) as Diag[],
      };
    },
    async apply(type, prior, planned, config) {
      const t = typeOf(type);
      const res = await call('ApplyResourceChange', {
        type_name: type,
        prior_state: dv(t, prior),
        planned_state: dv(t, planned),
        config: dv(t, config === null ? null : full(type, config)),
      });
      return { newState: undv(t, res.new_state), diagnostics: (res.diagnostics ?? []) as Diag[] };
    },
    async converge(type, prior, config) {
      const plan = await harness.plan(type, prior, config);
      if (plan.diagnostics.length > 0) throw new Error(`plan: ${JSON.stringify(plan.diagnostics)}`);
      const applied = await harness.apply(type, prior, plan.planned, config);
      if (applied.diagnostics.length > 0 || !applied.newState) throw new Error(`apply: ${JSON.stringify(applied.diagnostics)}`);
      return applied.newState;
    },
    async read(type, state) {
      const t = typeOf(type);
      const res = await call('ReadResource', { type_name: type, current_state: dv(t, state) });
      return { newState: undv(t, res.new_state), diagnostics: (res.diagnostics ?? []) as Diag[] };
    },
    async importState(type, id) {
      const res = await call('ImportResourceState', { type_name: type, id });
      const imported = (res.imported_resources ?? []) as Array<{ state: Message }>;
      return { state: imported[0] ? undv(typeOf(type), imported[0].state) : null, diagnostics: (res.diagnostics ?? []) as Diag[] };
    },
    requests: () => emulator.control.requests().filter((r) => r.vendor !== 'control'),
    logLines: () => logLines,
    async close() {
      await service.close();
      await emulator.close();
      rmSync(cwd, { recursive: true, force: true });
    },
  };
  return harness;
}

/** A diagnostic's attribute path as plain steps. */
export const pathOf = (d: Diag) => (d.attribute?.steps ?? []).map((s) => s.attribute_name ?? s.element_key_int);

/** A configured harness for each test of a file, closed after it; read it through the returned getter. */
export function useConfiguredHarness(): () => Harness {
  let h: Harness | undefined;
  beforeEach(async () => {
    h = await createHarness();
    expect(await h.configure()).toEqual([]);
  });
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });
  return () => {
    if (!h) throw new Error('the harness is created in beforeEach');
    return h;
  };
}
