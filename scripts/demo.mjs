// The main job against the built-in emulator: plan, apply, then a clean re-plan of examples/gitops.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startEmulator } from '../dist/emulator/index.js';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const cli = path.join(root, 'dist', 'cli', 'main.js');
const config = path.join(root, 'examples', 'gitops');
const work = mkdtempSync(path.join(tmpdir(), 'deskform-demo-'));
const emulator = await startEmulator({ port: 0 });

const env = {
  ...process.env,
  CHATWOOT_URL: emulator.urls.chatwoot,
  CHATWOOT_API_TOKEN: 'demo-chatwoot-admin-token',
  TETHER_URL: emulator.urls.tether,
  TETHER_TOKEN: 'demo-tether-token',
  HEALTHING_URL: emulator.urls.healthing,
  HEALTHING_EMAIL: 'admin@acme.test',
  HEALTHING_PASSWORD: 'demo-healthing-password',
};

// Asynchronous on purpose: the emulator runs in this process and must keep answering.
function deskform(title, ...args) {
  process.stdout.write(`\n$ deskform ${args.join(' ')}    # ${title}\n`);
  const child = spawn(process.execPath, [cli, ...args, '--state', path.join(work, 'state.json')], { env, stdio: 'inherit' });
  return new Promise((resolve) => child.on('exit', (code) => resolve(code)));
}

let failed = false;
try {
  process.stdout.write(`Emulator running at ${emulator.url}\n`);
  failed ||= (await deskform('what would change', 'plan', config)) !== 0;
  failed ||= (await deskform('make it so', 'apply', config, '--auto-approve')) !== 0;
  failed ||= (await deskform('nothing left to do (exit 0 = no changes)', 'plan', config, '--detailed-exitcode')) !== 0;
} finally {
  await emulator.close();
  rmSync(work, { recursive: true, force: true });
}
process.exitCode = failed ? 1 : 0;
