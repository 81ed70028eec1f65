/** Runs the CLI in-process with a captured Io, as a user would run `deskform …`. */
import { runCli } from '../../src/cli/run.js';
import type { Io } from '../../src/cli/io.js';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

export interface CliEnv {
  env: Record<string, string | undefined>;
  cwd: string;
  isTTY?: boolean;
  answer?: string;
}

export async function deskform(args: string[], where: CliEnv): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const io: Io = {
    out: (t) => void (stdout += t),
    err: (t) => void (stderr += t),
    isTTY: where.isTTY ?? false,
    color: false,
    env: where.env,
    cwd: where.cwd,
    confirm: async () => (where.answer ?? '') === 'yes',
  };
  const code = await runCli(args, io);
  return { code, stdout, stderr };
}
