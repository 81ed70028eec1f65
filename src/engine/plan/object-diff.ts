/**
 * The per-object comparison both front doors make: which comparable fields of
 * a declared object differ from its live object. A field the vendor cannot
 * return is compared with what was applied last, which each front door keeps
 * its own way: the YAML ledger as digests, Terraform as prior state.
 */
import { fieldClassAt } from '../../kinds/field-classes.js';
import { deepEqual } from '../../kinds/normalise.js';
import type { FieldMap, Kind } from '../../kinds/types.js';
import { digest } from '../load/digest.js';
import type { FieldChange } from './plan.js';

/** Whether `value` is what was applied last at `path`; undefined when nothing was recorded for it. */
export type LastApplied = (path: string, value: unknown) => boolean | undefined;

export interface ObjectDiff {
  /** The changed fields in the order of the desired fields; `before` is null, with a note, where the vendor cannot return the field. */
  changes: FieldChange[];
  /** The changes to readable fields the vendor does not allow (immutable ones). */
  immutable: FieldChange[];
}

/** Whether `path` is compared with what was applied last: declared write-only, or left out of this read of the live object. */
export function comparedWithLastApplied(kind: Pick<Kind, 'fieldClasses'>, path: string, have: FieldMap): boolean {
  return !(path in have) || fieldClassAt(kind, path) === 'write-only';
}

export function diffObject(kind: Pick<Kind, 'fieldClasses' | 'vendor'>, want: FieldMap, have: FieldMap, lastApplied: LastApplied): ObjectDiff {
  const diff: ObjectDiff = { changes: [], immutable: [] };
  for (const [path, after] of Object.entries(want)) {
    if (!comparedWithLastApplied(kind, path, have)) {
      if (deepEqual(after, have[path])) continue;
      const change = { path, before: have[path], after };
      diff.changes.push(change);
      if (fieldClassAt(kind, path) === 'immutable') diff.immutable.push(change);
      continue;
    }
    // Write-only, or left out of this read (Tether may omit pipelineStage): compare with what was applied last.
    const same = lastApplied(path, after);
    if (same === true) continue;
    const why = fieldClassAt(kind, path) === 'write-only' ? 'write-only' : `${kind.vendor} returned no value`;
    const note = same === undefined ? `cannot verify: ${why} and not applied by deskform yet` : `${why}: differs from the last applied value`;
    diff.changes.push({ path, before: null, after, note });
  }
  return diff;
}

/** The paths of the changed fields: what an update sends. */
export function pathsOf(diff: ObjectDiff): Set<string> {
  return new Set(diff.changes.map((c) => c.path));
}

/** What was applied last, from the ledger: digests of the fields the vendor cannot return. */
export function appliedDigests(digests: Readonly<Record<string, string>> | undefined): LastApplied {
  return (path, value) => (digests?.[path] === undefined ? undefined : digests[path] === digest(value));
}

/** What was applied last, as plain comparable values (Terraform's prior state); nothing on a create or an adoption. */
export function appliedValues(prior: FieldMap | undefined): LastApplied {
  return (path, value) => (prior === undefined || !(path in prior) ? undefined : deepEqual(value, prior[path]));
}
