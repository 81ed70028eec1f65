/**
 * Validating a built value with a zod schema, and turning zod's issues into
 * short human messages tied to paths. Messages never quote the input (it may
 * hold substituted secrets); messages a schema supplies itself are passed
 * through, scrubbed of substituted values.
 */
import type * as z from 'zod';
import { crossesFlawed, nodeAt, type SourceNode } from './source-tree.js';
import { excerpt } from './excerpt.js';
import { didYouMean } from './suggest.js';
import type { ValuePath } from './types.js';

export interface FieldIssue {
  path: ValuePath;
  /** Locate at the key rather than the value (unknown fields). */
  atKey: boolean;
  message: string;
  /** The key is one the schema does not know. */
  unknownKey?: true;
}

export type Validation<T> = { ok: true; data: T } | { ok: false; issues: FieldIssue[] };

type Issue = z.core.$ZodIssue;
type RawIssue = z.core.$ZodRawIssue;

const MISSING = 'missing required field';

/**
 * Validates `value` (built from YAML, positions in `tree`). Strings that came
 * from `${env:X}` are coerced to numbers or booleans where the schema wants
 * those, so secrets-free numbers like account ids can come from the
 * environment too.
 */
export function validate<T>(schema: z.ZodType<T>, value: unknown, tree: SourceNode, redact: (message: string) => string): Validation<T> {
  for (;;) {
    const knownKeys = new WeakMap<readonly string[], string[]>();
    const ours = new Set<string>();
    const result = schema.safeParse(value, {
      error: (iss) => {
        const message = describe(iss, knownKeys);
        if (message !== undefined) ours.add(message);
        return message;
      },
    });
    if (result.success) return { ok: true, data: result.data };
    const issues = result.error.issues.flatMap((iss) => expand(iss, []));
    if (coerceInterpolated(issues, value, tree)) continue;
    const out: FieldIssue[] = [];
    for (const iss of issues) {
      if (crossesFlawed(tree, iss.path as ValuePath)) continue;
      const own = ours.has(iss.message);
      out.push(...toFieldIssues(iss, own ? iss.message : redact(iss.message), own, knownKeys));
    }
    return { ok: false, issues: out };
  }
}

/** Unions are reported through their most plausible branch: the one whose shape matched, with fewest complaints. */
function expand(iss: Issue, prefix: PropertyKey[]): Issue[] {
  const path = [...prefix, ...iss.path];
  if (iss.code === 'invalid_union' && iss.errors.length > 0) {
    const plausible = iss.errors.filter((branch) => !branch.some((b) => b.path.length === 0 && b.code === 'invalid_type'));
    const best = plausible.reduce<Issue[] | undefined>((a, b) => (a === undefined || b.length < a.length ? b : a), undefined);
    if (best) return best.flatMap((b) => expand(b, path));
  }
  return [{ ...iss, path }];
}

function toFieldIssues(iss: Issue, message: string, own: boolean, knownKeys: WeakMap<readonly string[], string[]>): FieldIssue[] {
  const path = iss.path as ValuePath;
  if (iss.code === 'unrecognized_keys') {
    const known = knownKeys.get(iss.keys) ?? [];
    return iss.keys.map((key) => ({
      path: [...path, key],
      atKey: true,
      unknownKey: true,
      message: `unknown field "${excerpt(label([...path, key]))}"${didYouMean(key, known)}`,
    }));
  }
  if (own && message.startsWith(MISSING)) {
    // Nothing to point at but the mapping that lacks the field.
    return [{ path: path.slice(0, -1), atKey: false, message: `${MISSING} "${label(path)}"${message.slice(MISSING.length)}` }];
  }
  if (iss.code === 'invalid_key') return [{ path, atKey: true, message: `${label(path)}: ${message}` }];
  return [{ path, atKey: false, message: path.length > 0 ? `${label(path)}: ${message}` : message }];
}

/** `channel.working_hours[0].open_hour` */
function label(path: ValuePath): string {
  let out = '';
  for (const step of path) out += typeof step === 'number' ? `[${step}]` : out ? `.${step}` : step;
  return out;
}

function describe(iss: RawIssue, knownKeys: WeakMap<readonly string[], string[]>): string | undefined {
  switch (iss.code) {
    case 'invalid_type':
      if (iss.input === undefined) return MISSING;
      return `expected ${expectedName(isIntegerSchema(iss.inst) ? 'int' : iss.expected)}, got ${valueName(iss.input)}`;
    case 'invalid_value':
      return (iss.values.length === 1 ? `expected ${quote(iss.values[0])}` : `expected one of ${iss.values.map(quote).join(', ')}`) + suggestion(iss.input, iss.values);
    case 'invalid_format':
      return formatMessage(iss);
    case 'too_small':
      return sizeMessage(iss.origin, 'least', iss.minimum, iss.inclusive !== false);
    case 'too_big':
      return sizeMessage(iss.origin, 'most', iss.maximum, iss.inclusive !== false);
    case 'not_multiple_of':
      return `must be a multiple of ${iss.divisor}`;
    case 'unrecognized_keys': {
      const shape = (iss.inst as { _zod?: { def?: { shape?: object } } } | undefined)?._zod?.def?.shape;
      if (shape) knownKeys.set(iss.keys, Object.keys(shape));
      return `unknown fields ${iss.keys.map(quote).join(', ')}`;
    }
    case 'invalid_union':
      return unionMessage(iss);
    case 'invalid_key':
      return `invalid key: ${iss.issues.map((i) => i.message).join('; ')}`;
    case 'invalid_element':
      return `invalid element: ${iss.issues.map((i) => i.message).join('; ')}`;
    case 'custom':
      return 'is invalid';
    default:
      return undefined;
  }
}

function unionMessage(iss: Extract<RawIssue, { code: 'invalid_union' }>): string {
  if (iss.discriminator !== undefined) {
    const options = 'options' in iss && Array.isArray(iss.options) ? iss.options : [];
    const field = (iss.input as Record<string, unknown> | undefined)?.[iss.discriminator];
    const choices = options.map(quote).join(', ');
    return field === undefined ? `${MISSING} (one of ${choices})` : `expected one of ${choices}${suggestion(field, options)}`;
  }
  if (iss.errors.length === 0) return 'matches more than one of the allowed forms';
  const expected = new Set<string>();
  for (const branch of iss.errors) {
    for (const b of branch) if (b.path.length === 0 && b.code === 'invalid_type') expected.add(expectedName(b.expected));
  }
  return `expected ${[...expected].join(' or ')}, got ${valueName(iss.input)}`;
}

/** A did-you-mean among the allowed values only: the input itself is never quoted. */
function suggestion(input: unknown, allowed: readonly unknown[]): string {
  return typeof input === 'string' ? didYouMean(input, allowed.filter((v): v is string => typeof v === 'string')) : '';
}

function formatMessage(iss: Extract<RawIssue, { code: 'invalid_format' }>): string {
  switch (iss.format) {
    case 'url':
      return 'expected a URL';
    case 'email':
      return 'expected an email address';
    case 'regex':
      return `must match ${iss.pattern ?? 'the expected pattern'}`;
    case 'starts_with':
      return `must start with ${quote(iss.prefix)}`;
    case 'ends_with':
      return `must end with ${quote(iss.suffix)}`;
    case 'includes':
      return `must include ${quote(iss.includes)}`;
    default:
      return `expected a valid ${iss.format}`;
  }
}

function sizeMessage(origin: string, bound: 'least' | 'most', limit: number | bigint, inclusive: boolean): string {
  const n = Number(limit);
  switch (origin) {
    case 'string':
      if (bound === 'least' && n === 1 && inclusive) return 'must not be empty';
      return `must be at ${bound} ${inclusive ? n : bound === 'least' ? n + 1 : n - 1} characters long`;
    case 'array':
    case 'set':
      if (bound === 'least' && n === 1 && inclusive) return 'must not be empty';
      return `must have at ${bound} ${inclusive ? n : bound === 'least' ? n + 1 : n - 1} items`;
    default:
      if (inclusive) return `must be at ${bound} ${n}`;
      return `must be ${bound === 'least' ? 'greater' : 'less'} than ${n}`;
  }
}

const EXPECTED_NAMES: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  int: 'an integer',
  boolean: 'true or false',
  object: 'a mapping',
  record: 'a mapping',
  array: 'a list',
  tuple: 'a list',
  null: 'an empty value',
};

/** z.int() reports a non-number as "expected number"; its def says it wants an integer. */
function isIntegerSchema(inst: unknown): boolean {
  const format = (inst as { _zod?: { def?: { format?: unknown } } } | undefined)?._zod?.def?.format;
  return typeof format === 'string' && /int/.test(format);
}

function expectedName(expected: string): string {
  return EXPECTED_NAMES[expected] ?? expected;
}

export function valueName(value: unknown): string {
  if (value === null || value === undefined) return 'an empty value';
  if (Array.isArray(value)) return 'a list';
  if (value instanceof Uint8Array) return 'binary data (!!binary)';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'number') {
    if (Number.isNaN(value)) return 'NaN (not a number)';
    if (!Number.isFinite(value)) return 'an infinite number';
    return Number.isInteger(value) ? 'a number' : 'a fractional number';
  }
  if (typeof value === 'boolean') return 'a boolean';
  return `a ${typeof value}`;
}

function quote(v: unknown): string {
  return typeof v === 'string' ? JSON.stringify(v) : String(v);
}

const NUMERIC = /^-?\d+(\.\d+)?$/;

/** Replaces interpolated strings where a number or boolean was expected; true when anything changed. */
function coerceInterpolated(issues: Issue[], value: unknown, tree: SourceNode): boolean {
  let changed = false;
  for (const iss of issues) {
    if (iss.code !== 'invalid_type' || !['number', 'int', 'boolean'].includes(iss.expected)) continue;
    const path = iss.path as ValuePath;
    const { node, exact } = nodeAt(tree, path);
    if (!exact || !node.interpolated || path.length === 0) continue;
    const parent = valueAt(value, path.slice(0, -1)) as Record<string | number, unknown> | undefined;
    const last = path[path.length - 1]!;
    const current = parent?.[last];
    if (typeof current !== 'string') continue;
    const coerced = iss.expected === 'boolean' ? toBoolean(current) : NUMERIC.test(current) ? Number(current) : undefined;
    if (coerced === undefined) continue;
    parent![last] = coerced;
    changed = true;
  }
  return changed;
}

function toBoolean(s: string): boolean | undefined {
  return s === 'true' ? true : s === 'false' ? false : undefined;
}

function valueAt(value: unknown, path: ValuePath): unknown {
  let v = value;
  for (const step of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string | number, unknown>)[step];
  }
  return v;
}
