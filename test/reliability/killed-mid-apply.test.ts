/**
 * Campaign 2, killed mid-apply: the built CLI is SIGKILLed at a random moment
 * of an apply (vendor latency keeps applies long enough to land inside), then
 * run again. The ledger is never torn, every re-run converges, no object is
 * created twice, and nothing the killed run applied is changed again to
 * something else.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { deskform } from '../support/cli.js';
import { assertBuilt, spawnCli } from '../support/built-cli.js';
import { campaignSize, intBetween, seededRandom, seeds } from './support/campaign.js';
import { CanaryScan, canaryEnv, canaryFixtures } from './support/canary.js';
import { engineApply, liveView } from './support/engine-run.js';
import { writeEstate } from './support/estate-dir.js';
import { generateEstate, PROVIDERS_YAML, UNDECLARED, type EstateShape } from './support/estate.js';
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
const objectCount = (live: LiveRecords) => live.portals.length + live.inboxes.length + live.webchats.length;

function committedCreates(): number {
  return emulator.control.requests().filter((r) => r.method === 'POST' && r.status >= 200 && r.status < 300 && CREATES.some((c) => c.test(r.path))).length;
}

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
    emulator.control.reset();
    const estate = generateEstate(seed, SHAPE);
    for (const channel of estate.channels) emulator.control.seedHealthingChannel(channel);
    const env = canaryEnv(emulator.urls);
    const { where, before } = writeEstate(root, seed, estate, env);
    expect((await engineApply(before)).results?.every((r) => r.status === 'ok'), replay).toBe(true);
    const initial = await liveView(where);
    const initialFields = withHours(initial.fields);
    const untouched = pickUndeclared(liveRecords(emulator), UNDECLARED);
    const objectsBefore = objectCount(liveRecords(emulator));

    // The kill lands after a random number of completed writes, a random time into the next ones.
    const latency = intBetween(random, 15, 40);
    emulator.control.resetRequests();
    emulator.control.setFaults({ seed, rules: [{ latency_ms: latency }] });
    const killAfterWrites = intBetween(random, 0, Math.floor(initial.pending.length * 0.8));
    const extraDelay = intBetween(random, 0, latency);
    const args = ['apply', 'deskform.yaml', '--auto-approve', '--state', '.deskform/state.json', '--concurrency', String(intBetween(random, 2, 6))];
    const first = spawnCli(args, { env, cwd: where.dir });
    let exited = false;
    void first.finished.then(() => (exited = true));
    while (!exited && emulator.control.requests().filter(isWrite).length <= killAfterWrites) await sleep(2);
    await sleep(extraDelay);
    if (!exited && first.child.kill('SIGKILL')) landed++;
    const killed = await first.finished;
    // Requests the killed process had already sent still land (the vendor does not know the client died):
    // let them, as any real re-run comes later than that. No client can stop a create landing after it looked.
    await sleep(latency * 2);
    emulator.control.clearFaults();
    scan.add(`seed ${seed} killed run`, killed.stdout + killed.stderr);
    expect(killed.stderr, replay).not.toContain('Internal error');
    checkLedger(where.stateFile, replay);
    const afterKill = withHours((await liveView(where)).fields);

    // The re-run is the same CLI run in-process: it starts from whatever the killed process left behind.
    const rerun = await deskform(args, { env, cwd: where.dir });
    scan.add(`seed ${seed} re-run`, rerun.stdout + rerun.stderr);
    // The killed run may have held the state lock: the re-run takes it over, and says only that.
    expect(rerun.stderr.replace(/^Taking over the lock of pid \d+ on .* \(deskform apply\): that process no longer exists\.\n/, ''), replay).toBe('');
    expect(rerun.code, `${rerun.stdout}\n${replay}`).toBe(0);
    checkLedger(where.stateFile, replay);

    const end = await liveView(where);
    expect(end.pending, `the re-run did not converge; ${replay}`).toEqual([]);
    const live = liveRecords(emulator);
    expect(duplicates(live), replay).toEqual([]);
    expect(pickUndeclared(live, UNDECLARED), replay).toEqual(untouched);
    // Every create the vendor committed made exactly one object: none was applied twice.
    expect(objectCount(live) - objectsBefore, replay).toBe(committedCreates());
    const final = withHours(end.fields);
    for (const [ref, fields] of afterKill) {
      // What the killed run created or changed is still there, not replaced by a second copy.
      expect(final.has(ref), `${ref} vanished after the re-run; ${replay}`).toBe(true);
      const start = initialFields.get(ref);
      if (!start) continue;
      for (const [field, value] of Object.entries(fields)) {
        expect([start[field], final.get(ref)?.[field]], `${ref} ${field} passed through a value that is neither the old nor the new one; ${replay}`).toContainEqual(value);
      }
    }
    scan.addFiles(where.dir, (file) => file.endsWith('.yaml'));
  });

  it('a temp file left by a process killed mid-write is removed by the next run', async () => {
    emulator.control.reset();
    const exited = spawnCli(['--version'], { env: { PATH: process.env.PATH ?? '' }, cwd: root });
    const deadPid = exited.child.pid!;
    await exited.finished;
    const dir = mkdtempSync(path.join(root, 'litter-'));
    mkdirSync(path.join(dir, '.deskform'));
    const torn = path.join(dir, '.deskform', `state.json.${deadPid}.0.tmp`);
    writeFileSync(torn, '{"format_version": 1, "sco');
    writeFileSync(path.join(dir, 'deskform.yaml'), `${PROVIDERS_YAML}channels:\n  - { name: WhatsApp main, business_hours: { monday: { enabled: true, start: "08:00", end: "12:00" } } }\n`);
    const run = await deskform(['apply', 'deskform.yaml', '--auto-approve', '--state', '.deskform/state.json'], { env: canaryEnv(emulator.urls), cwd: dir });
    expect(run.code, run.stderr).toBe(0);
    expect(readdirSync(path.join(dir, '.deskform'))).toEqual(['state.json']);
  });

  it('killed nearly every run mid-apply and leaked no secret', () => {
    expect(landed).toBeGreaterThanOrEqual(Math.ceil(RUNS * 0.8));
    scan.assertClean();
  });
});
