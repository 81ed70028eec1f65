/** Helpers for checking the envelope of a vendor's JSON answer. */
import { VendorError } from '../../errors.js';
import type { VendorName } from '../names.js';
import type { HttpResponse } from './vendor-http.js';

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

/** The first string among `keys` of an error body. */
export function stringField(body: unknown, ...keys: string[]): string | undefined {
  if (!isRecord(body)) return undefined;
  for (const key of keys) {
    const value = body[key];
    if (typeof value === 'string' && value !== '') return value;
  }
  return undefined;
}
