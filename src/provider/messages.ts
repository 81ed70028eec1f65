/**
 * The runtime form of proto/tfplugin6.proto and proto/grpc_controller.proto:
 * message fields by number and the RPCs of each service. A test parses the
 * .proto files and checks that this table says the same.
 */
import type { FieldSpec, MessageTable } from './protobuf.js';

const f = (no: number, type: string): FieldSpec => ({ no, type });
const list = (no: number, type: string): FieldSpec => ({ no, type, repeated: true });
const map = (no: number, type: string): FieldSpec => ({ no, type, map: true });

const T = 'tfplugin6.';
const DV = `${T}DynamicValue`;
const DIAGS = `${T}Diagnostic`;

/** Request/response pairs of the RPCs whose messages follow the tfplugin6 `Name.Request`/`Name.Response` pattern. */
function rpcMessages(name: string, request: Record<string, FieldSpec>, response: Record<string, FieldSpec>): MessageTable {
  return { [`${T}${name}.Request`]: request, [`${T}${name}.Response`]: response };
}

export const MESSAGES: MessageTable = {
  [DV]: { msgpack: f(1, 'bytes'), json: f(2, 'bytes') },
  [DIAGS]: { severity: f(1, 'enum'), summary: f(2, 'string'), detail: f(3, 'string'), attribute: f(4, `${T}AttributePath`) },
  [`${T}AttributePath`]: { steps: list(1, `${T}AttributePath.Step`) },
  [`${T}AttributePath.Step`]: {
    attribute_name: f(1, 'string'),
    element_key_string: f(2, 'string'),
    element_key_int: f(3, 'int64'),
  },
  [`${T}RawState`]: { json: f(1, 'bytes'), flatmap: map(2, 'string') },
  [`${T}Schema`]: { version: f(1, 'int64'), block: f(2, `${T}Schema.Block`) },
  [`${T}Schema.Block`]: {
    version: f(1, 'int64'),
    attributes: list(2, `${T}Schema.Attribute`),
    block_types: list(3, `${T}Schema.NestedBlock`),
    description: f(4, 'string'),
    description_kind: f(5, 'enum'),
    deprecated: f(6, 'bool'),
  },
  [`${T}Schema.Attribute`]: {
    name: f(1, 'string'),
    type: f(2, 'bytes'),
    nested_type: f(10, `${T}Schema.Object`),
    description: f(3, 'string'),
    required: f(4, 'bool'),
    optional: f(5, 'bool'),
    computed: f(6, 'bool'),
    sensitive: f(7, 'bool'),
    description_kind: f(8, 'enum'),
    deprecated: f(9, 'bool'),
    write_only: f(11, 'bool'),
  },
  [`${T}Schema.NestedBlock`]: {
    type_name: f(1, 'string'),
    block: f(2, `${T}Schema.Block`),
    nesting: f(3, 'enum'),
    min_items: f(4, 'int64'),
    max_items: f(5, 'int64'),
  },
  [`${T}Schema.Object`]: { attributes: list(1, `${T}Schema.Attribute`), nesting: f(3, 'enum') },
  [`${T}ServerCapabilities`]: {
    plan_destroy: f(1, 'bool'),
    get_provider_schema_optional: f(2, 'bool'),
    move_resource_state: f(3, 'bool'),
  },
  ...rpcMessages(
    'GetMetadata',
    {},
    {
      server_capabilities: f(1, `${T}ServerCapabilities`),
      diagnostics: list(2, DIAGS),
      data_sources: list(3, `${T}GetMetadata.DataSourceMetadata`),
      resources: list(4, `${T}GetMetadata.ResourceMetadata`),
    },
  ),
  [`${T}GetMetadata.DataSourceMetadata`]: { type_name: f(1, 'string') },
  [`${T}GetMetadata.ResourceMetadata`]: { type_name: f(1, 'string') },
  ...rpcMessages(
    'GetProviderSchema',
    {},
    {
      provider: f(1, `${T}Schema`),
      resource_schemas: map(2, `${T}Schema`),
      data_source_schemas: map(3, `${T}Schema`),
      diagnostics: list(4, DIAGS),
      server_capabilities: f(6, `${T}ServerCapabilities`),
    },
  ),
  ...rpcMessages('ValidateProviderConfig', { config: f(1, DV) }, { diagnostics: list(2, DIAGS) }),
  ...rpcMessages(
    'UpgradeResourceState',
    { type_name: f(1, 'string'), version: f(2, 'int64'), raw_state: f(3, `${T}RawState`) },
    { upgraded_state: f(1, DV), diagnostics: list(2, DIAGS) },
  ),
  ...rpcMessages('ValidateResourceConfig', { type_name: f(1, 'string'), config: f(2, DV) }, { diagnostics: list(1, DIAGS) }),
  ...rpcMessages('ValidateDataResourceConfig', { type_name: f(1, 'string'), config: f(2, DV) }, { diagnostics: list(1, DIAGS) }),
  ...rpcMessages('ConfigureProvider', { terraform_version: f(1, 'string'), config: f(2, DV) }, { diagnostics: list(1, DIAGS) }),
  ...rpcMessages(
    'ReadResource',
    { type_name: f(1, 'string'), current_state: f(2, DV), private: f(3, 'bytes') },
    { new_state: f(1, DV), diagnostics: list(2, DIAGS), private: f(3, 'bytes') },
  ),
  ...rpcMessages(
    'PlanResourceChange',
    { type_name: f(1, 'string'), prior_state: f(2, DV), proposed_new_state: f(3, DV), config: f(4, DV), prior_private: f(5, 'bytes') },
    {
      planned_state: f(1, DV),
      requires_replace: list(2, `${T}AttributePath`),
      planned_private: f(3, 'bytes'),
      diagnostics: list(4, DIAGS),
    },
  ),
  ...rpcMessages(
    'ApplyResourceChange',
    { type_name: f(1, 'string'), prior_state: f(2, DV), planned_state: f(3, DV), config: f(4, DV), planned_private: f(5, 'bytes') },
    { new_state: f(1, DV), private: f(2, 'bytes'), diagnostics: list(3, DIAGS) },
  ),
  ...rpcMessages(
    'ImportResourceState',
    { type_name: f(1, 'string'), id: f(2, 'string') },
    { imported_resources: list(1, `${T}ImportResourceState.ImportedResource`), diagnostics: list(2, DIAGS) },
  ),
  [`${T}ImportResourceState.ImportedResource`]: { type_name: f(1, 'string'), state: f(2, DV), private: f(3, 'bytes') },
  ...rpcMessages('ReadDataSource', { type_name: f(1, 'string'), config: f(2, DV) }, { state: f(1, DV), diagnostics: list(2, DIAGS) }),
  ...rpcMessages('StopProvider', {}, { Error: f(1, 'string') }),
  'plugin.Empty': {},
};

/** Service full name → RPC name → [request message, response message]. */
export const SERVICES: Record<string, Record<string, [string, string]>> = {
  'tfplugin6.Provider': Object.fromEntries(
    [
      'GetMetadata',
      'GetProviderSchema',
      'ValidateProviderConfig',
      'ValidateResourceConfig',
      'ValidateDataResourceConfig',
      'UpgradeResourceState',
      'ConfigureProvider',
      'ReadResource',
      'PlanResourceChange',
      'ApplyResourceChange',
      'ImportResourceState',
      'ReadDataSource',
      'StopProvider',
    ].map((rpc) => [rpc, [`${T}${rpc}.Request`, `${T}${rpc}.Response`]]),
  ),
  'plugin.GRPCController': { Shutdown: ['plugin.Empty', 'plugin.Empty'] },
};

export const DIAGNOSTIC_SEVERITY = { ERROR: 1, WARNING: 2 } as const;
export const BLOCK_NESTING = { single: 1, list: 2, set: 3, map: 4, group: 5 } as const;
export const OBJECT_NESTING = { single: 1, list: 2, set: 3, map: 4 } as const;
