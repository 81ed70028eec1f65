/** Colour reaches a terminal only, and --no-color, NO_COLOR and DESKFORM_NO_COLOR turn it off. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/run.js';
import { createWorld, PROVIDERS, type World } from '../support/world.js';

let world: World;
let file: string;
beforeAll(async () => {
  world = await createWorld();
  file = world.write('p.yaml', `${PROVIDERS}portals:\n  - { slug: a, name: A }\n`);
});
afterAll(async () => {
  await world.close();
});

/** A plan on a colour terminal. */
async function plan(args: string[], env: Record<string, string> = {}): Promise<string> {
  let stdout = '';
  const io = { out: (t: string) => void (stdout += t), err: () => undefined, isTTY: true, color: true, env: { ...world.env, ...env }, cwd: world.dir, confirm: async () => false };
  expect(await runCli(['plan', file, ...args], io)).toBe(0);
  return stdout;
}

describe('colour', () => {
  it('is on for a terminal and off with --no-color, NO_COLOR or DESKFORM_NO_COLOR', async () => {
    expect(await plan([])).toContain('\u001b[32m');
    expect(await plan(['--no-color'])).not.toContain('\u001b[');
    expect(await plan([], { NO_COLOR: '1' })).not.toContain('\u001b[');
    expect(await plan([], { DESKFORM_NO_COLOR: '1' })).not.toContain('\u001b[');
  });
});
