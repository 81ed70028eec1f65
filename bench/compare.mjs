/**
 * `npm run bench:compare -- <git rev>`: the working tree's CLI against the CLI
 * built from another commit, on the same no-change plans, runs interleaved
 * (A B B A …) so that both see the same machine. On a shared machine whose
 * speed drifts by a third between runs, figures from two `npm run bench`
 * runs cannot tell a 5% change from noise; this can. Prints one JSON line;
 * RESULTS.md is left alone (it records the targets, this a change).
 *
 * DESKFORM_COMPARE_SIZES (default 100,10000), DESKFORM_COMPARE_RUNS (default 12 per build and size).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expectExit, runNode } from './lib/cli.mjs';
import { emit, note } from './lib/emit.mjs';
import { startEmulatorProcess } from './lib/emulator.mjs';
import { CLI, ROOT } from './lib/paths.mjs';
import { applyScaleConfig } from './lib/scale-setup.mjs';
import { median, round } from './lib/stats.mjs';

const rev = process.argv[2];
if (!rev) {
  process.stderr.write('usage: npm run bench:compare -- <git rev to compare the working tree with>\n');
  process.exit(2);
}
const SIZES = (process.env.DESKFORM_COMPARE_SIZES ?? '100,10000').split(',').map(Number);
const RUNS = Number(process.env.DESKFORM_COMPARE_RUNS ?? 12);

const git = (...args) => execFileSync('git', args, { cwd: ROOT, encoding: 'utf8' }).trim();
const commit = git('rev-parse', '--verify', `${rev}^{commit}`);

/** The other commit, built in a worktree of its own (`dir`) that shares this checkout's node_modules. */
function buildBaseline(dir) {
  git('worktree', 'add', '--detach', dir, commit);
  symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'));
  note(`building ${commit.slice(0, 12)} in ${dir}`);
  execFileSync('npm', ['run', 'build'], { cwd: dir, stdio: ['ignore', 'ignore', 'inherit'] });
}

/** Runs `plan` with each CLI in turn, the order flipped every round, and keeps each one's wall time, CPU time and peak RSS. */
async function compareAt(emulator, dir, clis) {
  const runs = Object.fromEntries(Object.keys(clis).map((name) => [name, []]));
  const names = Object.keys(clis);
  for (let pass = 0; pass < RUNS; pass++) {
    for (const name of pass % 2 === 0 ? names : [...names].reverse()) {
      const run = expectExit(await runNode([clis[name], 'plan', '.', '--detailed-exitcode'], { cwd: dir, env: emulator.env, usage: true }), [0], `${name} plan`);
      runs[name].push(run);
      await emulator.resetRequests();
    }
  }
  const summary = (list) => ({
    wall_ms: round(median(list.map((r) => r.wallMs)), 0),
    cpu_ms: round(median(list.map((r) => r.cpuMs)), 0),
    peak_rss_mib: round(Math.max(...list.map((r) => r.maxRssMiB)), 0),
  });
  return Object.fromEntries(names.map((name) => [name, summary(runs[name])]));
}

const baseline = path.join(mkdtempSync(path.join(tmpdir(), 'deskform-compare-')), 'worktree');
const dir = mkdtempSync(path.join(tmpdir(), 'deskform-compare-plan-'));
let emulator;
try {
  buildBaseline(baseline);
  emulator = await startEmulatorProcess();
  const sizes = [];
  let seeded = 0;
  for (const n of SIZES) {
    seeded = (await applyScaleConfig(emulator, dir, n, seeded)).perKind;
    const measured = await compareAt(emulator, dir, { base: path.join(baseline, 'dist/cli/main.js'), current: CLI });
    const { base, current } = measured;
    note(`N=${n}: wall ${base.wall_ms} → ${current.wall_ms} ms, CPU ${base.cpu_ms} → ${current.cpu_ms} ms, peak RSS ${base.peak_rss_mib} → ${current.peak_rss_mib} MiB`);
    sizes.push({
      n,
      base,
      current,
      wall_ratio: round(current.wall_ms / base.wall_ms, 3),
      cpu_ratio: round(current.cpu_ms / base.cpu_ms, 3),
    });
  }
  emit({ benchmark: 'compare', base: commit, runs_per_build: RUNS, sizes });
} finally {
  await emulator?.close();
  rmSync(dir, { recursive: true, force: true });
  try {
    git('worktree', 'remove', '--force', baseline);
  } catch {
    // The worktree was never added: nothing to remove.
  }
  rmSync(path.dirname(baseline), { recursive: true, force: true });
}
