/** A config file removed between being read and its symlink check is a located problem, not an internal error. */
import { describe, expect, test, vi } from 'vitest';
import { messages, tree } from './helpers.js';

// Resolving the file fails as it would once the file is removed right after being read.
vi.mock('node:fs/promises', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs/promises')>();
  const realpath = async (p: string) => {
    if (p.endsWith('gone.yaml')) throw Object.assign(new Error(`ENOENT: no such file or directory, realpath '${p}'`), { code: 'ENOENT' });
    return fs.realpath(p);
  };
  return { ...fs, realpath };
});

describe('reading files while they change', () => {
  test('a file that cannot be resolved after it was read cannot be read, where it is named', async () => {
    const dir = tree({ 'gone.yaml': 'widgets: []\n' });
    expect(await messages(dir, { paths: ['gone.yaml'] })).toEqual(['gone.yaml:1:1: cannot be read (ENOENT)']);
  });
});
