/** The emulator and scratch directory a seeded campaign file shares across its cases. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../../src/emulator/index.js';
import { canaryFixtures } from './canary.js';

/**
 * Before the file's cases: starts an emulator holding the canary credentials
 * (its own `seed`) and makes a scratch directory, handing both to `use`.
 * After them: closes and removes both.
 */
export function useCampaignEmulator(seed: number, prefix: string, use: (emulator: RunningEmulator, root: string) => void): void {
  let emulator: RunningEmulator | undefined;
  let root: string | undefined;
  beforeAll(async () => {
    emulator = await startEmulator({ port: 0, seed, fixtures: canaryFixtures() });
    root = mkdtempSync(path.join(tmpdir(), prefix));
    use(emulator, root);
  });
  afterAll(async () => {
    await emulator?.close();
    if (root) rmSync(root, { recursive: true, force: true });
  });
}
