/**
 * The deskform provider's Terraform schema, derived from the kinds' zod
 * schemas and the YAML providers block, never written twice. It is served
 * over tfplugin6, written to schema.json by `npm run gen` and fed to
 * @cdktf/provider-generator for the CDKTF bindings.
 *
 * Choices where the kinds leave room:
 * - Every resource has a string `id`: computed, or optional+computed where the
 *   kind can pin a live object by id (inbox, channel).
 * - Optional fields the vendor returns are optional+computed, nested ones
 *   (an inbox's channel fields) too: left unset, a field is unmanaged (as in
 *   YAML) and Terraform records the live value, so an import plans clean.
 *   Removing a value from the configuration therefore leaves the live value
 *   as it is (Terraform's usual optional+computed meaning); setting it
 *   explicitly changes it. Secrets and write-only fields cannot be read back,
 *   so they are optional only, as are the attributes of list items (Terraform
 *   matches those by index, so state echoes config).
 * - `protected` is left out: it guards the CLI's `--prune`; Terraform has
 *   `lifecycle { prevent_destroy = true }`.
 * - Write-only fields (channel business_hours) are ordinary attributes, not
 *   Terraform's `write_only`: Terraform state then serves as their ledger,
 *   and a changed value still plans as a change.
 * - The webchat icon is two attributes, `icon` (file) and `icon_key`
 *   (the kind's `terraform.adapters`).
 */
import { VERSION } from '../version.js';
import { KINDS } from '../kinds/registry.js';
import { fieldClassOf } from '../kinds/field-classes.js';
import type { Kind } from '../kinds/types.js';
import type { AttributeProblem } from '../kinds/types.js';
import { providerBlock } from './schema-providers.js';
import type { ProviderSchema, ProviderSchemaDocument, Schema, SchemaAttribute } from './schema-types.js';
import { blockValuesFromConfig, configFromBlockValues } from './schema-values.js';
import { descriptionOf, objectAttributes, type AttributeRules } from './schema-zod.js';

export type * from './schema-types.js';
export type { AttributeProblem } from '../kinds/types.js';
export { PROVIDER_ENV, resolveProviders, type ResolvedProviders } from './schema-providers.js';

export const PROVIDER_TYPE = 'deskform';
/** As written in `required_providers`. */
export const PROVIDER_SOURCE = 'deskform/deskform';
/** The fully qualified address Terraform keys providers by. */
export const PROVIDER_ADDRESS = `registry.terraform.io/${PROVIDER_SOURCE}`;
/** The provider is versioned with the package, so the mirror, the bindings and the CLI agree. */
export const PROVIDER_VERSION: string = VERSION;

export function resourceTypeOf(kind: Pick<Kind, 'kind'>): string {
  return `${PROVIDER_TYPE}_${kind.kind}`;
}

export function kindOfResourceType(type: string, kinds: readonly Kind[] = KINDS): Kind | undefined {
  return kinds.find((k) => resourceTypeOf(k) === type);
}

/** Top-level kind fields Terraform does not see. */
const HIDDEN_FIELDS = new Set(['protected']);

/** Computed attributes that follow `attribute` (top-level names). */
export function followersOf(kind: Kind, attribute: string): readonly string[] {
  return kind.terraform?.followers?.[attribute] ?? [];
}

function rulesFor(kind: Kind): AttributeRules {
  const adapters = kind.terraform?.adapters ?? {};
  return {
    sensitive: (path) => fieldClassOf(kind, path) === 'secret',
    computed: (path) => fieldClassOf(kind, path) === undefined,
    hidden: (path) => path.length === 1 && (HIDDEN_FIELDS.has(path[0]!) || path[0]! in adapters),
  };
}

const sorted = <T>(record: Record<string, T>): Record<string, T> =>
  Object.fromEntries(Object.keys(record).sort().map((k) => [k, record[k]!]));

export function resourceSchema(kind: Kind): Schema {
  const shape = (kind.schema as unknown as { _zod: { def: { shape?: Record<string, never> } } })._zod.def.shape;
  if (!shape) throw new Error(`the ${kind.kind} schema is not an object schema`);
  const attributes: Record<string, SchemaAttribute> = objectAttributes(shape, rulesFor(kind));
  for (const adapter of Object.values(kind.terraform?.adapters ?? {})) Object.assign(attributes, structuredClone(adapter.attributes));
  attributes.id ??= { type: 'string', description: 'Live id the vendor assigned.', description_kind: 'plain', computed: true };
  const description = descriptionOf(kind.schema as never);
  return { version: 0, block: { attributes: sorted(attributes), ...(description ? { description } : {}), description_kind: 'plain' } };
}

const computedString = (description: string): SchemaAttribute => ({ type: 'string', description, description_kind: 'plain', computed: true });

/** Look-ups users need in HCL and CDKTF, served by the provider's data sources. */
function dataSourceSchemas(): Record<string, Schema> {
  return {
    [`${PROVIDER_TYPE}_pipeline`]: {
      version: 0,
      block: {
        attributes: {
          id: { type: 'string', description: 'Pipeline id; the default pipeline of the type when unset.', description_kind: 'plain', optional: true, computed: true },
          is_default: { type: 'bool', description: 'Whether this is the default pipeline of its type.', description_kind: 'plain', computed: true },
          name: computedString('Pipeline name.'),
          stages: {
            type: ['list', ['object', { color: 'string', id: 'string', name: 'string', position: 'number' }]],
            description: 'Stages in order of position.',
            description_kind: 'plain',
            computed: true,
          },
          type: { type: 'string', description: 'One of: "Contact", "Application". Defaults to "Contact".', description_kind: 'plain', optional: true, computed: true },
        },
        description: 'A Tether pipeline: the default one, or one by id.',
        description_kind: 'plain',
      },
    },
    [`${PROVIDER_TYPE}_prompt`]: {
      version: 0,
      block: {
        attributes: {
          description: computedString('Prompt description.'),
          id: computedString('Prompt id.'),
          name: { type: 'string', description: 'Prompt name; must match exactly one prompt.', description_kind: 'plain', required: true },
        },
        description: 'A Tether prompt, looked up by name.',
        description_kind: 'plain',
      },
    },
  };
}

let cached: ProviderSchema | undefined;

/** The provider's schema; memoised for the registered kinds (callers must not mutate it). */
export function providerSchema(kinds: readonly Kind[] = KINDS): ProviderSchema {
  if (kinds === KINDS && cached) return cached;
  const schema: ProviderSchema = {
    provider: { version: 0, block: providerBlock() },
    resource_schemas: sorted(Object.fromEntries(kinds.map((k) => [resourceTypeOf(k), resourceSchema(k)]))),
    data_source_schemas: dataSourceSchemas(),
  };
  if (kinds === KINDS) cached = schema;
  return schema;
}

/** The document `terraform providers schema -json` would print for a configuration using only this provider. */
export function providerSchemaDocument(kinds: readonly Kind[] = KINDS): ProviderSchemaDocument {
  return {
    format_version: '1.0',
    provider_schemas: { [PROVIDER_ADDRESS]: providerSchema(kinds) },
    provider_versions: { [PROVIDER_ADDRESS]: PROVIDER_VERSION },
  };
}

/** The registered kinds' blocks come from the memoised schema: resources are mapped once per request. */
function blockOf(kind: Kind) {
  return (KINDS.includes(kind) ? providerSchema().resource_schemas[resourceTypeOf(kind)]?.block : undefined) ?? resourceSchema(kind).block;
}

/** Attribute paths whose change must plan as a replacement (tfplugin6 `requires_replace`). */
export function requiresReplacePaths(kind: Kind): string[][] {
  const immutable = Object.entries(kind.fieldClasses).filter(([, cls]) => cls === 'immutable').map(([path]) => path.split('.'));
  return [...immutable, ...(kind.terraform?.replacedOnChange ?? [])];
}

/**
 * The kind's config input from resource attribute values (Terraform's
 * config object, or a synthesized stack's resource body). Validate the
 * result with `kind.schema`; map its issue paths back with attributePathOf.
 */
export function configFromAttributes(kind: Kind, attrs: Readonly<Record<string, unknown>>): { config: Record<string, unknown>; problems: AttributeProblem[] } {
  return configFromBlockValues(blockOf(kind), kind.terraform?.adapters ?? {}, attrs);
}

/** Resource attribute values (every attribute, null when unset) for a config object, e.g. `kind.exportLive` output. */
export function attributesFromConfig(kind: Kind, config: Readonly<Record<string, unknown>>): Record<string, unknown> {
  return blockValuesFromConfig(blockOf(kind), kind.terraform?.adapters ?? {}, config);
}

/** The attribute path for a path in the kind's config (a zod issue path), for diagnostics. */
export function attributePathOf(kind: Kind, configPath: ReadonlyArray<string | number>): Array<string | number> {
  const [head, ...rest] = configPath;
  const adapter = typeof head === 'string' ? kind.terraform?.adapters?.[head] : undefined;
  return adapter ? adapter.attributePath(rest) : [...configPath];
}
