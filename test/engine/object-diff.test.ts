/** The per-object comparison the planner and the Terraform provider share, on plain field maps. */
import { describe, expect, it } from 'vitest';
import { digest } from '../../src/engine/load/digest.js';
import { appliedDigests, appliedValues, diffObject, pathsOf } from '../../src/engine/plan/object-diff.js';

const kind = { vendor: 'chatwoot', fieldClasses: { channel_type: 'immutable', secret: 'write-only' } } as const;

describe('diffObject', () => {
  it('lists readable fields that differ from the live object, in the order of the desired fields', () => {
    const diff = diffObject(kind, { name: 'B', color: '#000', tags: ['a', 'b'] }, { name: 'A', color: '#000', tags: ['a', 'b'] }, () => undefined);
    expect(diff.changes).toEqual([{ path: 'name', before: 'A', after: 'B' }]);
    expect(diff.immutable).toEqual([]);
  });

  it('names the changes the vendor does not allow', () => {
    const diff = diffObject(kind, { channel_type: 'api', name: 'A' }, { channel_type: 'email', name: 'A' }, () => undefined);
    expect(diff.immutable).toEqual([{ path: 'channel_type', before: 'email', after: 'api' }]);
    expect(diff.changes).toEqual(diff.immutable);
  });

  it('compares a field the live object cannot return with what was applied last, saying why', () => {
    const want = { secret: 's2', name: 'A' };
    const have = { name: 'A' };
    expect(diffObject(kind, want, have, () => true).changes).toEqual([]);
    expect(diffObject(kind, want, have, () => false).changes).toEqual([
      { path: 'secret', before: null, after: 's2', note: 'write-only: differs from the last applied value' },
    ]);
    expect(diffObject(kind, want, have, () => undefined).changes).toEqual([
      { path: 'secret', before: null, after: 's2', note: 'cannot verify: write-only and not applied by deskform yet' },
    ]);
  });

  it('compares a field declared write-only with what was applied last even when a read returns something for it', () => {
    const want = { secret: 's2' };
    expect(diffObject(kind, want, { secret: 's2' }, () => false).changes).toEqual([
      { path: 'secret', before: null, after: 's2', note: 'write-only: differs from the last applied value' },
    ]);
    expect(diffObject(kind, want, { secret: 'other' }, () => true).changes).toEqual([]);
  });

  it('says when a readable field was left out of this read', () => {
    expect(diffObject(kind, { name: 'A' }, {}, () => undefined).changes).toEqual([
      { path: 'name', before: null, after: 'A', note: 'cannot verify: chatwoot returned no value and not applied by deskform yet' },
    ]);
  });

  it('asks about a field only when the live object cannot return it', () => {
    const asked: string[] = [];
    diffObject(kind, { name: 'A', secret: 's' }, { name: 'B' }, (path) => void asked.push(path));
    expect(asked).toEqual(['secret']);
  });
});

describe('what was applied last', () => {
  it('from the ledger: digests, nothing known for a field never recorded', () => {
    const last = appliedDigests({ secret: digest({ b: 1, a: 2 }) });
    expect(last('secret', { a: 2, b: 1 })).toBe(true);
    expect(last('secret', { a: 3, b: 1 })).toBe(false);
    expect(last('other', 'x')).toBeUndefined();
    expect(appliedDigests(undefined)('secret', 'x')).toBeUndefined();
  });

  it('from Terraform prior state: plain values, nothing on a create or an adoption', () => {
    const last = appliedValues({ secret: ['a', 'b'], cleared: null });
    expect(last('secret', ['a', 'b'])).toBe(true);
    expect(last('secret', ['b'])).toBe(false);
    expect(last('cleared', null)).toBe(true);
    expect(last('other', 'x')).toBeUndefined();
    expect(appliedValues(undefined)('secret', 'x')).toBeUndefined();
  });

  it('gives the paths an update sends', () => {
    const diff = diffObject(kind, { name: 'B', secret: 's' }, { name: 'A' }, appliedValues({ secret: 's' }));
    expect(pathsOf(diff)).toEqual(new Set(['name']));
  });
});
