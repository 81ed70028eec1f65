/** Runs the built CLI (or plain node) as a child process and measures it. */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { CLI, USAGE_PRELOAD } from './paths.mjs';

/**
 * Spawns `node [nodeArgs] <script> args`; resolves with the exit code, output,
 * wall time (spawn to exit) and, with `usage`, the child's peak RSS in MiB and
 * its CPU time (user + system, less disturbed than wall time by a busy machine).
 * `onLine(line, ms)` sees each stdout line as it arrives, timed from spawn.
 */
export function runNode(scriptArgs, { cwd, env = {}, usage = false, onLine, timeoutMs = 300_000 } = {}) {
  const dir = usage ? mkdtempSync(path.join(tmpdir(), 'deskform-bench-usage-')) : undefined;
  const usageFile = dir && path.join(dir, 'usage.json');
  const nodeArgs = usage ? ['--import', USAGE_PRELOAD] : [];
  const childEnv = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env };
  if (usageFile) childEnv.DESKFORM_BENCH_USAGE_FILE = usageFile;
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, [...nodeArgs, ...scriptArgs], { cwd, env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let pending = '';
    child.stdout.setEncoding('utf8').on('data', (chunk) => {
      stdout += chunk;
      if (!onLine) return;
      pending += chunk;
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      const at = performance.now() - started;
      for (const line of lines) onLine(line, at);
    });
    child.stderr.setEncoding('utf8').on('data', (chunk) => (stderr += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const wallMs = performance.now() - started;
      let usage;
      if (usageFile) {
        try {
          usage = JSON.parse(readFileSync(usageFile, 'utf8'));
        } catch {
          usage = undefined;
        }
        rmSync(dir, { recursive: true, force: true });
      }
      resolve({ code: code ?? (signal ? 128 : 1), signal, stdout, stderr, wallMs, maxRssMiB: usage && usage.maxRssKiB / 1024, cpuMs: usage?.cpuMs });
    });
  });
}

/** `deskform …` with the built CLI. */
export function runCli(args, options) {
  return runNode([CLI, ...args], options);
}

/** Fails loudly with the child's output when it did not exit as expected. */
export function expectExit(run, codes, what) {
  if (!codes.includes(run.code)) {
    throw new Error(`${what} exited ${run.code}${run.signal ? ` (${run.signal})` : ''}\n--- stdout (tail)\n${run.stdout.slice(-2000)}\n--- stderr\n${run.stderr.slice(-4000)}`);
  }
  return run;
}

/** Wall time of `node -e 0`: the floor every CLI start-up is compared to. */
export async function nodeStartupMs(repetitions) {
  const times = [];
  for (let i = 0; i < repetitions; i++) times.push((await runNode(['-e', '0'])).wallMs);
  return times;
}
