/**
 * cty values on the wire (Terraform's object-wire-format): msgpack with
 * unknowns as extension values, and JSON (stored state, import, upgrade).
 *
 * In JavaScript a value is null, a string/number/boolean, an array (list,
 * set), a plain object (object, map) or an Unknown.
 */
import { decode, encode, ExtData } from '@msgpack/msgpack';
import type { CtyType } from './cty-types.js';

/** What Terraform knows about a value that is not known yet ("refined unknown"). */
export interface Refinement {
  /** The value will not be null. */
  notNull?: boolean;
  stringPrefix?: string;
  /** [bound, inclusive]. */
  numberLower?: [number, boolean];
  numberUpper?: [number, boolean];
  lengthLower?: number;
  lengthUpper?: number;
}

export class Unknown {
  constructor(readonly refinement: Refinement = {}) {}
}

export type CtyValue = null | Unknown | string | number | boolean | CtyValue[] | { [key: string]: CtyValue };

/** ext 0 is a plain unknown (payload ignored), ext 12 a refined one; any other ext is still "unknown". */
const EXT_UNKNOWN = 0;
const EXT_REFINED = 12;
const REFINEMENT_KEYS = { isNull: 1, stringPrefix: 2, numberLower: 3, numberUpper: 4, lengthLower: 5, lengthUpper: 6 } as const;

export const unknown = (refinement?: Refinement): Unknown => new Unknown(refinement);
export const isUnknown = (value: unknown): value is Unknown => value instanceof Unknown;
/** A known object or map value (not null, a list or an unknown). */
export const isKnownObject = (value: CtyValue | undefined): value is { [key: string]: CtyValue } =>
  value !== null && typeof value === 'object' && !Array.isArray(value) && !isUnknown(value);

export function decodeMsgpack(type: CtyType, bytes: Uint8Array): CtyValue {
  return fromWire(type, decode(bytes), []);
}

export function encodeMsgpack(type: CtyType, value: CtyValue): Buffer {
  const bytes = encode(toWire(type, value, []));
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** JSON carries no unknowns: stored state and JSON DynamicValues. Missing object attributes become null. */
export function decodeJson(type: CtyType, text: string | Uint8Array): CtyValue {
  const parsed: unknown = JSON.parse(typeof text === 'string' ? text : Buffer.from(text).toString('utf8'));
  return fromWire(type, parsed, []);
}

/** A DynamicValue as Terraform sends it: msgpack normally, JSON where the field says so. */
export function decodeDynamic(type: CtyType, value: { msgpack?: Uint8Array; json?: Uint8Array } | undefined): CtyValue {
  if (value?.msgpack && value.msgpack.length > 0) return decodeMsgpack(type, value.msgpack);
  if (value?.json && value.json.length > 0) return decodeJson(type, value.json);
  return null;
}

export function isWhollyKnown(value: CtyValue): boolean {
  if (value instanceof Unknown) return false;
  if (Array.isArray(value)) return value.every(isWhollyKnown);
  if (value !== null && typeof value === 'object') return Object.values(value).every(isWhollyKnown);
  return true;
}

type Path = Array<string | number>;

function fail(path: Path, message: string): never {
  throw new TypeError(`${path.length ? path.join('.') : 'value'}: ${message}`);
}

function fromWire(type: CtyType, raw: unknown, path: Path): CtyValue {
  if (raw === null || raw === undefined) return null;
  if (raw instanceof ExtData) return new Unknown(raw.type === EXT_REFINED && raw.data instanceof Uint8Array ? parseRefinement(raw.data) : {});
  switch (type.kind) {
    case 'string':
      if (typeof raw !== 'string') fail(path, `expected a string, got ${typeof raw}`);
      return raw;
    case 'number': {
      // cty writes exact integers as ints, other exact values as float64, the rest as decimal strings.
      const n = typeof raw === 'string' ? Number(raw) : raw;
      if (typeof n !== 'number' || Number.isNaN(n)) fail(path, `expected a number, got ${JSON.stringify(raw)}`);
      return n;
    }
    case 'bool':
      if (typeof raw !== 'boolean') fail(path, `expected a bool, got ${typeof raw}`);
      return raw;
    case 'list':
    case 'set':
      if (!Array.isArray(raw)) fail(path, `expected a ${type.kind}`);
      return raw.map((item, i) => fromWire(type.element, item, [...path, i]));
    case 'map':
      if (typeof raw !== 'object' || Array.isArray(raw)) fail(path, 'expected a map');
      return Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, fromWire(type.element, v, [...path, k])]));
    case 'object': {
      if (typeof raw !== 'object' || Array.isArray(raw)) fail(path, 'expected an object');
      const record = raw as Record<string, unknown>;
      return Object.fromEntries(
        Object.entries(type.attributes).map(([k, t]) => [k, fromWire(t, Object.hasOwn(record, k) ? record[k] : null, [...path, k])]),
      );
    }
  }
}

function toWire(type: CtyType, value: CtyValue | undefined, path: Path): unknown {
  if (value === null || value === undefined) return null;
  if (value instanceof Unknown) return unknownExt(value.refinement);
  switch (type.kind) {
    case 'string':
      if (typeof value !== 'string') fail(path, `expected a string, got ${JSON.stringify(value)}`);
      return value;
    case 'number':
      if (typeof value !== 'number' || !Number.isFinite(value)) fail(path, `expected a finite number, got ${JSON.stringify(value)}`);
      return value;
    case 'bool':
      if (typeof value !== 'boolean') fail(path, `expected a bool, got ${JSON.stringify(value)}`);
      return value;
    case 'list':
    case 'set':
      if (!Array.isArray(value)) fail(path, `expected a ${type.kind}`);
      return value.map((item, i) => toWire(type.element, item, [...path, i]));
    case 'map':
      if (typeof value !== 'object' || Array.isArray(value)) fail(path, 'expected a map');
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toWire(type.element, v, [...path, k])]));
    case 'object': {
      if (typeof value !== 'object' || Array.isArray(value)) fail(path, 'expected an object');
      // Every attribute is present on the wire, null when unset.
      return Object.fromEntries(Object.entries(type.attributes).map(([k, t]) => [k, toWire(t, value[k], [...path, k])]));
    }
  }
}

function parseRefinement(payload: Uint8Array): Refinement {
  const raw = payload.length > 0 ? decode(payload) : {};
  const map = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  const out: Refinement = {};
  const bound = (v: unknown): [number, boolean] | undefined =>
    Array.isArray(v) ? [Number(v[0]), Boolean(v[1])] : undefined;
  if (map[REFINEMENT_KEYS.isNull] === false) out.notNull = true;
  if (typeof map[REFINEMENT_KEYS.stringPrefix] === 'string') out.stringPrefix = map[REFINEMENT_KEYS.stringPrefix] as string;
  const lower = bound(map[REFINEMENT_KEYS.numberLower]);
  const upper = bound(map[REFINEMENT_KEYS.numberUpper]);
  if (lower) out.numberLower = lower;
  if (upper) out.numberUpper = upper;
  if (typeof map[REFINEMENT_KEYS.lengthLower] === 'number') out.lengthLower = map[REFINEMENT_KEYS.lengthLower] as number;
  if (typeof map[REFINEMENT_KEYS.lengthUpper] === 'number') out.lengthUpper = map[REFINEMENT_KEYS.lengthUpper] as number;
  return out;
}

/**
 * A refined unknown is written as ext 12 holding a msgpack map with integer
 * keys; @msgpack/msgpack only writes string keys, so the map header and the
 * keys (all below 16: positive fixints) are written here.
 */
function unknownExt(r: Refinement): ExtData {
  const entries: Array<[number, unknown]> = [];
  if (r.notNull) entries.push([REFINEMENT_KEYS.isNull, false]);
  if (r.stringPrefix !== undefined && r.stringPrefix !== '') entries.push([REFINEMENT_KEYS.stringPrefix, r.stringPrefix]);
  if (r.numberLower) entries.push([REFINEMENT_KEYS.numberLower, r.numberLower]);
  if (r.numberUpper) entries.push([REFINEMENT_KEYS.numberUpper, r.numberUpper]);
  if (r.lengthLower !== undefined) entries.push([REFINEMENT_KEYS.lengthLower, r.lengthLower]);
  if (r.lengthUpper !== undefined) entries.push([REFINEMENT_KEYS.lengthUpper, r.lengthUpper]);
  // Terraform rejects ext 12 with an empty map: a refinement-free unknown is ext 0.
  if (entries.length === 0) return new ExtData(EXT_UNKNOWN, Uint8Array.of(0));
  const parts = [Uint8Array.of(0x80 | entries.length)];
  for (const [key, value] of entries) parts.push(Uint8Array.of(key), encode(value));
  return new ExtData(EXT_REFINED, Buffer.concat(parts));
}
