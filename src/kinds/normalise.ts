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

/**
 * Deterministic JSON: object keys sorted, so equal values serialise equally.
 * Written out directly rather than by JSON.stringify of a sorted copy (the
 * planner runs this per field of every object), with the same output:
 * array-index keys first in numeric order, as a JavaScript object orders them.
 */
export function canonicalJson(value: unknown): string {
  return writeCanonical(value) as string;
}

const INDEX_KEY = /^(?:0|[1-9]\d{0,9})$/;
const isIndexKey = (key: string) => {
  const c = key.charCodeAt(0);
  return c >= 48 && c <= 57 && INDEX_KEY.test(key) && Number(key) < 4294967295;
};
/** Field names repeat across every object: quote each once. */
const quotedKeys = new Map<string, string>();
const quoted = (key: string): string => {
  let q = quotedKeys.get(key);
  if (q === undefined) {
    q = JSON.stringify(key);
    if (quotedKeys.size < 10_000) quotedKeys.set(key, q);
  }
  return q;
};

/** undefined where JSON.stringify leaves the value out (undefined, functions, symbols). */
function writeCanonical(value: unknown): string | undefined {
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object':
      break;
    default:
      return JSON.stringify(value);
  }
  if (value === null) return 'null';
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) out += (i > 0 ? ',' : '') + (writeCanonical(value[i]) ?? 'null');
    return out + ']';
  }
  const record = value as Record<string, unknown>;
  let out = '{';
  let first = true;
  for (const key of canonicalKeys(record)) {
    const written = writeCanonical(record[key]);
    if (written === undefined) continue;
    out += (first ? '' : ',') + quoted(key) + ':' + written;
    first = false;
  }
  return out + '}';
}

/** The keys in the order JavaScript itself gives an object's keys once sorted: array-index keys first, numerically. */
function canonicalKeys(record: Record<string, unknown>): string[] {
  const keys = Object.keys(record);
  if (keys.length > 1) keys.sort();
  if (keys.some(isIndexKey)) {
    const indexes = keys.filter(isIndexKey).sort((a, b) => Number(a) - Number(b));
    keys.splice(0, keys.length, ...indexes, ...keys.filter((k) => !isIndexKey(k)));
  }
  return keys;
}

/**
 * `canonicalJson(value)` handed to `write` in pieces: the arrays and objects
 * of the first `depth` levels element by element, so a large value (a whole
 * config) is never built as one string.
 */
export function writeCanonicalInPieces(value: unknown, depth: number, write: (piece: string) => void): void {
  if (depth === 0 || value === null || typeof value !== 'object') {
    write(writeCanonical(value) ?? 'null');
    return;
  }
  if (Array.isArray(value)) {
    write('[');
    for (let i = 0; i < value.length; i++) {
      if (i > 0) write(',');
      writeCanonicalInPieces(value[i], depth - 1, write);
    }
    write(']');
    return;
  }
  const record = value as Record<string, unknown>;
  write('{');
  let first = true;
  for (const key of canonicalKeys(record)) {
    const inner = record[key];
    const field = (first ? '' : ',') + quoted(key) + ':';
    if (depth > 1 && inner !== null && typeof inner === 'object') {
      write(field);
      writeCanonicalInPieces(inner, depth - 1, write);
    } else {
      const written = writeCanonical(inner);
      if (written === undefined) continue;
      write(field + written);
    }
    first = false;
  }
  write('}');
}

export function deepEqual(a: unknown, b: unknown): boolean {
  // Most compared fields are strings or booleans: equal as JSON exactly when identical.
  const type = typeof a;
  if (type === typeof b && (type === 'string' || type === 'boolean')) return a === b;
  return canonicalJson(a ?? null) === canonicalJson(b ?? null);
}
