/**
 * Benchmark: many accounts in one config (issue 14). One emulator holds A
 * Chatwoot accounts; the config names one provider instance per account, each
 * with P portals and P inboxes. After one apply, a no-change plan of every
 * account is timed, with the same concurrency limits, against no-change plans
 * of single accounts: each alone in a config of its own (the target's
 * baseline), and each picked from the whole config with `--instance` (which
 * still reads all of it: what the fan-out itself costs). Requests are counted.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expectExit, runCli } from './lib/cli.mjs';
import { emit, note } from './lib/emit.mjs';
import { startEmulatorProcess } from './lib/emulator.mjs';
import { ROOT } from './lib/paths.mjs';
import { median, round } from './lib/stats.mjs';

const ACCOUNTS = Number(process.env.DESKFORM_BENCH_ACCOUNTS ?? 200);
const OBJECTS_PER_ACCOUNT = 50;
const KINDS = 2; // portals and inboxes
const RATIO_MAX = 1.5;
const REPETITIONS = 5;
/** Single accounts timed: spread over the list, so no one account's luck decides. */
const SAMPLED = 5;

const { defaultFixtures } = await import(path.join(ROOT, 'dist/emulator/index.js'));
const name = (i) => `acct_${String(i).padStart(3, '0')}`;

function writeFixtures(dir) {
  const fixtures = defaultFixtures();
  const ids = Array.from({ length: ACCOUNTS }, (_, i) => i + 1);
  fixtures.chatwoot.accounts = ids.map((id) => ({ id, name: `Account ${id}` }));
  fixtures.chatwoot.users[0].memberships = ids.map((account_id) => ({ account_id, role: 'administrator' }));
  const file = path.join(dir, 'fixtures.json');
  writeFileSync(file, JSON.stringify(fixtures));
  return file;
}

/** A config of the given accounts (1-based numbers) into `dir`. */
function writeConfig(dir, accounts) {
  const per = OBJECTS_PER_ACCOUNT / KINDS;
  const lines = ['providers:', '  chatwoot:'];
  for (const a of accounts) lines.push(`    ${name(a)}: { url: "\${env:CHATWOOT_URL}", account_id: ${a}, api_token: "\${env:CHATWOOT_API_TOKEN}" }`);
  lines.push('portals:');
  // Portal slugs are unique across a Chatwoot installation: each account's carry its number.
  for (const a of accounts) for (let i = 1; i <= per; i++) lines.push(`  - { provider: chatwoot.${name(a)}, slug: a${a}-p${i}, name: Portal ${i} }`);
  lines.push('inboxes:');
  for (const a of accounts) for (let i = 1; i <= per; i++) lines.push(`  - { provider: chatwoot.${name(a)}, name: Inbox ${i}, channel: { type: api } }`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'deskform.yaml'), lines.join('\n') + '\n');
}

async function timedPlans(emulator, dir, args = []) {
  const runs = [];
  let requests = 0;
  for (let i = 0; i < REPETITIONS; i++) {
    await emulator.resetRequests();
    const run = expectExit(await runCli(['plan', '.', '--detailed-exitcode', ...args], { cwd: dir, env: emulator.env, usage: true }), [0], `no-change plan ${args.join(' ')}`);
    requests = (await emulator.vendorRequests()).length;
    runs.push(run.wallMs);
  }
  return { ms: median(runs), runs: runs.map((ms) => round(ms, 0)), requests };
}

const dir = mkdtempSync(path.join(tmpdir(), 'deskform-bench-accounts-'));
const emulator = await startEmulatorProcess({ fixtures: writeFixtures(dir) });
try {
  const numbers = Array.from({ length: ACCOUNTS }, (_, i) => i + 1);
  writeConfig(dir, numbers);
  note(`applying ${ACCOUNTS} accounts × ${OBJECTS_PER_ACCOUNT} objects`);
  const applied = expectExit(await runCli(['apply', '.', '--auto-approve', '--quiet'], { cwd: dir, env: emulator.env }), [0], 'apply');
  const all = await timedPlans(emulator, dir);
  const sampled = Array.from({ length: SAMPLED }, (_, k) => 1 + Math.floor((k * ACCOUNTS) / SAMPLED));
  const singles = [];
  const picked = [];
  for (const a of sampled) {
    const own = path.join(dir, `only-${a}`);
    writeConfig(own, [a]);
    singles.push({ instance: name(a), ...(await timedPlans(emulator, own)) });
    picked.push({ instance: name(a), ...(await timedPlans(emulator, dir, ['--instance', name(a)])) });
  }
  const slowest = Math.max(...singles.map((s) => s.ms));
  const slowestPicked = Math.max(...picked.map((s) => s.ms));
  note(`all accounts ${all.runs.join(', ')} ms; slowest single account ${round(slowest, 0)} ms; slowest --instance ${round(slowestPicked, 0)} ms`);
  const allowed = ACCOUNTS * KINDS;
  emit({
    benchmark: 'accounts',
    accounts: ACCOUNTS,
    objects_per_account: OBJECTS_PER_ACCOUNT,
    objects: ACCOUNTS * OBJECTS_PER_ACCOUNT,
    apply_setup_ms: round(applied.wallMs, 0),
    plan_all_ms: round(all.ms, 0),
    plan_all_runs_ms: all.runs,
    requests: all.requests,
    allowed_requests: allowed,
    singles: singles.map((s) => ({ instance: s.instance, ms: round(s.ms, 0), requests: s.requests })),
    slowest_single_ms: round(slowest, 0),
    all_to_slowest_single: round(all.ms / slowest),
    picked: picked.map((s) => ({ instance: s.instance, ms: round(s.ms, 0), requests: s.requests })),
    slowest_picked_ms: round(slowestPicked, 0),
    all_to_slowest_picked: round(all.ms / slowestPicked),
    targets: {
      requests: { value: all.requests, max: allowed, met: all.requests <= allowed },
      all_to_slowest_single: { value: round(all.ms / slowest), max: RATIO_MAX, met: all.ms / slowest <= RATIO_MAX },
    },
  });
} finally {
  await emulator.close();
  rmSync(dir, { recursive: true, force: true });
}
