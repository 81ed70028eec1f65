/**
 * Moving values between Terraform's attribute form (every attribute present,
 * null when unset) and a kind's config form (unset fields absent), guided by
 * a resource block and the kind's field adapters.
 */
import type { AttributeProblem, TerraformFieldAdapter as FieldAdapter } from '../kinds/types.js';
import type { SchemaAttribute, SchemaBlock } from './schema-types.js';

type Adapters = Readonly<Record<string, FieldAdapter>>;
type Values = Readonly<Record<string, unknown>>;

const isSet = (v: unknown) => v !== null && v !== undefined;

/**
 * Config input for a kind's zod schema. Nulls are dropped (unset means
 * unmanaged); keys the block does not know pass through, so validation
 * reports them as unknown fields.
 */
export function configFromBlockValues(block: SchemaBlock, adapters: Adapters, attrs: Values): { config: Record<string, unknown>; problems: AttributeProblem[] } {
  const config: Record<string, unknown> = {};
  const problems: AttributeProblem[] = [];
  const owned = new Set<string>();
  for (const [field, adapter] of Object.entries(adapters)) {
    for (const name of Object.keys(adapter.attributes)) owned.add(name);
    const { value, problem } = adapter.toConfig(attrs);
    if (problem) problems.push(problem);
    else if (value !== undefined) config[field] = value;
  }
  for (const [name, value] of Object.entries(attrs)) {
    if (owned.has(name) || !isSet(value)) continue;
    const attribute = block.attributes?.[name];
    config[name] = attribute ? configValue(attribute, value) : value;
  }
  return { config, problems };
}

function configValue(attribute: SchemaAttribute, value: unknown): unknown {
  const nested = attribute.nested_type;
  if (!nested) return value;
  const one = (v: unknown) => (v && typeof v === 'object' && !Array.isArray(v) ? nestedConfig(nested.attributes, v as Values) : v);
  if (nested.nesting_mode === 'single') return one(value);
  if (nested.nesting_mode === 'map' && value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, one(v)]));
  }
  return Array.isArray(value) ? value.map(one) : value;
}

function nestedConfig(attributes: Readonly<Record<string, SchemaAttribute>>, values: Values): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(values)) {
    if (!isSet(value)) continue;
    const attribute = attributes[name];
    out[name] = attribute ? configValue(attribute, value) : value;
  }
  return out;
}

/** Every attribute of the block, null where the config leaves it unset; config fields the block lacks are dropped. */
export function blockValuesFromConfig(block: SchemaBlock, adapters: Adapters, config: Values): Record<string, unknown> {
  const out = nullFilled(block.attributes ?? {}, config);
  for (const [field, adapter] of Object.entries(adapters)) Object.assign(out, adapter.fromConfig(config[field]));
  return out;
}

function nullFilled(attributes: Readonly<Record<string, SchemaAttribute>>, values: Values): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, attribute] of Object.entries(attributes)) out[name] = attributeValue(attribute, values[name]);
  return out;
}

function attributeValue(attribute: SchemaAttribute, value: unknown): unknown {
  if (!isSet(value)) return null;
  const nested = attribute.nested_type;
  if (!nested) return attribute.type === 'string' && typeof value === 'number' ? String(value) : value;
  const one = (v: unknown) => (v && typeof v === 'object' ? nullFilled(nested.attributes, v as Values) : null);
  if (nested.nesting_mode === 'single') return one(value);
  if (nested.nesting_mode === 'map') return Object.fromEntries(Object.entries(value as Values).map(([k, v]) => [k, one(v)]));
  return Array.isArray(value) ? value.map(one) : null;
}
