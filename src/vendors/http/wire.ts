/** Helpers for checking the envelope and the shape of a vendor's JSON answer. */
import type * as z from 'zod';
import { excerpt } from '../../config/excerpt.js';
import { AmbiguousWriteError, VendorError, WrongObjectError } from '../../errors.js';
import type { VendorName } from '../../config/vendor-names.js';
import { AMBIGUOUS_HINT, type HttpResponse } from './vendor-http.js';

export type JsonObject = Record<string, unknown>;

export function isRecord(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The answer parsed, but is not shaped as the endpoint promises. */
export function unexpectedShape(vendor: VendorName, res: HttpResponse, expected: string): VendorError {
  return new VendorError(vendor, res.method, res.path, res.status, `unexpected response: expected ${expected}`);
}

export function expectObject(vendor: VendorName, res: HttpResponse, value: unknown = res.body): JsonObject {
  if (!isRecord(value)) throw unexpectedShape(vendor, res, 'a JSON object');
  return value;
}

export function expectObjects(vendor: VendorName, res: HttpResponse, value: unknown, what: string): JsonObject[] {
  if (!Array.isArray(value) || !value.every(isRecord)) throw unexpectedShape(vendor, res, what);
  return value;
}

export interface ShapeCheck {
  /** Where `value` sits in the body, for messages: `payload`, `data`, or '' for the body itself. */
  at: string;
  /** A create's answer: the write happened even if the answer is unreadable, so the caller must re-read. */
  ambiguous?: boolean;
}

/**
 * Checks the fields the kinds rely on and answers `value` itself, every field
 * kept: the shapes transform nothing, and zod's copy of a list of large
 * objects (a 10,000-object plan reads ~11 MB of them) would cost a second
 * walk and its garbage. The message names the first field that does not fit
 * and what was expected, never the value (it may be anything).
 */
export function expectShape<S extends z.ZodType>(vendor: VendorName, res: HttpResponse, value: unknown, schema: S, check: ShapeCheck): z.infer<S> {
  const parsed = schema.safeParse(value, { reportInput: true });
  if (parsed.success) return value as z.infer<S>;
  const issue = parsed.error.issues[0]!;
  const where = label(check.at, issue.path);
  const message = `unexpected response: ${where ? `${where}: ` : ''}${describe(issue)}`;
  if (check.ambiguous) throw new AmbiguousWriteError(vendor, res.method, res.path, res.status, `${message} (${AMBIGUOUS_HINT})`);
  throw new VendorError(vendor, res.method, res.path, res.status, message);
}

function label(at: string, path: readonly PropertyKey[]): string {
  let out = at;
  for (const step of path) out += typeof step === 'number' ? `[${step}]` : out ? `.${String(step)}` : String(step);
  return out;
}

const EXPECTED: Record<string, string> = { array: 'a list', object: 'an object', int: 'an integer' };

function describe(issue: z.core.$ZodIssue): string {
  if (issue.code === 'invalid_union') return 'has an unexpected type';
  if (issue.code !== 'invalid_type') return issue.message;
  const input: unknown = issue.input;
  const got = input === undefined ? 'nothing' : input === null ? 'null' : Array.isArray(input) ? 'a list' : `a ${typeof input}`;
  return `expected ${EXPECTED[issue.expected] ?? `a ${issue.expected}`}, got ${got}`;
}

/** Ids repeat in no list: two objects sharing one would make every write by that id a write to either. */
export function expectUniqueIds(vendor: VendorName, res: HttpResponse, ids: readonly string[], plural: string): void {
  const seen = new Set<string>();
  for (const id of ids) {
    if (seen.has(id)) throw new VendorError(vendor, res.method, res.path, res.status, `unexpected response: ${ids.filter((i) => i === id).length} ${plural} share id ${excerpt(id)}`);
    seen.add(id);
  }
}

/** What a create's answer must name: the natural key it was sent, and an id no object had before. */
export interface ExpectedCreate {
  key: string;
  knownIds: ReadonlySet<string>;
}

/** Refuses a create's answer naming another object: a write on the strength of its id would change that object. */
export function expectCreated(vendor: VendorName, res: HttpResponse, answered: { id: string; key: string }, expected: ExpectedCreate | undefined): void {
  if (!expected) return;
  const wanted = `expected a new object "${expected.key}"`;
  // The answered id and name are the vendor's text: quoted no longer than needed to tell them apart.
  const id = excerpt(answered.id);
  let problem: string | undefined;
  if (answered.key !== expected.key) problem = `${wanted}, got id ${id} "${excerpt(answered.key)}"`;
  else if (expected.knownIds.has(answered.id)) problem = `${wanted}, got id ${id}, which existed before the create`;
  if (problem) throw new WrongObjectError(vendor, res.method, res.path, res.status, `${problem}; refused, nothing is written to or recorded under id ${id}`);
}

/** The first string among `keys` of an error body. */
export function stringField(body: unknown, ...keys: string[]): string | undefined {
  if (!isRecord(body)) return undefined;
  for (const key of keys) {
    const value = body[key];
    if (typeof value === 'string' && value !== '') return value;
  }
  return undefined;
}
