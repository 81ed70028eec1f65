/** The README's "As a library" section documents every runtime export of the package, and names none it does not have. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import * as library from '../../src/index.js';

const README = readFileSync(path.resolve(import.meta.dirname, '../../README.md'), 'utf8');
const section = README.slice(README.indexOf('## As a library'), README.indexOf('\n## ', README.indexOf('## As a library') + 1));

describe('README: As a library', () => {
  it('names every runtime export', () => {
    const named = new Set([...section.matchAll(/`([A-Za-z_]\w*)/g)].map((m) => m[1]));
    expect(Object.keys(library).filter((name) => !named.has(name))).toEqual([]);
  });

  it('lists in its table only exports the package has (or methods of a session)', () => {
    const rows = section.split('\n').filter((l) => l.startsWith('| `'));
    expect(rows.length).toBeGreaterThan(5);
    const listed = rows.flatMap((row) => [...row.split(' | ')[0]!.matchAll(/`([A-Za-z_]\w*)/g)].map((m) => m[1]!));
    expect(listed.filter((name) => name !== 'session' && !(name in library))).toEqual([]);
  });
});
