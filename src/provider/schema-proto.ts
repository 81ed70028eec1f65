/**
 * The provider schema (Terraform's JSON form, from schema.ts) as tfplugin6
 * Schema messages, and as the cty object types that values are encoded with.
 */
import { listOf, mapOf, objectOf, parseType, setOf, type CtyType } from './cty-types.js';
import { BLOCK_NESTING, OBJECT_NESTING } from './messages.js';
import type { Message } from './protobuf.js';
import type { NestedType, Schema, SchemaAttribute, SchemaBlock } from '../terraform/schema.js';

export function schemaMessage(schema: Schema): Message {
  return { version: schema.version, block: blockMessage(schema.block) };
}

function blockMessage(block: SchemaBlock): Message {
  const message: Message = {
    attributes: Object.entries(block.attributes ?? {}).map(([name, a]) => attributeMessage(name, a)),
    block_types: Object.entries(block.block_types ?? {}).map(([name, nested]) => ({
      type_name: name,
      block: blockMessage(nested.block),
      nesting: BLOCK_NESTING[nested.nesting_mode],
      ...(nested.min_items === undefined ? {} : { min_items: nested.min_items }),
      ...(nested.max_items === undefined ? {} : { max_items: nested.max_items }),
    })),
  };
  if (block.description) message.description = block.description;
  return message;
}

function attributeMessage(name: string, a: SchemaAttribute): Message {
  const message: Message = { name };
  if (a.nested_type) message.nested_type = nestedMessage(a.nested_type);
  else message.type = Buffer.from(JSON.stringify(a.type));
  if (a.description) message.description = a.description;
  for (const flag of ['required', 'optional', 'computed', 'sensitive'] as const) if (a[flag]) message[flag] = true;
  return message;
}

function nestedMessage(nested: NestedType): Message {
  return {
    attributes: Object.entries(nested.attributes).map(([name, a]) => attributeMessage(name, a)),
    nesting: OBJECT_NESTING[nested.nesting_mode],
  };
}

/** The object type of a block's values: attributes, then nested blocks by their nesting mode. */
export function blockType(block: SchemaBlock): CtyType {
  const attributes: Record<string, CtyType> = {};
  for (const [name, a] of Object.entries(block.attributes ?? {})) attributes[name] = attributeType(a);
  for (const [name, nested] of Object.entries(block.block_types ?? {})) {
    const inner = blockType(nested.block);
    attributes[name] = nested.nesting_mode === 'list' ? listOf(inner) : nested.nesting_mode === 'set' ? setOf(inner) : nested.nesting_mode === 'map' ? mapOf(inner) : inner;
  }
  return objectOf(attributes);
}

export function attributeType(a: SchemaAttribute): CtyType {
  if (!a.nested_type) return parseType(a.type);
  const inner = objectOf(Object.fromEntries(Object.entries(a.nested_type.attributes).map(([n, v]) => [n, attributeType(v)])));
  switch (a.nested_type.nesting_mode) {
    case 'single':
      return inner;
    case 'list':
      return listOf(inner);
    case 'set':
      return setOf(inner);
    case 'map':
      return mapOf(inner);
  }
}
