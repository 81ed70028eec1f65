/**
 * Terraform's JSON representation of a provider schema, as
 * `terraform providers schema -json` prints it. The provider serves this shape
 * over tfplugin6 and @cdktf/provider-generator reads it.
 */

/** A cty type in its JSON form. */
export type CtyType =
  | 'string'
  | 'number'
  | 'bool'
  | 'dynamic'
  | ['list' | 'set' | 'map', CtyType]
  | ['object', { [attribute: string]: CtyType }];

export type NestingMode = 'single' | 'list' | 'set' | 'map';

/** An attribute whose value is an object (or a collection of them) with its own attribute flags. */
export interface NestedType {
  attributes: Record<string, SchemaAttribute>;
  nesting_mode: NestingMode;
}

/** Exactly one of `type` and `nested_type`; at least one of required/optional/computed. */
export interface SchemaAttribute {
  type?: CtyType;
  nested_type?: NestedType;
  description?: string;
  description_kind: 'plain';
  required?: true;
  optional?: true;
  computed?: true;
  sensitive?: true;
}

export interface SchemaBlock {
  attributes?: Record<string, SchemaAttribute>;
  block_types?: Record<string, NestedBlock>;
  description?: string;
  description_kind: 'plain';
}

export interface NestedBlock {
  nesting_mode: NestingMode | 'group';
  block: SchemaBlock;
  min_items?: number;
  max_items?: number;
}

export interface Schema {
  version: number;
  block: SchemaBlock;
}

/** One provider's entry in the `provider_schemas` map. */
export interface ProviderSchema {
  provider: Schema;
  resource_schemas: Record<string, Schema>;
  data_source_schemas: Record<string, Schema>;
}

/** The whole document `terraform providers schema -json` prints. */
export interface ProviderSchemaDocument {
  format_version: '1.0';
  provider_schemas: Record<string, ProviderSchema>;
  provider_versions: Record<string, string>;
}
