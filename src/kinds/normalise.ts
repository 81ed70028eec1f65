/** Normalisers shared by kinds: applied to both sides before comparing. */

/** `#1f93ff` and `#1F93FF` are the same colour; `#fff` is `#FFFFFF`. */
export function normaliseColour(value: unknown): unknown {
  if (typeof value !== 'string') return value ?? null;
  const hex = value.trim().toUpperCase();
  if (/^#[0-9A-F]{3}$/.test(hex)) return `#${hex[1]}${hex[1]}${hex[2]}${hex[2]}${hex[3]}${hex[3]}`;
  return hex;
}

/** Order-insensitive, duplicate-free list compared as a set. */
export function normaliseSet(values: unknown): unknown {
  if (!Array.isArray(values)) return values ?? null;
  return [...new Set(values.map(String))].sort();
}

/** Vendors store "" and null interchangeably for optional strings. */
export function emptyToNull(value: unknown): unknown {
  return value === '' || value === undefined ? null : value;
}

/** Copies the keys of `source` that are not undefined into a flat field map under `prefix`. */
export function setFields(target: Record<string, unknown>, source: Record<string, unknown>, prefix = ''): void {
  for (const [k, v] of Object.entries(source)) if (v !== undefined) target[prefix + k] = v;
}

/** Returns the given keys of an object, leaving out absent ones. */
export function pick<T extends object, K extends keyof T>(obj: T, keys: readonly K[]): Partial<Pick<T, K>> {
  const out: Partial<Pick<T, K>> = {};
  for (const k of keys) if (obj[k] !== undefined) out[k] = obj[k];
  return out;
}

/** Deterministic JSON: object keys sorted, so equal values serialise equally. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(value).sort()) out[k] = sortKeys((value as Record<string, unknown>)[k]);
    return out;
  }
  return value;
}

export function deepEqual(a: unknown, b: unknown): boolean {
  return canonicalJson(a ?? null) === canonicalJson(b ?? null);
}
