import { createHash } from 'node:crypto';
import { canonicalJson } from '../kinds/normalise.js';

/** Short stable digest of a value: equal values (whatever their key order) give equal digests. */
export function digest(value: unknown): string {
  return createHash('sha256').update(canonicalJson(value ?? null)).digest('hex').slice(0, 32);
}
