/**
 * The built CLI (dist/cli/main.js) as a child process. Always spawned
 * asynchronously: the emulator runs in the test process and must keep
 * serving while the child runs.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

export const BUILT_CLI = path.resolve(import.meta.dirname, '../../dist/cli/main.js');

export interface Finished {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface RunningCli {
  child: ChildProcess;
  finished: Promise<Finished>;
}

export function assertBuilt(): void {
  if (!existsSync(BUILT_CLI)) throw new Error(`${BUILT_CLI} is missing: run \`npm run build\` first (npm test does)`);
}

/** `node` are options for node itself, such as a heap limit. */
export function spawnCli(args: string[], where: { env: Record<string, string>; cwd: string; node?: string[] }): RunningCli {
  const child = spawn(process.execPath, [...(where.node ?? []), BUILT_CLI, ...args], { env: where.env, cwd: where.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const finished = new Promise<Finished>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
  return { child, finished };
}
