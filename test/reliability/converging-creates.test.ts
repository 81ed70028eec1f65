/**
 * Campaign: creates converge in one run. Every vendor request (creates
 * included) meets 15% 5xx, 5% connection resets and 10% 429. One apply of a
 * 40-object estate must end with every step done, the live state equal to the
 * config and no object created twice; no second run is allowed.
 */
import { describe, expect, it } from 'vitest';
import type { FaultConfig } from '../../src/emulator/contract.js';
import type { RunningEmulator } from '../../src/emulator/index.js';
import { campaignSize, seeds } from './support/campaign.js';
import { useCampaignEmulator } from './support/campaign-emulator.js';
import { canaryEnv } from './support/canary.js';
import { engineApply, FAST_RETRY, liveView } from './support/engine-run.js';
import { writeEstate } from './support/estate-dir.js';
import { generateEstate } from './support/estate.js';
import { duplicates, liveRecords } from './support/live-state.js';

const RUNS = campaignSize(20, 100);
const SEEDS = seeds(3000, RUNS);
const SHAPE = { portals: 10, inboxes: 14, webchats: 10, channels: 6 };

/**
 * At a 30% fault rate four attempts leave about one request in a hundred
 * failed; ten attempts make a failure rarer than one in a hundred thousand, so
 * a failed step means a request that was not retried, not bad luck.
 */
const RETRY = { ...FAST_RETRY, maxAttempts: 10 };

function faults(seed: number): FaultConfig {
  return { seed, rules: [{ error_rate: 0.15, error_status: [502, 503, 504][seed % 3]!, reset_rate: 0.05, rate_429: 0.1 }] };
}

let emulator: RunningEmulator;
let root: string;
useCampaignEmulator(13, 'deskform-converge-', (e, r) => {
  emulator = e;
  root = r;
});

describe(`creates under faults: ${RUNS} seeded one-run applies of 40 objects`, () => {
  it.each(SEEDS)('seed %i', async (seed) => {
    const replay = `replay with: npx vitest run test/reliability/converging-creates.test.ts -t "seed ${seed}$"`;
    emulator.control.reset();
    const estate = generateEstate(seed, SHAPE);
    const { where, before } = writeEstate(root, seed, estate, canaryEnv(emulator.urls));
    for (const channel of estate.channels) emulator.control.seedHealthingChannel(channel);
    expect(estate.total).toBe(40);
    const http = { retry: RETRY };
    expect((await engineApply({ ...before, http })).error, replay).toBeUndefined();

    emulator.control.resetRequests();
    emulator.control.setFaults(faults(seed));
    const faulty = await engineApply({ ...where, http });
    emulator.control.clearFaults();

    expect(faulty.error, replay).toBeUndefined();
    const failed = (faulty.results ?? []).filter((r) => r.status !== 'ok').map((r) => `${r.kind} "${r.key}": ${r.error}`);
    expect(failed, `a step failed; ${replay}`).toEqual([]);
    expect((await liveView(where)).pending, `live state differs from the config; ${replay}`).toEqual([]);
    const live = liveRecords(emulator);
    expect(duplicates(live), replay).toEqual([]);
    expect([live.portals.length, live.inboxes.length, live.webchats.length], replay).toEqual([SHAPE.portals + 1, SHAPE.inboxes + 1, SHAPE.webchats + 1]);
    // The faults did reach the creates: otherwise this campaign proves nothing about them.
    const faultedCreates = emulator.control.requests().filter((r) => r.method === 'POST' && !r.path.includes('/auth/') && (r.fault === 'error' || r.fault === 'reset'));
    expect(faultedCreates.length, replay).toBeGreaterThan(0);
  });
});
