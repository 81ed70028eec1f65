/**
 * Campaign 2, killed mid-apply: the built CLI is SIGKILLed at a random moment
 * of an apply (vendor latency keeps applies long enough to land inside), then
 * run again. The ledger is never torn, every re-run converges, no object is
 * created twice, and nothing the killed run applied is changed again to
 * something else.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { assertBuilt, spawnCli } from './support/built-cli.js';
import { campaignSize, intBetween, seededRandom, seeds } from './support/campaign.js';
import { CanaryScan, canaryEnv, canaryFixtures } from './support/canary.js';
import { engineApply, enginePlan, liveFieldsOf, pendingSteps } from './support/engine-run.js';
import { writeEstate } from './support/estate-dir.js';
import { generateEstate, UNDECLARED, type EstateShape } from './support/estate.js';
import { duplicates, liveRecords, pickUndeclared, type LiveRecords } from './support/live-state.js';

const RUNS = campaignSize(30, 200);
const SEEDS = seeds(2000, RUNS);
const SHAPE: EstateShape = { portals: 4, inboxes: 8, webchats: 6, channels: 4 };
const CREATES = [/^\/api\/v1\/accounts\/1\/(portals|inboxes)$/, /^\/api\/webchats$/];

let emulator: RunningEmulator;
let root: string;
const scan = new CanaryScan();
let landed = 0;

beforeAll(async () => {
  assertBuilt();
  emulator = await startEmulator({ port: 0, seed: 12, fixtures: canaryFixtures() });
  root = mkdtempSync(path.join(tmpdir(), 'deskform-killed-'));
});

afterAll(async () => {
  await emulator?.close();
  if (root) rmSync(root, { recursive: true, force: true });
});

const isWrite = (r: { method: string; path: string }) => r.method !== 'GET' && !r.path.includes('/auth/');
const committedCreates = () => emulator.control.requests().filter((r) => r.method === 'POST' && r.status < 300 && r.status > 0 && CREATES.some((c) => c.test(r.path))).length;
const objectCount = (live: LiveRecords) => live.portals.length + live.inboxes.length + live.webchats.length;

/** Healthing business_hours are write-only: their history comes from the vendor's own state. */
function withHours(fields: Map<string, Record<string, unknown>>): Map<string, Record<string, unknown>> {
  for (const c of liveRecords(emulator).channels) {
    const key = `channel/${c.id}`;
    fields.set(key, { ...fields.get(key), business_hours: c.business_hours });
  }
  return fields;
}

function checkLedger(file: string, replay: string): void {
  if (!existsSync(file)) return;
  const text = readFileSync(file, 'utf8');
  let ledger: { format_version?: unknown; scopes?: unknown };
  try {
    ledger = JSON.parse(text) as typeof ledger;
  } catch {
    throw new Error(`the ledger is torn after a kill: ${JSON.stringify(text.slice(-200))}; ${replay}`);
  }
  expect(ledger.format_version, replay).toBe(1);
  expect(typeof ledger.scopes, replay).toBe('object');
  scan.add(`${file} after a kill`, text);
}

describe(`killed mid-apply: ${RUNS} runs of the built CLI, SIGKILLed and run again`, () => {
  it.each(SEEDS)('seed %i', async (seed) => {
    const replay = `replay with: npx vitest run test/reliability/killed-mid-apply.test.ts -t "seed ${seed}$"`;
    const random = seededRandom(seed);
    const T0 = Date.now(); const T = (l: string) => console.log('T', seed, l, Date.now() - T0);
    emulator.control.reset();
    const estate = generateEstate(seed, SHAPE);
    for (const channel of estate.channels) emulator.control.seedHealthingChannel(channel);
    const env = canaryEnv(emulator.urls);
    const { where, before } = writeEstate(root, seed, estate, env);
    expect((await engineApply(before)).results?.every((r) => r.status === 'ok'), replay).toBe(true);
    const initial = withHours(await liveFieldsOf(where));
    const untouched = pickUndeclared(liveRecords(emulator), UNDECLARED);
    const objectsBefore = objectCount(liveRecords(emulator));
    const pending = pendingSteps(await enginePlan(where)).length;

    T('emulator.control.res');
    emulator.control.resetRequests();
    emulator.control.setFaults({ seed, rules: [{ latency_ms: intBetween(random, 20, 50) }] });
    const killAfterWrites = intBetween(random, 0, pending - 1);
    const extraDelay = intBetween(random, 0, 40);
    const args = ['apply', 'deskform.yaml', '--auto-approve', '--state', '.deskform/state.json', '--concurrency', String(intBetween(random, 2, 6))];
    const first = spawnCli(args, { env, cwd: where.dir });
    let exited = false;
    void first.finished.then(() => (exited = true));
    while (!exited && emulator.control.requests().filter(isWrite).length <= killAfterWrites) await sleep(2);
    T('await sleep(extraDel');
    await sleep(extraDelay);
    if (first.child.kill('SIGKILL') && !exited) landed++;
    T('const killed = await');
    const killed = await first.finished;
    emulator.control.clearFaults();
    scan.add(`seed ${seed} killed run`, killed.stdout + killed.stderr);
    expect(killed.stderr, replay).not.toContain('Internal error');
    checkLedger(where.stateFile, replay);
    const afterKill = withHours(await liveFieldsOf(where));

    T('const rerun = await ');
    const rerun = await spawnCli(args, { env, cwd: where.dir }).finished;
    scan.add(`seed ${seed} re-run`, rerun.stdout + rerun.stderr);
    expect(rerun.stderr, replay).toBe('');
    expect(rerun.code, `${rerun.stdout}\n${replay}`).toBe(0);
    checkLedger(where.stateFile, replay);

    T('expect(pendingSteps(');
    expect(pendingSteps(await enginePlan(where)), `the re-run did not converge; ${replay}`).toEqual([]);
    const live = liveRecords(emulator);
    expect(duplicates(live), replay).toEqual([]);
    expect(pickUndeclared(live, UNDECLARED), replay).toEqual(untouched);
    // Every create the vendor committed made exactly one object: none was applied twice.
    expect(objectCount(live) - objectsBefore, replay).toBe(committedCreates());
    T('const final = withHo');
    const final = withHours(await liveFieldsOf(where));
    for (const [ref, fields] of afterKill) {
      // What the killed run created or changed is still there, not replaced by a second copy.
      expect(final.has(ref), `${ref} vanished after the re-run; ${replay}`).toBe(true);
      const start = initial.get(ref);
      if (!start) continue;
      for (const [field, value] of Object.entries(fields)) {
        const allowed = [start[field], final.get(ref)?.[field]];
        expect(allowed, `${ref} ${field} went through a value that is neither the old nor the new one; ${replay}`).toContainEqual(value);
      }
    }
    T('scan.addFiles(where.');
    scan.addFiles(where.dir, (file) => file.endsWith('.yaml'));
  });

  it('killed nearly every run mid-apply and leaked no secret', () => {
    expect(landed).toBeGreaterThanOrEqual(Math.ceil(RUNS * 0.9));
    scan.assertClean();
  });
});
