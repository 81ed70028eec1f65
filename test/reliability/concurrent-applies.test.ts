/**
 * Applies sharing one state file, run at once against slow vendors: the state
 * lock lets one run at a time, so nothing is created twice; the state path is
 * checked before any vendor write.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { acquireStateLock, lockFileFor } from '../../src/engine/apply/state-lock.js';
import { createWorld, PROVIDERS, type World } from '../support/world.js';
import { assertBuilt, spawnCli } from '../support/built-cli.js';
import { engineApply, liveView, type EngineWhere } from './support/engine-run.js';
import { duplicates, liveRecords } from './support/live-state.js';

const CONFIG = `${PROVIDERS}
portals:
  - { slug: handbook, name: Handbook }
  - { slug: faq, name: FAQ }
inboxes:
  - { name: Website, channel: { type: web_widget, website_url: "https://example.com" } }
`;
const ARGS = ['apply', 'deskform.yaml', '--auto-approve'];
/** A protected object is recorded in the ledger by any version of deskform. */
const PROTECTED = `${PROVIDERS}portals:\n  - { slug: kept, name: Kept, protected: true }\n`;
const HANG_GUARD = { timeout: 60_000 };

let world: World;
let where: EngineWhere;
let stateFile: string;
const writes = () => world.vendorRequests().filter((r) => r.method !== 'GET' && !r.path.includes('/auth/'));

beforeAll(() => assertBuilt());
beforeEach(async () => {
  world = await createWorld();
  world.write('deskform.yaml', CONFIG);
  stateFile = path.join(world.dir, '.deskform', 'state.json');
  where = { file: 'deskform.yaml', dir: world.dir, env: world.env, stateFile };
  world.emulator.control.setFaults({ seed: 1, rules: [{ latency_ms: 300 }] });
});
afterEach(async () => {
  await world.close();
});

async function expectConverged(): Promise<void> {
  world.emulator.control.clearFaults();
  expect(duplicates(liveRecords(world.emulator))).toEqual([]);
  expect((await liveView(where)).pending).toEqual([]);
  expect((await world.run('plan', 'deskform.yaml', '--detailed-exitcode')).code).toBe(0);
}

describe('two applies at once on one state file', () => {
  it('through the library, both waiting: whichever comes second waits, then finds nothing to do', HANG_GUARD, async () => {
    const waiting = { timeoutMs: 60_000, pollMs: 20 };
    const [first, second] = await Promise.all([engineApply({ ...where, lock: waiting }), engineApply({ ...where, lock: waiting })]);
    expect([first.error, second.error]).toEqual([undefined, undefined]);
    expect([...first.results!, ...second.results!].filter((r) => r.action === 'create')).toHaveLength(3);
    await expectConverged();
  });

  it('through the library: without a timeout the second fails naming the holder, before any request', HANG_GUARD, async () => {
    const [first, second] = await Promise.all([engineApply({ ...where, lock: { command: 'deskform apply' } }), engineApply({ ...where, lock: { command: 'deskform apply' } })]);
    const failed = [first, second].filter((o) => o.error !== undefined);
    expect(failed).toHaveLength(1);
    expect(failed[0]!.error).toMatch(new RegExp(`^the state file is locked by pid ${process.pid} on ${hostname()} since \\S+ \\(deskform apply\\)`));
    expect(failed[0]!.events).toEqual([]);
    await expectConverged();
  });

  it('through the built CLI, two processes with --lock-timeout: nothing is created twice', HANG_GUARD, async () => {
    const runs = [spawnCli([...ARGS, '--lock-timeout', '2m'], { env: world.env, cwd: world.dir }), spawnCli([...ARGS, '--lock-timeout', '2m'], { env: world.env, cwd: world.dir })];
    const [a, b] = await Promise.all(runs.map((r) => r.finished));
    expect([a!.code, b!.code], a!.stderr + b!.stderr).toEqual([0, 0]);
    expect(writes().filter((r) => r.method === 'POST')).toHaveLength(3);
    expect(existsSync(lockFileFor(stateFile))).toBe(false);
    await expectConverged();
  });
});

describe('the state lock in the CLI', () => {
  it('an apply finding the lock held fails naming the holder, and plan still works', HANG_GUARD, async () => {
    world.emulator.control.clearFaults();
    const held = await acquireStateLock(stateFile, { command: 'deskform apply' });
    try {
      const refused = await world.run(...ARGS);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toMatch(new RegExp(`^Error: the state file is locked by pid ${process.pid} on ${hostname()} since \\S+ \\(deskform apply\\) \\(${lockFileFor(stateFile)}\\)\\.`));
      expect(refused.stderr).toContain(`If that run is dead (its host crashed, or it ran elsewhere), delete ${lockFileFor(stateFile)} and run again.`);
      expect(writes()).toEqual([]);
      expect((await world.run('plan', 'deskform.yaml')).code).toBe(0);
    } finally {
      await held.release();
    }
  });

  it('an apply waiting with --lock-timeout says once for whom, then runs', HANG_GUARD, async () => {
    world.emulator.control.clearFaults();
    const held = await acquireStateLock(stateFile, { command: 'deskform apply' });
    const run = spawnCli([...ARGS, '--lock-timeout', '2m'], { env: world.env, cwd: world.dir });
    let stderr = '';
    await new Promise<void>((resolve) => run.child.stderr!.on('data', (d: Buffer) => ((stderr += d.toString()).includes('Waiting') ? resolve() : undefined)));
    expect(writes()).toEqual([]);
    await held.release();
    const done = await run.finished;
    expect(done.code, done.stderr).toBe(0);
    expect(done.stderr).toMatch(new RegExp(`^Waiting for the state file lock, held by pid ${process.pid} on ${hostname()} since \\S+ \\(deskform apply\\) …\\n$`));
    await expectConverged();
  });

  it('--lock-timeout takes a duration with its unit', async () => {
    const refused = await world.run(...ARGS, '--lock-timeout', '30');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("error: option '--lock-timeout <duration>' argument '30' is invalid. Expected a duration such as 30s or 2m.");
    expect(writes()).toEqual([]);
  });

  it('a lock left by a dead process of this host is taken over, saying so', HANG_GUARD, async () => {
    world.emulator.control.clearFaults();
    mkdirSync(path.dirname(stateFile), { recursive: true });
    const dead = spawnCli(['--version'], { env: world.env, cwd: world.dir });
    await dead.finished;
    writeFileSync(lockFileFor(stateFile), JSON.stringify({ pid: dead.child.pid, host: hostname(), since: '2026-01-01T00:00:00.000Z', command: 'deskform apply' }));
    const taken = await world.run(...ARGS);
    expect(taken.code).toBe(0);
    expect(taken.stderr).toBe(`Taking over the lock of pid ${dead.child.pid} on ${hostname()} since 2026-01-01T00:00:00.000Z (deskform apply): that process no longer exists.\n`);
    expect(existsSync(lockFileFor(stateFile))).toBe(false);
    await expectConverged();
  });

  it('an apply stopped by SIGTERM releases the lock and exits as SIGTERM does', HANG_GUARD, async () => {
    const run = spawnCli(ARGS, { env: world.env, cwd: world.dir });
    while (writes().length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    expect(existsSync(lockFileFor(stateFile))).toBe(true);
    run.child.kill('SIGTERM');
    const done = await run.finished;
    expect(done.signal).toBe('SIGTERM');
    expect(existsSync(lockFileFor(stateFile))).toBe(false);
  });

  it('a state path under /proc fails naming it, before any vendor write', HANG_GUARD, async () => {
    world.emulator.control.clearFaults();
    world.write('deskform.yaml', PROTECTED);
    const refused = await world.run(...ARGS, '--state', '/proc/1/deskform/state.json');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/^Error: cannot create the lock file \/proc\/1\/deskform\/state\.json\.lock \(/);
    expect(writes()).toEqual([]);
  });

  it('through the library, a state path under /proc fails naming it, before any vendor write', HANG_GUARD, async () => {
    world.emulator.control.clearFaults();
    world.write('deskform.yaml', PROTECTED);
    const outcome = await engineApply({ ...where, stateFile: '/proc/1/deskform/state.json' });
    expect(outcome.error).toMatch(/^the state file \/proc\/1\/deskform\/state\.json cannot be written \(/);
    expect(writes()).toEqual([]);
  });
});
