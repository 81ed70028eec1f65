/** bench/RESULTS.md: the machine, a table of every target, and each benchmark's figures. */
import { cpus } from 'node:os';

const yes = (met) => (met ? 'met' : '**not met**');

/** One row per target: [benchmark, target, measured, verdict]. */
const TARGET_ROWS = {
  'plan-scale': (r) => {
    const rows = r.sizes.map((s) => ['no-change plan', `requests ≤ ${s.allowed_requests} at N=${s.n}`, String(s.requests), yes(s.requests <= s.allowed_requests)]);
    for (const ratio of r.targets.plan_to_floor) rows.push(['no-change plan', `plan/floor ≤ ${ratio.max} at N=${ratio.n.toLocaleString('en')}`, String(ratio.value), yes(ratio.met)]);
    const stretch = r.targets.plan_to_floor_stretch_at_10000;
    if (typeof stretch === 'object') rows.push(['no-change plan', `stretch: plan/floor ≤ ${stretch.max} at N=10,000`, String(stretch.value), yes(stretch.met)]);
    const rss = r.targets.peak_rss_mib_at_10000;
    if (typeof rss === 'object') rows.push(['no-change plan', `peak RSS ≤ ${rss.max} MiB at N=10,000`, `${rss.value} MiB`, yes(rss.met)]);
    if (r.fit) rows.push(['no-change plan', `wall time linear in N (R² ≥ ${r.targets.linear.min_r2})`, `${r.fit.ms_per_1000_objects} ms per 1,000 objects, R² ${r.fit.r2} (CPU time: ${r.cpu_fit.ms_per_1000_objects} ms per 1,000, R² ${r.cpu_fit.r2})`, yes(r.targets.linear.met)]);
    return rows;
  },
  'apply-throughput': (r) => [['apply throughput', `≤ ${r.targets.apply_to_ideal.max} × ideal (${r.ideal_ms} ms)`, `${r.apply_phase_ms} ms = ${r.apply_to_ideal} ×`, yes(r.targets.apply_to_ideal.met)]],
  'rate-limited-apply': (r) => [
    ['rate-limited apply', 'zero failed steps', r.variants.map((v) => `${v.failed} (${v.retry_after ? 'with' : 'without'} Retry-After)`).join(', '), yes(r.targets.zero_failed_steps)],
    ['rate-limited apply', `≥ ${r.targets.share_of_limit.min * 100}% of ${r.limit_rps} req/s`, r.variants.map((v) => `${v.achieved_rps} req/s (${v.retry_after ? 'with' : 'without'})`).join(', '), yes(r.targets.share_of_limit.met)],
  ],
  'cli-startup': (r) => [
    ['CLI start-up', `--version ≤ ${r.targets.version.max} × node -e 0`, `${r.version_ms} ms = ${r.version_to_node} ×`, yes(r.targets.version.met)],
    ['CLI start-up', `validate (${r.validate_objects} objects) ≤ ${r.targets.validate.max} × node -e 0`, `${r.validate_ms} ms = ${r.validate_to_node} ×`, yes(r.targets.validate.met)],
  ],
  accounts: (r) => [
    ['many accounts', `no-change plan requests = accounts × kinds (${r.targets.requests.max})`, String(r.requests), yes(r.targets.requests.met)],
    ['many accounts', `plan of ${r.accounts} accounts ≤ ${r.targets.all_to_slowest_single.max} × slowest single account`, `${r.plan_all_ms} ms = ${r.all_to_slowest_single} × ${r.slowest_single_ms} ms`, yes(r.targets.all_to_slowest_single.met)],
  ],
  'terraform-refresh': (r) => (r.skipped ? [['terraform refresh', 'runs', `skipped: ${r.skipped}`, 'not measured']] : r.sizes.map((s) => ['terraform refresh', `terraform plan, ${s.resources} resources`, `${s.plan_ms} ms, ${s.requests} requests`, 'reported'])),
};

const DETAILS = {
  'plan-scale': (r) => [
    '| N | requests | plan wall (median) | plan CPU (median) | floor (node -e 0 + raw fetch) | plan/floor | peak RSS | one-off apply (setup) |',
    '| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...r.sizes.map((s) => `| ${s.n.toLocaleString('en')} | ${s.requests} | ${s.plan_ms} ms | ${s.plan_cpu_ms} ms | ${s.floor_ms} ms (${s.floor_parts_ms.node_startup} + ${s.floor_parts_ms.raw_fetch_and_parse}) | ${s.plan_to_floor} | ${s.peak_rss_mib} MiB | ${s.apply_setup_ms} ms |`),
    '',
    r.fit ? `Fitted wall time: ${r.fit.ms_per_1000_objects} ms per 1,000 objects (intercept ${r.fit.intercept_ms} ms), R² ${r.fit.r2}; CPU time: ${r.cpu_fit.ms_per_1000_objects} ms per 1,000 (intercept ${r.cpu_fit.intercept_ms} ms), R² ${r.cpu_fit.r2}.` : '',
    `Allowed requests: 4 lists (one per kind) + 2 look-ups (Tether prompts, default pipeline) + 1 Healthing login. Those of one no-change plan: ${r.sizes[0]?.endpoints.join('; ')}.`,
  ],
  'apply-throughput': (r) => [
    `${r.creates} creates, ${r.latency_ms} ms latency, concurrency ${r.concurrency}: apply phase ${r.apply_phase_ms} ms against ideal ${r.ideal_ms} ms (${r.apply_to_ideal} ×); start-up and plan before it ${r.startup_and_plan_ms} ms; whole CLI run ${r.cli_wall_ms} ms; ${r.failed} failed.`,
    `The emulator's own time per create (its latency sleep fires late on a busy machine) summed over the concurrency gives ${r.server_time_ideal_ms} ms: the apply phase is ${r.apply_to_server_time_ideal} × that, the rest being client and loopback time.`,
  ],
  'rate-limited-apply': (r) => [
    '| Retry-After | succeeded | failed | 429s | requests | apply phase | achieved | share of limit |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...r.variants.map((v) => `| ${v.retry_after ? 'yes' : 'no'} | ${v.succeeded} | ${v.failed} | ${v.throttled_429} | ${v.requests} | ${v.apply_phase_ms} ms | ${v.achieved_rps} req/s | ${v.share_of_limit} |`),
  ],
  'cli-startup': (r) => [`Medians of ${r.repetitions} interleaved runs: node -e 0 ${r.node_e0_ms} ms, --version ${r.version_ms} ms, validate ${r.validate_ms} ms.`],
  accounts: (r) => [
    `${r.accounts} Chatwoot accounts of one emulator, ${r.objects_per_account} objects each (${r.objects.toLocaleString('en')} in all), default concurrency limits; one apply set them up in ${r.apply_setup_ms} ms.`,
    `No-change plan of every account (median of ${r.plan_all_runs_ms.length}): ${r.plan_all_ms} ms (${r.plan_all_runs_ms.join(', ')}), ${r.requests} requests. Single accounts, each alone in a config of its own: ${r.singles.map((s) => `${s.instance} ${s.ms} ms (${s.requests} requests)`).join(', ')}.`,
    `The same accounts picked with \`--instance\` from the whole config (which still reads and validates all ${r.objects.toLocaleString('en')} objects): ${r.picked.map((s) => `${s.instance} ${s.ms} ms`).join(', ')}; every account takes ${r.all_to_slowest_picked} × the slowest of these: what planning the accounts side by side adds to reading one config that holds them all.`,
  ],
  'terraform-refresh': (r) =>
    r.skipped
      ? [`Skipped: ${r.skipped}`]
      : [
          `Provider handshake (launch to handshake line, median of ${r.handshake_runs_ms.length}): ${r.handshake_ms} ms.`,
          '',
          '| resources | terraform plan | requests | requests by endpoint |',
          '| ---: | ---: | ---: | --- |',
          ...r.sizes.map((s) => `| ${s.resources} | ${s.plan_ms} ms | ${s.requests} | ${s.endpoints.join('; ')} |`),
        ],
};

export function renderResults(results, totalSeconds) {
  const cpu = cpus();
  const lines = [
    '# deskform benchmark results',
    '',
    'Rewritten by `npm run bench` on every run (see bench/*.mjs). Times are wall-clock on loopback against the',
    'emulator in its own process; every timing that has a floor is also given as a ratio to it, measured in the same run.',
    '',
    `- Run: ${new Date().toISOString()}, ${Math.round(totalSeconds)} s in all`,
    `- Machine: ${cpu.length} cores (${cpu[0]?.model.trim() ?? 'unknown CPU'}), Node ${process.version}, ${process.platform}/${process.arch}`,
    '',
    '## Targets',
    '',
    '| benchmark | target | measured | verdict |',
    '| --- | --- | --- | --- |',
  ];
  for (const r of results) {
    if (r.error) lines.push(`| ${r.benchmark} | runs | failed: ${r.error.replace(/\|/g, '\\|').replace(/\n/g, ' ')} | **failed** |`);
    else for (const row of TARGET_ROWS[r.benchmark]?.(r) ?? []) lines.push(`| ${row.join(' | ')} |`);
  }
  for (const r of results) {
    lines.push('', `## ${r.benchmark} (${r.duration_s} s)`, '');
    if (!r.error) lines.push(...(DETAILS[r.benchmark]?.(r) ?? []), '');
    lines.push('```json', JSON.stringify(r), '```');
  }
  return lines.join('\n') + '\n';
}
