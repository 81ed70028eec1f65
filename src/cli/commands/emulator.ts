import type { Io } from '../io.js';
import { EXIT_OK } from '../exit-codes.js';

export interface EmulatorFlags {
  port: number;
  host: string;
  fixtures?: string;
  data?: string;
}

export async function emulator(flags: EmulatorFlags, io: Io): Promise<number> {
  const { runEmulatorCli } = await import('../../emulator/cli.js');
  await runEmulatorCli({ port: flags.port, host: flags.host, fixturesFile: flags.fixtures, dataFile: flags.data }, (line) => io.out(line + '\n'));
  return EXIT_OK;
}
