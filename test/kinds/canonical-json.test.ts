import { describe, expect, it } from 'vitest';
import { canonicalJson, deepEqual, writeCanonicalInPieces } from '../../src/kinds/normalise.js';

/** The straightforward definition canonicalJson must match byte for byte (digests in ledgers and saved plans depend on it). */
function reference(value: unknown): string {
  const sortKeys = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(sortKeys);
    if (v && typeof v === 'object') {
      const out: Record<string, unknown> = {};
      for (const k of Object.keys(v).sort()) out[k] = sortKeys((v as Record<string, unknown>)[k]);
      return out;
    }
    return v;
  };
  return JSON.stringify(sortKeys(value));
}

/** Deterministic pseudo-random values with the awkward cases: index-like keys, undefined, nesting. */
function randomValue(next: () => number, depth: number): unknown {
  const keys = ['b', 'a', '10', '2', '0', '01', '-1', '4294967294', '4294967295', 'Z', 'é', '__x', 'working_hours.1'];
  const pick = next();
  if (depth > 3 || pick < 0.35) {
    const leaves = [null, undefined, true, false, 0, -0, 1.5, 1e21, Number.NaN, '', 'text', '#1F93FF', 'ü"\\'];
    return leaves[Math.floor(next() * leaves.length)];
  }
  if (pick < 0.6) return Array.from({ length: Math.floor(next() * 4) }, () => randomValue(next, depth + 1));
  const out: Record<string, unknown> = {};
  for (let i = Math.floor(next() * 5); i > 0; i--) out[keys[Math.floor(next() * keys.length)]!] = randomValue(next, depth + 1);
  return out;
}

describe('canonicalJson', () => {
  it('writes exactly what JSON.stringify of a key-sorted copy writes', () => {
    let seed = 42;
    const next = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    for (let i = 0; i < 2000; i++) {
      const value = randomValue(next, 0);
      expect(canonicalJson(value)).toBe(reference(value));
    }
  });

  it('writes the same text in pieces, at any depth', () => {
    let seed = 7;
    const next = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    for (let i = 0; i < 500; i++) {
      const value = randomValue(next, 0) ?? null;
      for (const depth of [0, 1, 2, 5]) {
        const pieces: string[] = [];
        writeCanonicalInPieces(value, depth, (piece) => pieces.push(piece));
        expect(pieces.join('')).toBe(canonicalJson(value));
      }
    }
    const pieces: string[] = [];
    writeCanonicalInPieces({ list: [{ a: 1 }, { b: undefined }], skipped: undefined }, 2, (piece) => pieces.push(piece));
    expect(pieces).toEqual(['{', '"list":', '[', '{"a":1}', ',', '{}', ']', '}']);
  });

  it('orders keys, array-index keys numerically first, and leaves out undefined', () => {
    expect(canonicalJson({ b: 1, a: [undefined, 2], 10: 'x', 2: 'y', z: undefined })).toBe('{"2":"y","10":"x","a":[null,2],"b":1}');
    expect(deepEqual({ x: [1, { q: 1, p: 2 }] }, { x: [1, { p: 2, q: 1 }] })).toBe(true);
    expect(deepEqual(undefined, null)).toBe(true);
  });
});
