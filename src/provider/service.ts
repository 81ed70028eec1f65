/**
 * The tfplugin6 Provider service: decodes each request's values with the
 * schema's types, hands them to the resource or data source, and turns every
 * failure into diagnostics. Loaded after the handshake (see plugin.ts), since
 * it pulls in zod and the kinds; the vendor clients load on ConfigureProvider.
 */
import type { MessageSink } from '../engine/messages.js';
import { logLine } from '../engine/render/log-line.js';
import { KINDS } from '../kinds/registry.js';
import type { Kind } from '../kinds/types.js';
import type { VendorClients } from '../vendors/index.js';
import { decodeDynamic, decodeJson, encodeMsgpack, isWhollyKnown, type CtyValue } from './cty-codec.js';
import type { CtyType } from './cty-types.js';
import { dataSources } from './data-sources.js';
import { DiagnosticsError, diagnosticsOf, errorDiagnostic, type Diagnostic } from './diagnostics.js';
import type { Message } from './protobuf.js';
import { cachingClients } from './refresh-cache.js';
import { ManagedIds } from './managed-ids.js';
import { PendingLinks } from './pending-links.js';
import { ResourceType } from './resources.js';
import { blockType, schemaMessage } from './schema-proto.js';
import { providerSchema, resolveProviders, resourceTypeOf } from '../terraform/schema.js';
import type { Attributes } from './validation.js';

export type RpcHandler = (request: Message) => Promise<Message>;

export interface ServiceOptions {
  env: Readonly<Record<string, string | undefined>>;
  cwd: string;
  /** Lines for Terraform's log (shown with TF_LOG): every vendor request and delete wait, secrets masked. */
  log(line: string): void;
}

interface Configured {
  block: Attributes | null;
  clients: VendorClients;
}

const dynamic = (type: CtyType, value: CtyValue) => ({ msgpack: encodeMsgpack(type, value) });

export function providerService(options: ServiceOptions): { handlers: Record<string, RpcHandler>; close(): Promise<void> } {
  const schema = providerSchema();
  const providerType = blockType(schema.provider.block);
  let configured: Configured | undefined;
  /** False while Terraform configured the provider with values known only after apply (it configures again before applying). */
  let configKnown = true;

  const onMessage: MessageSink = (message) => options.log(logLine(message, 'deskform provider: '));
  const clientsFor = (kind: Pick<Kind, 'vendor'>): VendorClients => {
    if (!configKnown) throw new DiagnosticsError([errorDiagnostic('Provider configuration not known yet', 'the deskform provider block refers to values known only after apply')]);
    if (!configured) throw new DiagnosticsError([errorDiagnostic('Provider not configured', 'Terraform did not configure the deskform provider before using it')]);
    if (configured.clients[kind.vendor]) return configured.clients;
    const { problems } = resolveProviders(configured.block, options.env, new Set([kind.vendor]));
    throw new DiagnosticsError(problems.map((p) => errorDiagnostic(`Missing ${kind.vendor} provider settings`, p.message)));
  };

  const managed = new ManagedIds();
  const links = new PendingLinks(managed);
  const resources = new Map(
    KINDS.map((kind) => {
      const typeName = resourceTypeOf(kind);
      const resourceSchema = schema.resource_schemas[typeName];
      if (!resourceSchema) throw new Error(`no schema for ${typeName}`);
      return [typeName, new ResourceType(kind, resourceSchema, { clientsFor, configKnown: () => configKnown, cwd: options.cwd, links, managed, onMessage })];
    }),
  );
  const sources = dataSources(schema.data_source_schemas);

  const resource = (typeName: string): ResourceType => {
    const r = resources.get(typeName);
    if (!r) throw new DiagnosticsError([errorDiagnostic('Unknown resource type', `deskform has no resource type ${typeName}`)]);
    return r;
  };
  const source = (typeName: string) => {
    const s = sources.get(typeName);
    if (!s) throw new DiagnosticsError([errorDiagnostic('Unknown data source', `deskform has no data source ${typeName}`)]);
    return s;
  };

  /** Runs an RPC body; a failure becomes the response's diagnostics plus whatever `fallback` the RPC must still return. */
  const guarded =
    (summary: string, body: (req: Message) => Promise<Message>, fallback: (req: Message) => Message = () => ({})): RpcHandler =>
    async (req) => {
      try {
        return await body(req);
      } catch (err) {
        return { ...fallback(req), diagnostics: diagnosticsOf(err, summary) };
      }
    };

  /** The provider block merged with the environment; `known` is false while it refers to values not known yet. */
  const providerConfig = (req: Message): { block: Attributes | null; known: boolean; problems: Diagnostic[] } => {
    const block = decodeDynamic(providerType, req.config) as Attributes | null;
    if (block !== null && !isWhollyKnown(block)) return { block, known: false, problems: [] };
    const { problems } = resolveProviders(block, options.env);
    return { block, known: true, problems: problems.map((p) => errorDiagnostic('Invalid provider configuration', p.message, p.path)) };
  };

  const handlers: Record<string, RpcHandler> = {
    GetMetadata: guarded('Metadata failed', async () => ({
      server_capabilities: { get_provider_schema_optional: true },
      resources: [...resources.keys()].map((type_name) => ({ type_name })),
      data_sources: [...sources.keys()].map((type_name) => ({ type_name })),
    })),

    GetProviderSchema: guarded('Schema failed', async () => ({
      provider: schemaMessage(schema.provider),
      resource_schemas: Object.fromEntries(Object.entries(schema.resource_schemas).map(([k, v]) => [k, schemaMessage(v)])),
      data_source_schemas: Object.fromEntries(Object.entries(schema.data_source_schemas).map(([k, v]) => [k, schemaMessage(v)])),
      // The schema never varies between processes, so Terraform may reuse it instead of asking every instance.
      server_capabilities: { get_provider_schema_optional: true },
    })),

    ValidateProviderConfig: guarded('Provider configuration check failed', async (req) => {
      return { diagnostics: providerConfig(req).problems };
    }),

    ConfigureProvider: guarded('Provider configuration failed', async (req) => {
      const { block, known, problems } = providerConfig(req);
      // Terraform 1.11 configures with unknown values during plan: plan-time checks wait, refreshes keep the prior state.
      configKnown = known;
      if (!known) return {};
      if (problems.length > 0) return { diagnostics: problems };
      // undici and the vendor clients load only here: most provider launches (schema, validation) never need them.
      const { createClients } = await import('../vendors/index.js');
      const previous = configured;
      configured = { block, clients: cachingClients(createClients(resolveProviders(block, options.env).providers, { onMessage })) };
      await previous?.clients.close();
      return {};
    }),

    ValidateResourceConfig: guarded('Validation failed', async (req) => {
      const r = resource(req.type_name);
      return { diagnostics: r.validate(decodeDynamic(r.type, req.config) as Attributes) };
    }),

    UpgradeResourceState: guarded('State upgrade failed', async (req) => {
      const r = resource(req.type_name);
      const version = Number(req.version ?? 0);
      if (version > r.schema.version) {
        throw new DiagnosticsError([
          errorDiagnostic('State from a newer provider', `this state was written by a deskform provider with schema version ${version}; this one has ${r.schema.version}`),
        ]);
      }
      const json = req.raw_state?.json as Buffer | undefined;
      if (!json || json.length === 0) {
        throw new DiagnosticsError([errorDiagnostic('Unsupported state', 'deskform state is always stored as JSON; this state has the legacy flatmap format')]);
      }
      // Same schema version: attributes this provider no longer has are dropped, new ones start null.
      return { upgraded_state: dynamic(r.type, decodeJson(r.type, json)) };
    }),

    ReadResource: guarded(
      'Refresh failed',
      async (req) => {
        const r = resource(req.type_name);
        if (!configKnown) return { new_state: req.current_state, private: req.private };
        const state = decodeDynamic(r.type, req.current_state) as Attributes | null;
        const next = state === null ? null : await r.read(state);
        return { new_state: dynamic(r.type, next), private: req.private };
      },
      // On failure the prior state stands: a null new state would mean "gone".
      (req) => ({ new_state: req.current_state, private: req.private }),
    ),

    PlanResourceChange: guarded('Planning failed', async (req) => {
      const r = resource(req.type_name);
      const decode = (v: Message | undefined) => decodeDynamic(r.type, v) as Attributes | null;
      const result = await r.plan(decode(req.prior_state), decode(req.proposed_new_state), decode(req.config));
      return {
        planned_state: dynamic(r.type, result.planned),
        requires_replace: result.requiresReplace.map((path) => ({ steps: path.map((name) => ({ attribute_name: name })) })),
        planned_private: req.prior_private,
        diagnostics: result.diagnostics,
      };
    }),

    ApplyResourceChange: guarded(
      'Apply failed',
      async (req) => {
        const r = resource(req.type_name);
        const decode = (v: Message | undefined) => decodeDynamic(r.type, v) as Attributes | null;
        const result = await r.apply(decode(req.prior_state), decode(req.planned_state), decode(req.config));
        return { new_state: dynamic(r.type, result.newState), private: req.planned_private, diagnostics: result.diagnostics };
      },
      // Terraform reads a missing new state as null, which would drop an object that still exists.
      (req) => ({ new_state: req.prior_state }),
    ),

    ImportResourceState: guarded('Import failed', async (req) => {
      const r = resource(req.type_name);
      const state = await r.import(String(req.id));
      return { imported_resources: [{ type_name: req.type_name, state: dynamic(r.type, state) }] };
    }),

    ValidateDataResourceConfig: guarded('Validation failed', async (req) => {
      const s = source(req.type_name);
      return { diagnostics: s.validate(decodeDynamic(s.type, req.config) as Attributes) };
    }),

    ReadDataSource: guarded('Data source read failed', async (req) => {
      const s = source(req.type_name);
      const config = decodeDynamic(s.type, req.config) as Attributes;
      return { state: dynamic(s.type, await s.read(config, clientsFor(s))) };
    }),

    // Vendor requests in flight finish (a half-sent write is worse than a late one); Terraform then stops the plugin.
    StopProvider: async () => ({}),
  };

  return { handlers, close: async () => configured?.clients.close() };
}
