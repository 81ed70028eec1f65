/**
 * A test world: the emulator on loopback, a temp directory holding a config,
 * and the environment that points the config's providers at the emulator.
 */
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import type { Fixtures } from '../../src/emulator/contract.js';
import { deskform, type CliRun } from './cli.js';

export const EXAMPLES = path.resolve(import.meta.dirname, '../../examples/gitops');

export interface World {
  emulator: RunningEmulator;
  dir: string;
  env: Record<string, string>;
  run(...args: string[]): Promise<CliRun>;
  write(file: string, text: string): string;
  /** Vendor requests logged since the last reset (control requests excluded). */
  vendorRequests(): Array<{ vendor: string; method: string; path: string; status: number }>;
  close(): Promise<void>;
}

export interface WorldOptions {
  fixtures?: Partial<Fixtures>;
  /** Copy examples/gitops into the world's directory. */
  examples?: boolean;
  tokens?: Partial<Record<'chatwoot' | 'tether' | 'healthingPassword', string>>;
}

export async function createWorld(options: WorldOptions = {}): Promise<World> {
  const emulator = await startEmulator({ port: 0, seed: 7, ...(options.fixtures ? { fixtures: options.fixtures } : {}) });
  const dir = mkdtempSync(path.join(tmpdir(), 'deskform-test-'));
  if (options.examples) cpSync(EXAMPLES, dir, { recursive: true });
  const env = { PATH: process.env.PATH ?? '', ...emulatorEnv(emulator, options.tokens) };
  return {
    emulator,
    dir,
    env,
    run: (...args) => deskform(args, { env, cwd: dir }),
    write(file, text) {
      const full = path.join(dir, file);
      writeFileSync(full, text);
      return full;
    },
    vendorRequests: () => emulator.control.requests().filter((r) => r.vendor !== 'control'),
    async close() {
      await emulator.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The provider environment (as `examples/` and the Terraform provider read it) pointing at an emulator. */
export function emulatorEnv(emulator: RunningEmulator, tokens: WorldOptions['tokens'] = {}): Record<string, string> {
  return {
    CHATWOOT_URL: emulator.urls.chatwoot,
    CHATWOOT_API_TOKEN: tokens.chatwoot ?? 'demo-chatwoot-admin-token',
    TETHER_URL: emulator.urls.tether,
    TETHER_TOKEN: tokens.tether ?? 'demo-tether-token',
    HEALTHING_URL: emulator.urls.healthing,
    HEALTHING_EMAIL: 'admin@acme.test',
    HEALTHING_PASSWORD: tokens.healthingPassword ?? 'demo-healthing-password',
  };
}

/** The providers block every test config starts with. */
export const PROVIDERS = `providers:
  chatwoot: { url: "\${env:CHATWOOT_URL}", account_id: 1, api_token: "\${env:CHATWOOT_API_TOKEN}" }
  tether: { url: "\${env:TETHER_URL}", token: "\${env:TETHER_TOKEN}" }
  healthing: { url: "\${env:HEALTHING_URL}", email: "\${env:HEALTHING_EMAIL}", password: "\${env:HEALTHING_PASSWORD}" }
`;
