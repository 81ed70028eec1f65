/**
 * Benchmark 4: CLI start-up. `deskform --version` and `deskform validate` of
 * a 100-object config, each against `node -e 0`, as medians of interleaved
 * repetitions (interleaving spreads a noisy neighbour over all three).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expectExit, runCli, runNode } from './lib/cli.mjs';
import { writeValidateConfig } from './lib/configs.mjs';
import { emit } from './lib/emit.mjs';
import { CREDENTIALS } from './lib/emulator.mjs';
import { median, round } from './lib/stats.mjs';

const REPETITIONS = 15;
const OBJECTS = 100;
const TARGETS = { version: 2.5, validate: 3 };

const dir = mkdtempSync(path.join(tmpdir(), 'deskform-bench-startup-'));
try {
  const config = writeValidateConfig(dir, OBJECTS);
  const env = { CHATWOOT_URL: 'http://127.0.0.1:9/chatwoot', TETHER_URL: 'http://127.0.0.1:9/tether', HEALTHING_URL: 'http://127.0.0.1:9/healthing', ...CREDENTIALS };
  const times = { node: [], version: [], validate: [] };
  for (let i = 0; i < REPETITIONS; i++) {
    times.node.push((await runNode(['-e', '0'])).wallMs);
    times.version.push(expectExit(await runCli(['--version'], { cwd: dir }), [0], 'deskform --version').wallMs);
    times.validate.push(expectExit(await runCli(['validate', config], { cwd: dir, env }), [0], 'deskform validate').wallMs);
  }
  const node = median(times.node);
  const version = median(times.version);
  const validate = median(times.validate);
  emit({
    benchmark: 'cli-startup',
    repetitions: REPETITIONS,
    validate_objects: OBJECTS,
    node_e0_ms: round(node, 1),
    version_ms: round(version, 1),
    validate_ms: round(validate, 1),
    version_to_node: round(version / node),
    validate_to_node: round(validate / node),
    targets: {
      version: { value: round(version / node), max: TARGETS.version, met: version / node <= TARGETS.version },
      validate: { value: round(validate / node), max: TARGETS.validate, met: validate / node <= TARGETS.validate },
    },
  });
} finally {
  rmSync(dir, { recursive: true, force: true });
}
