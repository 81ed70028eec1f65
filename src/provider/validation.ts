/**
 * Plan-time validation of resource configuration with the kind's own zod
 * schema, so Terraform and YAML users get the same rules and messages.
 * Diagnostics carry attribute paths, which Terraform turns into file:line.
 */
import type * as z from 'zod';
import type { Kind } from '../kinds/types.js';
import { isUnknown, type CtyValue } from './cty-codec.js';
import { invalidAttribute, type AttributePath, type Diagnostic } from './diagnostics.js';
import { attributePathOf, configFromAttributes, resourceTypeOf } from '../terraform/schema.js';

export type Attributes = Record<string, CtyValue>;

/**
 * The kind's config value from resource attributes, or the diagnostics saying
 * why there is none. Attributes may still hold unknown values (at plan time):
 * problems that could be caused by them are left for later.
 */
export function checkAttributes(kind: Kind, attrs: Attributes): { value?: unknown; diagnostics: Diagnostic[] } {
  const { config, problems } = configFromAttributes(kind, withoutUnknowns(attrs) as Record<string, unknown>);
  const diagnostics = problems
    .filter((p) => !dependsOnUnknown(attrs, p.path, true))
    .map((p) => invalidAttribute(p.path, p.message, resourceTypeOf(kind)));
  const parsed = kind.schema.safeParse(config);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const path = attributePathOf(kind, issuePath(issue));
      // A value that is not known yet is checked again when it is (at apply).
      if (dependsOnUnknown(attrs, path, issue.code === 'custom' || issue.code === 'invalid_union')) continue;
      diagnostics.push(invalidAttribute(path, messageOf(issue, config), resourceTypeOf(kind)));
    }
  }
  return parsed.success && diagnostics.length === 0 ? { value: parsed.data, diagnostics } : { diagnostics };
}

/** An unrecognised key is reported at the key itself, not at the object holding it. */
function issuePath(issue: z.core.$ZodIssue): Array<string | number> {
  const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
  return issue.code === 'unrecognized_keys' && issue.keys[0] !== undefined ? [...path, issue.keys[0]] : path;
}

function messageOf(issue: z.core.$ZodIssue, config: Record<string, unknown>): string {
  if (issue.code !== 'unrecognized_keys') return issue.message;
  // Flattened unions (inbox channel): say which variant does not take the attribute.
  const parent = issue.path.reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Record<PropertyKey, unknown>)[k] : undefined), config);
  const type = parent && typeof parent === 'object' ? (parent as Record<string, unknown>).type : undefined;
  const keys = issue.keys.map((k) => `"${k}"`).join(', ');
  return typeof type === 'string' ? `${keys} cannot be set when type is "${type}"` : `unknown attribute ${keys}`;
}

function withoutUnknowns(value: CtyValue): unknown {
  if (isUnknown(value)) return undefined;
  if (Array.isArray(value)) return value.map(withoutUnknowns);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withoutUnknowns(v)]));
  }
  return value;
}

/**
 * Whether a problem at `path` may only exist because a value is unknown: the
 * value there (or above it) is unknown, or, for cross-field rules, anything
 * in the object holding it is.
 */
function dependsOnUnknown(attrs: Attributes, path: AttributePath, crossField: boolean): boolean {
  let node: CtyValue = attrs;
  for (const step of path) {
    if (isUnknown(node)) return true;
    node = node !== null && typeof node === 'object' ? ((node as Record<string | number, CtyValue>)[step] ?? null) : null;
  }
  if (isUnknown(node)) return true;
  if (!crossField) return false;
  const parent = path.length > 0 ? valueAt(attrs, path.slice(0, -1)) : attrs;
  return containsUnknown(parent);
}

function valueAt(root: CtyValue, path: AttributePath): CtyValue {
  let node = root;
  for (const step of path) node = node !== null && typeof node === 'object' && !isUnknown(node) ? ((node as Record<string | number, CtyValue>)[step] ?? null) : null;
  return node;
}

function containsUnknown(value: CtyValue): boolean {
  if (isUnknown(value)) return true;
  if (value !== null && typeof value === 'object') return Object.values(value).some(containsUnknown);
  return false;
}
