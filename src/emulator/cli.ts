/** `deskform emulator`: run until SIGINT/SIGTERM, then close (flushing `--data`). */
import { startEmulator } from './index.js';

export interface EmulatorCliOptions {
  /** Default 4010. */
  port?: number;
  host?: string;
  fixturesFile?: string;
  dataFile?: string;
}

export const DEFAULT_EMULATOR_PORT = 4010;

/** Resolves once the emulator has stopped after a signal. */
export async function runEmulatorCli(options: EmulatorCliOptions, print: (line: string) => void): Promise<void> {
  const emulator = await startEmulator({
    port: options.port ?? DEFAULT_EMULATOR_PORT,
    ...(options.host !== undefined ? { host: options.host } : {}),
    ...(options.fixturesFile !== undefined ? { fixturesFile: options.fixturesFile } : {}),
    ...(options.dataFile !== undefined ? { dataFile: options.dataFile } : {}),
  });
  print(`deskform emulator listening on ${emulator.url}`);
  for (const [vendor, url] of Object.entries(emulator.urls)) print(`  ${vendor.padEnd(10)} ${url}`);
  print(`  ${'control'.padEnd(10)} ${emulator.url}/_emulator`);
  if (options.dataFile !== undefined) print(`state is saved to ${options.dataFile}`);
  print('demo credentials:');
  for (const [vendor, credentials] of Object.entries(emulator.control.credentials())) {
    for (const [name, value] of Object.entries(credentials)) print(`  ${vendor.padEnd(10)} ${name}: ${value}`);
  }
  print('press Ctrl+C to stop');

  await new Promise<void>((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  await emulator.close();
  print('emulator stopped');
}
