/**
 * `npm run bench`: runs every benchmark in its own process, prints each one's
 * JSON line, and rewrites bench/RESULTS.md. Set DESKFORM_BENCH_ONLY=a,b to run
 * some of them (the file is then still rewritten, with only those).
 */
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { ROOT } from './lib/paths.mjs';
import { renderResults } from './lib/report.mjs';

const ALL = ['cli-startup', 'apply-throughput', 'rate-limited-apply', 'plan-scale', 'accounts', 'terraform-refresh'];
const only = process.env.DESKFORM_BENCH_ONLY?.split(',').map((s) => s.trim()).filter(Boolean);
const selected = only ? ALL.filter((name) => only.includes(name)) : ALL;

function runBenchmark(name) {
  return new Promise((resolve) => {
    const started = performance.now();
    const child = spawn(process.execPath, [path.join(ROOT, 'bench', `${name}.mjs`)], { stdio: ['ignore', 'pipe', 'inherit'], env: process.env });
    let stdout = '';
    child.stdout.setEncoding('utf8').on('data', (chunk) => (stdout += chunk));
    child.on('close', (code) => {
      const seconds = (performance.now() - started) / 1000;
      const line = stdout.trim().split('\n').filter((l) => l.startsWith('{')).pop();
      let result;
      try {
        result = line ? JSON.parse(line) : undefined;
      } catch {
        result = undefined;
      }
      if (code !== 0 || !result) result = { benchmark: name, error: `exited ${code}; output: ${stdout.trim().slice(-500) || '(none)'}` };
      resolve({ ...result, duration_s: Math.round(seconds * 10) / 10 });
    });
  });
}

const started = performance.now();
const results = [];
for (const name of selected) {
  process.stderr.write(`bench: ${name}\n`);
  const result = await runBenchmark(name);
  process.stdout.write(JSON.stringify(result) + '\n');
  results.push(result);
}
const totalSeconds = (performance.now() - started) / 1000;
const file = path.join(ROOT, 'bench', 'RESULTS.md');
writeFileSync(file, renderResults(results, totalSeconds));
process.stderr.write(`bench: ${results.length} benchmarks in ${Math.round(totalSeconds)} s; wrote ${path.relative(process.cwd(), file)}\n`);
process.exitCode = results.some((r) => r.error) ? 1 : 0;
