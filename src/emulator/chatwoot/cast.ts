/**
 * Rails/ActiveModel type casting and strong-parameter filtering, reduced to
 * what the Chatwoot endpoints need. A value that a real server would reject
 * with an exception makes the caller `crash()`.
 */

export type Params = Record<string, unknown>;

export function isObject(v: unknown): v is Params {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function has(obj: Params, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(obj, key);
}

/** Strong parameters accept only scalars for a plain permitted key. */
export function isScalar(v: unknown): boolean {
  return v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';
}

/** Ruby `Object#blank?` for JSON values. */
export function isBlank(v: unknown): boolean {
  if (v === null || v === undefined || v === false) return true;
  if (typeof v === 'string') return v.trim() === '';
  if (Array.isArray(v)) return v.length === 0;
  if (isObject(v)) return Object.keys(v).length === 0;
  return false;
}

/** Ruby `String#to_i` (leading integer, else 0); used where Rails casts an id for `find`. */
export function rubyToI(v: unknown): number {
  if (typeof v === 'number') return Math.trunc(v);
  if (typeof v !== 'string') return 0;
  const m = /^\s*([+-]?\d+)/.exec(v);
  return m?.[1] ? Number.parseInt(m[1], 10) : 0;
}

const FALSE_VALUES = new Set(['0', 'f', 'F', 'false', 'FALSE', 'off', 'OFF']);

/** ActiveModel::Type::Boolean: '' → nil, the false list → false, anything else → true. */
export function castBool(v: unknown): boolean | null {
  if (v === null || v === undefined || v === '') return null;
  if (v === false || v === 0) return false;
  if (typeof v === 'string' && FALSE_VALUES.has(v)) return false;
  return true;
}

/** ActiveModel::Type::String: booleans become "t"/"f", numbers their decimal form. */
export function castString(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  if (v === true) return 't';
  if (v === false) return 'f';
  return String(v);
}

/** ActiveModel::Type::Integer: blank → nil, true/false → 1/0, strings via `to_i` ("abc" → 0). */
export function castInt(v: unknown): number | null {
  if (v === true) return 1;
  if (v === false) return 0;
  if (typeof v === 'number') return Number.isFinite(v) ? Math.trunc(v) : null;
  if (typeof v === 'string') return v.trim() === '' ? null : rubyToI(v);
  return null;
}

/** `permit(key: [])`: an array of scalars, else dropped (undefined). */
export function permitScalarArray(v: unknown): unknown[] | undefined {
  return Array.isArray(v) && v.every(isScalar) ? [...v] : undefined;
}

/** Rails `human_attribute_name` for snake_case columns: `website_url` → `Website url`. */
export function humanize(attr: string): string {
  const words = attr.replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** Ruby truthiness: only nil and false are falsy. */
export function rubyTruthy(v: unknown): boolean {
  return v !== null && v !== undefined && v !== false;
}
