/**
 * Walks zod 4 schemas into Terraform attributes, so the provider schema is
 * derived from the kinds rather than written twice. Anything the walk does
 * not understand throws, naming the field: a new field type must be mapped
 * deliberately, not silently dropped.
 *
 * Nested objects become nested attributes (`nested_type`) rather than
 * `["object", …]` types: an object type makes every inner attribute
 * mandatory in HCL, and @cdktf/provider-generator cannot express optional
 * object-type attributes.
 */
import * as z from 'zod';
import type { CtyType, SchemaAttribute } from './schema-types.js';

interface Def {
  type: string;
  innerType?: ZodLike;
  element?: ZodLike;
  shape?: Record<string, ZodLike>;
  options?: ZodLike[];
  discriminator?: string;
  entries?: Record<string, string | number>;
  values?: unknown[];
}
interface ZodLike {
  _zod: { def: Def };
}

export interface AttributeRules {
  /** The attribute at this path holds a secret. */
  sensitive(path: readonly string[]): boolean;
  /** An optional attribute at this path is also computed: Terraform records the live value when config leaves it unset. */
  computed(path: readonly string[]): boolean;
  /** Fields left out of the Terraform schema. */
  hidden?(path: readonly string[]): boolean;
}

/** Wrappers that only change presence (optional, nullable, default, …) around the value's own schema. */
const PRESENCE_WRAPPERS = new Set(['optional', 'nullable', 'default', 'prefault', 'readonly']);

interface Unwrapped {
  inner: ZodLike;
  optional: boolean;
  nullable: boolean;
  description?: string;
}

function unwrap(schema: ZodLike): Unwrapped {
  let node = schema;
  let optional = false;
  let nullable = false;
  let description = descriptionOf(node);
  while (PRESENCE_WRAPPERS.has(node._zod.def.type) && node._zod.def.innerType) {
    const type = node._zod.def.type;
    if (type === 'optional' || type === 'default' || type === 'prefault') optional = true;
    if (type === 'nullable') nullable = true;
    node = node._zod.def.innerType;
    description ??= descriptionOf(node);
  }
  return { inner: node, optional, nullable, ...(description === undefined ? {} : { description }) };
}

/** The help written beside a zod schema (`.meta()`), shared with the config's JSON Schema. */
export function descriptionOf(schema: ZodLike): string | undefined {
  return z.globalRegistry.get(schema as unknown as z.ZodType)?.description;
}

const where = (path: readonly string[]) => path.join('.') || '(root)';

/** The attributes of an object schema's shape, sorted by name as Terraform prints them. */
export function objectAttributes(
  shape: Record<string, ZodLike>,
  rules: AttributeRules,
  path: readonly string[] = [],
  allOptional = false,
): Record<string, SchemaAttribute> {
  const out: Record<string, SchemaAttribute> = {};
  for (const name of Object.keys(shape).sort()) {
    const fieldPath = [...path, name];
    if (rules.hidden?.(fieldPath)) continue;
    out[name] = attributeOf(shape[name]!, rules, fieldPath, allOptional);
  }
  return out;
}

/** One field as a Terraform attribute; `allOptional` for fields of a flattened union. */
export function attributeOf(schema: ZodLike, rules: AttributeRules, path: readonly string[], allOptional = false): SchemaAttribute {
  const u = unwrap(schema);
  const shaped = shapeOf(u.inner, rules, path);
  const description = [u.description, shaped.note].filter(Boolean).join(' ');
  const required = !allOptional && !u.optional && !u.nullable;
  return {
    ...shaped.kind,
    ...(description ? { description } : {}),
    description_kind: 'plain',
    ...(required ? { required: true } : { optional: true }),
    ...(!required && rules.computed(path) ? { computed: true } : {}),
    ...(rules.sensitive(path) ? { sensitive: true } : {}),
  };
}

interface Shaped {
  kind: Pick<SchemaAttribute, 'type' | 'nested_type'>;
  /** Appended to the description (allowed values). */
  note?: string;
}

function shapeOf(inner: ZodLike, rules: AttributeRules, path: readonly string[]): Shaped {
  const def = inner._zod.def;
  if (def.type === 'object') return { kind: { nested_type: { attributes: objectAttributes(def.shape!, rules, path), nesting_mode: 'single' } } };
  if (def.type === 'union' && (def.options ?? []).every((o) => unwrap(o).inner._zod.def.type === 'object')) {
    return { kind: { nested_type: { attributes: flattenObjects(def.options!, def.discriminator, rules, path), nesting_mode: 'single' } } };
  }
  if (def.type === 'array') {
    const element = unwrap(def.element!).inner;
    if (element._zod.def.type === 'object') {
      // Terraform matches list items by index: an item's unset attribute has no live value to keep, so state echoes config.
      const itemRules = { ...rules, computed: () => false };
      return { kind: { nested_type: { attributes: objectAttributes(element._zod.def.shape!, itemRules, path), nesting_mode: 'list' } } };
    }
    const scalar = scalarOf(element, path);
    return { kind: { type: ['list', scalar.type] }, ...(scalar.note ? { note: `Each item: ${scalar.note}` } : {}) };
  }
  const scalar = scalarOf(inner, path);
  return { kind: { type: scalar.type }, ...(scalar.note ? { note: scalar.note } : {}) };
}

function scalarOf(inner: ZodLike, path: readonly string[]): { type: CtyType; note?: string } {
  const def = inner._zod.def;
  switch (def.type) {
    case 'string':
      return { type: 'string' };
    case 'number':
    case 'bigint':
      return { type: 'number' };
    case 'boolean':
      return { type: 'bool' };
    case 'enum':
    case 'literal': {
      const values = def.type === 'enum' ? Object.values(def.entries ?? {}) : (def.values ?? []);
      const type = values.every((v) => typeof v === 'number') ? 'number' : values.every((v) => typeof v === 'boolean') ? 'bool' : 'string';
      return { type, note: `One of: ${values.map((v) => JSON.stringify(v)).join(', ')}.` };
    }
    case 'union': {
      // A union of scalars (a pinned id given as number or string) takes the widest type: Terraform converts numbers to strings.
      const types = new Set((def.options ?? []).map((o) => unwrap(o).inner).filter((o) => o._zod.def.type !== 'null').map((o) => JSON.stringify(scalarOf(o, path).type)));
      if (types.size === 1) return { type: JSON.parse([...types][0]!) as CtyType };
      if ([...types].every((t) => t === '"string"' || t === '"number"')) return { type: 'string' };
      throw new Error(`cannot map the union at ${where(path)} to a Terraform type`);
    }
    default:
      throw new Error(`cannot map zod type "${def.type}" at ${where(path)} to a Terraform type`);
  }
}

/**
 * A union of objects as one object: the discriminator (if any) is required,
 * every variant field is optional and notes which variants use it. Fields
 * that several variants share must agree on their Terraform shape.
 */
function flattenObjects(
  options: ZodLike[],
  discriminator: string | undefined,
  rules: AttributeRules,
  path: readonly string[],
): Record<string, SchemaAttribute> {
  const fields = new Map<string, { schema: ZodLike; variants: string[] }>();
  const variantNames: string[] = [];
  for (const option of options) {
    const shape = unwrap(option).inner._zod.def.shape!;
    const tag = discriminator ? unwrap(shape[discriminator]!).inner._zod.def.values?.[0] : undefined;
    const variant = tag === undefined ? '' : String(tag);
    variantNames.push(variant);
    for (const [name, schema] of Object.entries(shape)) {
      if (name === discriminator) continue;
      const seen = fields.get(name);
      if (seen) seen.variants.push(variant);
      else fields.set(name, { schema, variants: [variant] });
    }
  }
  const out: Record<string, SchemaAttribute> = {};
  if (discriminator) {
    out[discriminator] = {
      type: 'string',
      description: `One of: ${variantNames.map((v) => JSON.stringify(v)).join(', ')}.`,
      description_kind: 'plain',
      required: true,
      ...(rules.sensitive([...path, discriminator]) ? { sensitive: true } : {}),
    };
  }
  for (const [name, { schema, variants }] of fields) {
    const fieldPath = [...path, name];
    if (rules.hidden?.(fieldPath)) continue;
    const attribute = attributeOf(schema, rules, fieldPath, true);
    for (const option of options) {
      const other = unwrap(option).inner._zod.def.shape![name];
      if (other && !sameShape(attributeOf(other, rules, fieldPath, true), attribute)) {
        throw new Error(`the variants at ${where(path)} disagree on the type of "${name}"`);
      }
    }
    if (discriminator && variants.length < options.length) {
      const only = `Only for ${discriminator} ${variants.map((v) => JSON.stringify(v)).join(', ')}.`;
      attribute.description = attribute.description ? `${attribute.description} ${only}` : only;
    }
    out[name] = attribute;
  }
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

function sameShape(a: SchemaAttribute, b: SchemaAttribute): boolean {
  return JSON.stringify([a.type, a.nested_type]) === JSON.stringify([b.type, b.nested_type]);
}
