/**
 * Benchmark 2: 1,000 creates with 20 ms of emulator latency per request, at
 * the default concurrency, against the ideal N·latency/concurrency.
 */
import { DEFAULT_CONCURRENCY, timedWebchatApply } from './lib/apply-run.mjs';
import { emit } from './lib/emit.mjs';
import { round } from './lib/stats.mjs';

const COUNT = 1000;
const LATENCY_MS = 20;
const TARGET = 1.2;

const { run, summary, applyPhaseMs, startupAndPlanMs, requests } = await timedWebchatApply({
  count: COUNT,
  prefix: 'Throughput webchat',
  prepare: (emulator) => emulator.setFaults({ seed: 1, rules: [{ latency_ms: LATENCY_MS }] }),
});
const idealMs = (COUNT * LATENCY_MS) / DEFAULT_CONCURRENCY;
const ratio = applyPhaseMs / idealMs;
// What the emulator itself took per create (its 20 ms sleep fires late on a busy machine), for telling server time from client time.
const serverMs = requests.filter((r) => r.method === 'POST').reduce((sum, r) => sum + r.duration_ms, 0);
const serverIdealMs = serverMs / DEFAULT_CONCURRENCY;
emit({
  benchmark: 'apply-throughput',
  creates: COUNT,
  latency_ms: LATENCY_MS,
  concurrency: DEFAULT_CONCURRENCY,
  succeeded: summary.succeeded,
  failed: summary.failed,
  requests: requests.length,
  ideal_ms: idealMs,
  apply_phase_ms: round(applyPhaseMs, 0),
  startup_and_plan_ms: round(startupAndPlanMs, 0),
  cli_wall_ms: round(run.wallMs, 0),
  apply_to_ideal: round(ratio),
  server_time_ideal_ms: round(serverIdealMs, 0),
  apply_to_server_time_ideal: round(applyPhaseMs / serverIdealMs),
  targets: { apply_to_ideal: { value: round(ratio), max: TARGET, met: ratio <= TARGET && summary.failed === 0 } },
});
