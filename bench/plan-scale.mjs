/**
 * Benchmark 1: a no-change `deskform plan` at N objects over the four kinds.
 * The emulator runs in its own process; for each N (ascending, each config
 * extending the last) the new channels are seeded, one apply creates or
 * adopts the rest, then the plan is timed against a floor measured now: the
 * same requests replayed raw plus `node -e 0`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expectExit, nodeStartupMs, runCli } from './lib/cli.mjs';
import { KIND_COUNT } from './lib/configs.mjs';
import { emit, note } from './lib/emit.mjs';
import { startEmulatorProcess } from './lib/emulator.mjs';
import { rawFetchMs } from './lib/floor.mjs';
import { applyScaleConfig } from './lib/scale-setup.mjs';
import { linearFit, median, round } from './lib/stats.mjs';

const SIZES = (process.env.DESKFORM_BENCH_SIZES ?? '100,1000,10000').split(',').map(Number);
/** Webchats need Tether's prompts and default pipeline; Healthing needs a login. */
const LOOKUPS = 2;
const LOGINS = 1;
/** Issue 11: within 2× of the floor at every size (1.5 at 10k is the stretch goal, reported beside it). */
const RATIO_MAX = 2.0;
const RATIO_STRETCH = { n: 10_000, max: 1.5 };
const RSS_TARGET = { n: 10_000, maxMiB: 200 };

const repetitions = (n) => (n <= 1_000 ? 9 : 5);
/** Wall time under a busy neighbour is noisy; a fit this poor means the growth is not linear. */
const MIN_R2 = 0.95;

async function measureSize(emulator, dir, n, seededSoFar) {
  const { perKind, applied } = await applyScaleConfig(emulator, dir, n, seededSoFar);
  note(`N=${n}: applied ${perKind} objects per kind`);

  const plans = [];
  let requests = [];
  for (let i = 0; i < repetitions(n); i++) {
    const run = expectExit(await runCli(['plan', '.', '--detailed-exitcode'], { cwd: dir, env: emulator.env, usage: true }), [0], `no-change plan at N=${n}`);
    requests = await emulator.vendorRequests();
    await emulator.resetRequests();
    plans.push({ ms: run.wallMs, cpuMs: run.cpuMs, rss: run.maxRssMiB, requests: requests.length });
  }
  const fetches = [];
  for (let i = 0; i < 3; i++) fetches.push(await rawFetchMs(requests, emulator.env));
  note(`N=${n}: plan ${plans.map((p) => Math.round(p.ms)).join(', ')} ms; raw fetch ${fetches.map(Math.round).join(', ')} ms`);
  return {
    perKind,
    applySetupMs: applied.wallMs,
    planMs: median(plans.map((p) => p.ms)),
    planCpuMs: median(plans.map((p) => p.cpuMs)),
    planRuns: plans.map((p) => round(p.ms, 0)),
    peakRssMiB: Math.max(...plans.map((p) => p.rss ?? Number.NaN)),
    requests: Math.max(...plans.map((p) => p.requests)),
    byEndpoint: requests.map((r) => `${r.vendor} ${r.method} ${r.path.split('?')[0]}`).sort(),
    rawFetchMs: median(fetches),
  };
}

const emulator = await startEmulatorProcess();
const dir = mkdtempSync(path.join(tmpdir(), 'deskform-bench-scale-'));
try {
  const startup = median(await nodeStartupMs(5));
  const sizes = [];
  let seeded = 0;
  for (const n of SIZES) {
    const m = await measureSize(emulator, dir, n, seeded);
    seeded = m.perKind;
    const floorMs = startup + m.rawFetchMs;
    sizes.push({
      n: m.perKind * KIND_COUNT,
      requests: m.requests,
      allowed_requests: KIND_COUNT + LOOKUPS + LOGINS,
      endpoints: m.byEndpoint,
      plan_ms: round(m.planMs, 0),
      plan_cpu_ms: round(m.planCpuMs, 0),
      plan_runs_ms: m.planRuns,
      floor_ms: round(floorMs, 0),
      floor_parts_ms: { node_startup: round(startup, 0), raw_fetch_and_parse: round(m.rawFetchMs, 0) },
      plan_to_floor: round(m.planMs / floorMs),
      peak_rss_mib: round(m.peakRssMiB, 0),
      apply_setup_ms: round(m.applySetupMs, 0),
    });
  }
  const fitOf = (key) => {
    if (sizes.length < 2) return undefined;
    const f = linearFit(sizes.map((s) => ({ x: s.n / 1000, y: s[key] })));
    return { ms_per_1000_objects: round(f.slope, 1), intercept_ms: round(f.intercept, 0), r2: round(f.r2, 4) };
  };
  const fit = fitOf('plan_ms');
  const cpuFit = fitOf('plan_cpu_ms');
  const at = (n) => sizes.find((s) => s.n === n);
  const stretchAt = at(RATIO_STRETCH.n);
  const rssAt = at(RSS_TARGET.n);
  emit({
    benchmark: 'plan-scale',
    sizes,
    fit,
    cpu_fit: cpuFit,
    targets: {
      requests_within_allowance: sizes.every((s) => s.requests <= s.allowed_requests),
      plan_to_floor: sizes.map((s) => ({ n: s.n, value: s.plan_to_floor, max: RATIO_MAX, met: s.plan_to_floor <= RATIO_MAX })),
      plan_to_floor_stretch_at_10000: stretchAt ? { value: stretchAt.plan_to_floor, max: RATIO_STRETCH.max, met: stretchAt.plan_to_floor <= RATIO_STRETCH.max } : 'not measured',
      peak_rss_mib_at_10000: rssAt ? { value: rssAt.peak_rss_mib, max: RSS_TARGET.maxMiB, met: rssAt.peak_rss_mib <= RSS_TARGET.maxMiB } : 'not measured',
      linear: fit ? { r2: fit.r2, min_r2: MIN_R2, met: fit.r2 >= MIN_R2 } : 'needs two sizes',
    },
  });
} finally {
  await emulator.close();
  rmSync(dir, { recursive: true, force: true });
}
