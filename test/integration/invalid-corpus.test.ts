/**
 * Every case of the invalid-config corpus fails with exit 1, the expected
 * message at the expected file:line:col, no stack trace, and zero requests.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deskform } from '../support/cli.js';
import { createWorld, type World } from '../support/world.js';

const CORPUS = path.resolve(import.meta.dirname, '../fixtures/invalid');

interface Expectation {
  line: number;
  col: number;
  message: string;
  /** File the problem is reported in, relative to the corpus; defaults to the case itself. */
  file?: string;
}

const cases = readdirSync(CORPUS)
  .filter((name) => name.endsWith('.expect.json'))
  .map((name) => {
    const base = name.slice(0, -'.expect.json'.length);
    const target = [`${base}.yaml`, `${base}.yml`, base].find((candidate) => existsSync(path.join(CORPUS, candidate)));
    const parsed = JSON.parse(readFileSync(path.join(CORPUS, name), 'utf8')) as Expectation | Expectation[];
    return { base, target, expectations: Array.isArray(parsed) ? parsed : [parsed] };
  })
  .sort((a, b) => a.base.localeCompare(b.base));

let world: World;
beforeAll(async () => {
  world = await createWorld();
});
afterAll(async () => {
  await world.close();
});

describe('invalid-config corpus', () => {
  it('has at least 30 cases, each with its config', () => {
    expect(cases.length).toBeGreaterThanOrEqual(30);
    for (const c of cases) expect(c.target, `${c.base} has no config file or directory`).toBeDefined();
  });

  it.each(cases)('$base', async ({ target, expectations }) => {
    world.emulator.control.resetRequests();
    const run = await deskform(['plan', target!], { env: world.env, cwd: CORPUS });
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(run.stderr).not.toContain('Internal error');
    for (const e of expectations) {
      const file = e.file ?? (target!.endsWith('.yaml') || target!.endsWith('.yml') ? target! : '');
      const where = file ? `${file}:${e.line}:${e.col}:` : `:${e.line}:${e.col}:`;
      const line = run.stderr.split('\n').find((l) => l.includes(where));
      expect(line, `no problem reported at ${where} in:\n${run.stderr}`).toBeDefined();
      expect(line).toContain(e.message);
    }
    expect(world.vendorRequests()).toEqual([]);
  });
});
