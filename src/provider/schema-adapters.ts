/**
 * Kind fields whose Terraform shape differs from their YAML shape because
 * the zod walk cannot map them (a union of a string and objects). Each
 * adapter owns both directions and the error-path translation.
 */
import type { SchemaAttribute } from './schema-types.js';

export interface AttributeProblem {
  /** Attribute path inside the resource, as Terraform diagnostics want it. */
  path: Array<string | number>;
  message: string;
}

export interface FieldAdapter {
  /** The Terraform attributes standing for the field. */
  attributes: Record<string, SchemaAttribute>;
  /** The field's config value from those attributes; undefined when none is set. */
  toConfig(attrs: Readonly<Record<string, unknown>>): { value?: unknown; problem?: AttributeProblem };
  /** Attribute values (null when unset) for a config value of the field. */
  fromConfig(value: unknown): Record<string, unknown>;
  /** Attribute path for a path inside the field's config value, for error locations. */
  attributePath(rest: ReadonlyArray<string | number>): Array<string | number>;
}

const isSet = (v: unknown) => v !== null && v !== undefined;

/**
 * The webchat icon: `icon` is a local image file (uploaded, compared by
 * content hash), `icon_key` an already uploaded storage key. Two attributes
 * rather than one string with a prefix convention: each has one meaning,
 * and `icon_key` can be computed (the key an uploaded file got).
 */
const webchatIcon: FieldAdapter = {
  attributes: {
    icon: {
      type: 'string',
      description:
        'Path of a local image (png, jpg, gif, svg or webp), relative to the Terraform working directory (for CDKTF the stack directory: use a TerraformAsset) and inside it. Uploaded when its content changes. Conflicts with icon_key.',
      description_kind: 'plain',
      optional: true,
    },
    icon_key: {
      type: 'string',
      description: 'Storage key of an already uploaded image; when icon is set, the key its upload got. Conflicts with icon.',
      description_kind: 'plain',
      optional: true,
      computed: true,
    },
  },
  toConfig(attrs) {
    if (isSet(attrs.icon) && isSet(attrs.icon_key)) {
      return { problem: { path: ['icon_key'], message: 'give icon (a local file) or icon_key (an uploaded key), not both' } };
    }
    if (isSet(attrs.icon)) return { value: attrs.icon };
    if (isSet(attrs.icon_key)) return { value: { key: attrs.icon_key } };
    return {};
  },
  fromConfig(value) {
    if (typeof value === 'string') return { icon: value, icon_key: null };
    if (value && typeof value === 'object') {
      const v = value as { file?: unknown; key?: unknown };
      if (typeof v.key === 'string') return { icon: null, icon_key: v.key };
      if (typeof v.file === 'string') return { icon: v.file, icon_key: null };
    }
    return { icon: null, icon_key: null };
  },
  attributePath: (rest) => (rest[0] === 'key' ? ['icon_key'] : ['icon']),
};

/** Adapters by kind name, then by config field. */
export const FIELD_ADAPTERS: Readonly<Record<string, Readonly<Record<string, FieldAdapter>>>> = {
  webchat: { icon: webchatIcon },
};
