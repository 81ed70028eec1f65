/** Brings the emulator to a no-change state for the scale config of N objects: the plans measured start from here. */
import { expectExit, runCli } from './cli.mjs';
import { channelSeeds, writeScaleConfig } from './configs.mjs';

/**
 * Writes the config of `n` objects into `dir` (extending a smaller one written
 * before), seeds the Healthing channels it adds beyond the `seededSoFar`
 * already there (they cannot be created through the API), applies the rest
 * and clears the request log. Returns the objects per kind and the apply run.
 */
export async function applyScaleConfig(emulator, dir, n, seededSoFar) {
  const perKind = writeScaleConfig(dir, n);
  await emulator.seedChannels(channelSeeds(seededSoFar + 1, perKind));
  const applied = expectExit(await runCli(['apply', '.', '--auto-approve', '--quiet'], { cwd: dir, env: emulator.env }), [0], `apply at N=${n}`);
  await emulator.resetRequests();
  return { perKind, applied };
}
