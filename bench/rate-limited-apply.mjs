/**
 * Benchmark 3: 1,000 creates (20 ms latency) while the emulator admits 50
 * requests/second and answers 429 beyond that, once with Retry-After and once
 * without. Every step must succeed, at no less than 85% of the allowed rate.
 */
import { timedWebchatApply } from './lib/apply-run.mjs';
import { emit, note } from './lib/emit.mjs';
import { round } from './lib/stats.mjs';

const COUNT = 1000;
const LATENCY_MS = 20;
const LIMIT_RPS = 50;
const MIN_SHARE = 0.85;

async function variant(retryAfter) {
  const { summary, applyPhaseMs, run, requests } = await timedWebchatApply({
    count: COUNT,
    prefix: retryAfter ? 'Limited webchat RA' : 'Limited webchat',
    async prepare(emulator) {
      await emulator.setFaults({ seed: 1, rules: [{ latency_ms: LATENCY_MS }] });
      await emulator.setRateLimits({ tether: { requests_per_second: LIMIT_RPS, retry_after: retryAfter } });
    },
  });
  const creates = requests.filter((r) => r.method === 'POST' && r.path.startsWith('/api/webchats'));
  const admitted = creates.filter((r) => r.status !== 429).length;
  const throttled = requests.filter((r) => r.status === 429).length;
  const achieved = admitted / (applyPhaseMs / 1000);
  note(`${retryAfter ? 'with' : 'without'} Retry-After: ${round(achieved, 1)} req/s, ${throttled} 429s, ${summary.failed} failed`);
  return {
    retry_after: retryAfter,
    succeeded: summary.succeeded,
    failed: summary.failed,
    requests: requests.length,
    throttled_429: throttled,
    apply_phase_ms: round(applyPhaseMs, 0),
    cli_wall_ms: round(run.wallMs, 0),
    achieved_rps: round(achieved, 1),
    share_of_limit: round(achieved / LIMIT_RPS),
  };
}

const variants = [await variant(true), await variant(false)];
emit({
  benchmark: 'rate-limited-apply',
  creates: COUNT,
  latency_ms: LATENCY_MS,
  limit_rps: LIMIT_RPS,
  variants,
  targets: {
    zero_failed_steps: variants.every((v) => v.failed === 0 && v.succeeded === COUNT),
    share_of_limit: { min: MIN_SHARE, values: variants.map((v) => v.share_of_limit), met: variants.every((v) => v.share_of_limit >= MIN_SHARE) },
  },
});
