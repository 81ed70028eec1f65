/**
 * One `deskform apply --json` of N webchat creates against a fresh emulator
 * process, timed from the plan event to the summary event (the apply phase)
 * as the lines arrive.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expectExit, runCli } from './cli.mjs';
import { writeWebchatConfig } from './configs.mjs';
import { startEmulatorProcess } from './emulator.mjs';

export const DEFAULT_CONCURRENCY = 8;

/** `prepare(emulator)` sets faults and rate limits before the apply. */
export async function timedWebchatApply({ count, prefix, prepare }) {
  const emulator = await startEmulatorProcess();
  const dir = mkdtempSync(path.join(tmpdir(), 'deskform-bench-apply-'));
  try {
    writeWebchatConfig(dir, count, prefix);
    await prepare(emulator);
    await emulator.resetRequests();
    const marks = {};
    let summary;
    const run = await runCli(['apply', '.', '--auto-approve', '--json'], {
      cwd: dir,
      env: emulator.env,
      onLine(line, at) {
        if (!line.startsWith('{')) return;
        const event = JSON.parse(line);
        if (event.type === 'plan') marks.plan = at;
        if (event.type === 'summary') {
          marks.summary = at;
          summary = event;
        }
      },
    });
    expectExit(run, [0, 1], 'apply');
    if (!summary || marks.plan === undefined) throw new Error(`apply printed no plan or summary event:\n${run.stderr}`);
    const requests = await emulator.vendorRequests();
    return { run, summary, applyPhaseMs: marks.summary - marks.plan, startupAndPlanMs: marks.plan, requests };
  } finally {
    await emulator.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
