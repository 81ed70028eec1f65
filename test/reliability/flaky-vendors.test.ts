/**
 * Campaign 1, flaky vendors: seeded runs of a 60-object apply while every
 * vendor answers 5xx, 429 (with and without Retry-After), resets connections
 * and commits creates whose answers are then lost. After each run, plus at
 * most one fault-free re-run when steps failed, the live state equals the
 * config exactly, no object exists twice, and undeclared objects are untouched.
 */
import { describe, expect, it } from 'vitest';
import type { FaultConfig, FaultRule } from '../../src/emulator/contract.js';
import type { RunningEmulator } from '../../src/emulator/index.js';
import { campaignSize, seeds } from './support/campaign.js';
import { useCampaignEmulator } from './support/campaign-emulator.js';
import { CanaryScan, canaryEnv } from './support/canary.js';
import { engineApply, liveView } from './support/engine-run.js';
import { writeEstate } from './support/estate-dir.js';
import { generateEstate, UNDECLARED } from './support/estate.js';
import { duplicates, liveRecords, pickUndeclared } from './support/live-state.js';

const RUNS = campaignSize(50, 300);
const SEEDS = seeds(1000, RUNS);

/** 10% 5xx, 5% 429 (half with Retry-After), 2% resets everywhere; creates also 1% commit-then-reset. */
function flakyFaults(seed: number): FaultConfig {
  const base: FaultRule = {
    error_rate: 0.1,
    error_status: [502, 503, 504][seed % 3]!,
    rate_429: 0.025,
    rate_429_retry_after: 0.025,
    retry_after_s: seed % 2,
    reset_rate: 0.02,
  };
  const creates: FaultRule[] = [
    { vendor: 'chatwoot', method: 'POST', path: '/portals' },
    { vendor: 'chatwoot', method: 'POST', path: '/inboxes' },
    { vendor: 'tether', method: 'POST', path: '/api/webchats' },
  ];
  return { seed, rules: [...creates.map((c) => ({ ...c, ...base, commit_then_reset_rate: 0.01 })), base] };
}

let emulator: RunningEmulator;
let root: string;
const scan = new CanaryScan();
const seen = { error: 0, '429': 0, reset: 0, commit_then_reset: 0 };

useCampaignEmulator(11, 'deskform-flaky-', (e, r) => {
  emulator = e;
  root = r;
});

describe(`flaky vendors: ${RUNS} seeded runs of a 60-object apply`, () => {
  it.each(SEEDS)('seed %i', async (seed) => {
    const replay = `replay with: npx vitest run test/reliability/flaky-vendors.test.ts -t "seed ${seed}$"`;
    emulator.control.reset();
    const estate = generateEstate(seed);
    const { where, before } = writeEstate(root, seed, estate, canaryEnv(emulator.urls));
    for (const channel of estate.channels) emulator.control.seedHealthingChannel(channel);
    expect(estate.total).toBe(60);

    const setup = await engineApply(before);
    expect(setup.error, replay).toBeUndefined();
    expect(setup.results?.every((r) => r.status === 'ok'), replay).toBe(true);
    const untouched = pickUndeclared(liveRecords(emulator), UNDECLARED);

    emulator.control.resetRequests();
    emulator.control.setFaults(flakyFaults(seed));
    const faulty = await engineApply(where);
    emulator.control.clearFaults();
    for (const { fault } of emulator.control.requests()) if (fault && fault in seen) seen[fault as keyof typeof seen]++;
    scan.add(`seed ${seed} events`, JSON.stringify(faulty.events));
    scan.add(`seed ${seed} results`, JSON.stringify(faulty.results ?? faulty.error));

    // A step reported done is done: a fault-free plan has nothing left for it.
    const left = new Set((await liveView(where)).pending.map((s) => s.split(':')[0]));
    for (const r of faulty.results ?? []) {
      if (r.status === 'ok') expect(left.has(`${r.action} ${r.kind} "${r.key}"`), `${r.kind} "${r.key}" reported ok but is not applied; ${replay}`).toBe(false);
    }

    const failed = faulty.error !== undefined || (faulty.results ?? []).some((r) => r.status !== 'ok');
    if (failed) {
      const rerun = await engineApply(where);
      expect(rerun.error, replay).toBeUndefined();
      expect(rerun.results?.filter((r) => r.status !== 'ok'), replay).toEqual([]);
      scan.add(`seed ${seed} re-run`, JSON.stringify(rerun));
    }

    expect((await liveView(where)).pending, `live state differs from the config; ${replay}`).toEqual([]);
    const live = liveRecords(emulator);
    expect(duplicates(live), replay).toEqual([]);
    expect(pickUndeclared(live, UNDECLARED), `undeclared objects changed; ${replay}`).toEqual(untouched);
    expect(emulator.control.requests().filter((r) => r.method === 'DELETE'), replay).toEqual([]);
    // Each kind holds its declared objects plus the one undeclared object seeded before the run.
    expect([live.portals.length, live.inboxes.length, live.webchats.length], replay).toEqual([12 + 1, 20 + 1, 16 + 1]);
    // business_hours cannot be read back through the API: check what the vendor stored.
    for (const [name, week] of estate.businessHours) {
      expect(live.channels.find((c) => c.name === name)?.business_hours, `channel "${name}"; ${replay}`).toEqual(week);
    }
    scan.addFiles(where.dir, (file) => file.endsWith('.yaml'));
  });

  it('exercised every fault kind and leaked no secret', () => {
    expect(seen.error).toBeGreaterThan(RUNS * 5);
    expect(seen['429']).toBeGreaterThan(RUNS * 2);
    expect(seen.reset).toBeGreaterThan(RUNS);
    expect(seen.commit_then_reset).toBeGreaterThan(RUNS / 10);
    expect(scan.size).toBeGreaterThan(RUNS * 3);
    scan.assertClean();
  });
});
