/**
 * Benchmark 5: `terraform plan` (which refreshes every resource) over 200 and
 * 1,000 deskform resources, with the provider installed from a local mirror
 * by `deskform provider install`; plus the provider's launch-to-handshake
 * time. Skipped, saying why, when terraform or the built provider is missing.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { expectExit, runCli } from './lib/cli.mjs';
import { emit, note } from './lib/emit.mjs';
import { startEmulatorProcess } from './lib/emulator.mjs';
import { median, round } from './lib/stats.mjs';
import { ROOT } from './lib/paths.mjs';

const SIZES = [200, 1000];
const PROVIDER_MAIN = path.join(ROOT, 'dist/provider/main.js');

function skip(reason) {
  emit({ benchmark: 'terraform-refresh', skipped: reason });
  process.exit(0);
}

if (spawnSync('terraform', ['version'], { encoding: 'utf8' }).status !== 0) skip('terraform is not on PATH');
if (!existsSync(PROVIDER_MAIN)) skip('the Terraform provider is not built (dist/provider/main.js is missing)');
const { PROVIDER_VERSION } = await import(pathToFileURL(path.join(ROOT, 'dist/terraform/schema.js')).href);
const { MAGIC_COOKIE_KEY, MAGIC_COOKIE_VALUE } = await import(pathToFileURL(path.join(ROOT, 'dist/provider/handshake.js')).href);
const { selfSignedCert } = await import(pathToFileURL(path.join(ROOT, 'dist/provider/cert.js')).href);

/** Launch to handshake line, as Terraform launches it (AutoMTLS client certificate in the environment). */
function handshakeMs(launcher) {
  return new Promise((resolve, reject) => {
    const env = { PATH: process.env.PATH ?? '', [MAGIC_COOKIE_KEY]: MAGIC_COOKIE_VALUE, PLUGIN_PROTOCOL_VERSIONS: '6', PLUGIN_CLIENT_CERT: selfSignedCert().certPem };
    const started = performance.now();
    const child = spawn(launcher, [], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (chunk) => {
      out += chunk;
      if (!out.includes('\n')) return;
      const elapsed = performance.now() - started;
      child.kill('SIGTERM');
      if (/^1\|6\|/.test(out)) resolve(elapsed);
      else reject(new Error(`unexpected handshake line: ${out.slice(0, 200)}`));
    });
    child.on('error', reject);
  });
}

function writeConfig(dir, n, providerBlock) {
  const half = n / 2;
  const portals = Object.fromEntries(
    Array.from({ length: half }, (_, i) => [`p${i + 1}`, { slug: `tf-portal-${i + 1}`, name: `Terraform portal ${i + 1}`, color: '#1F93FF' }]),
  );
  const webchats = Object.fromEntries(
    Array.from({ length: half }, (_, i) => [
      `w${i + 1}`,
      { name: `Terraform webchat ${i + 1}`, background_color: '#FFFFFF', primary_color: '#1F2937', secondary_color: '#3B82F6', prompt: 'Sales assistant', allowed_domains: ['https://example.com'], initial_stage: 'new' },
    ]),
  );
  const config = {
    terraform: { required_providers: { deskform: { source: 'deskform/deskform', version: PROVIDER_VERSION } } },
    provider: { deskform: providerBlock },
    resource: { deskform_portal: portals, deskform_webchat: webchats },
  };
  writeFileSync(path.join(dir, 'main.tf.json'), JSON.stringify(config, null, 2));
}

function terraform(args, cwd, env) {
  return new Promise((resolve) => {
    const started = performance.now();
    const child = spawn('terraform', [...args, '-no-color', '-input=false'], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (c) => (stdout += c));
    child.stderr.setEncoding('utf8').on('data', (c) => (stderr += c));
    child.on('close', (code) => resolve({ code, stdout, stderr, wallMs: performance.now() - started }));
  });
}

const work = mkdtempSync(path.join(tmpdir(), 'deskform-bench-tf-'));
const emulator = await startEmulatorProcess();
try {
  const mirror = path.join(work, 'mirror');
  expectExit(await runCli(['provider', 'install', '--dir', mirror], { cwd: work }), [0], 'deskform provider install');
  const { cliConfigSnippet } = await import(pathToFileURL(path.join(ROOT, 'dist/cli/commands/provider-install.js')).href);
  writeFileSync(path.join(work, '.terraformrc'), cliConfigSnippet(mirror));
  const versionDir = path.join(mirror, 'registry.terraform.io/deskform/deskform', PROVIDER_VERSION);
  const [platform] = readdirSync(versionDir);
  const launcherFile = path.join(versionDir, platform, `terraform-provider-deskform_v${PROVIDER_VERSION}`);
  const handshakes = [];
  for (let i = 0; i < 5; i++) handshakes.push(await handshakeMs(launcherFile));

  const env = { PATH: process.env.PATH ?? '', HOME: work, TF_CLI_CONFIG_FILE: path.join(work, '.terraformrc'), CHECKPOINT_DISABLE: '1', TF_IN_AUTOMATION: '1' };
  const dir = path.join(work, 'stack');
  mkdirSync(dir, { recursive: true });
  const providerBlock = {
    chatwoot: { url: emulator.env.CHATWOOT_URL, account_id: 1, api_token: emulator.env.CHATWOOT_API_TOKEN },
    tether: { url: emulator.env.TETHER_URL, token: emulator.env.TETHER_TOKEN },
    healthing: { url: emulator.env.HEALTHING_URL, email: emulator.env.HEALTHING_EMAIL, password: emulator.env.HEALTHING_PASSWORD },
  };
  const fail = (what, run) => {
    throw new Error(`terraform ${what} exited ${run.code}\n${run.stdout.slice(-1500)}\n${run.stderr.slice(-3000)}`);
  };
  const sizes = [];
  for (const n of SIZES) {
    writeConfig(dir, n, providerBlock);
    if (sizes.length === 0) {
      const init = await terraform(['init'], dir, env);
      if (init.code !== 0) fail('init', init);
    }
    note(`terraform: applying ${n} resources`);
    const applied = await terraform(['apply', '-auto-approve'], dir, env);
    if (applied.code !== 0) fail('apply', applied);
    await emulator.resetRequests();
    const plan = await terraform(['plan', '-detailed-exitcode'], dir, env);
    if (plan.code !== 0) fail('plan (expected no changes: exit 0)', plan);
    const requests = await emulator.vendorRequests();
    const counts = new Map();
    for (const r of requests) {
      const key = `${r.vendor} ${r.method} ${r.path.split('?')[0]}`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    sizes.push({
      resources: n,
      plan_ms: round(plan.wallMs, 0),
      apply_setup_ms: round(applied.wallMs, 0),
      requests: requests.length,
      endpoints: [...counts].sort().map(([k, c]) => `${k} ×${c}`),
    });
  }
  emit({ benchmark: 'terraform-refresh', handshake_ms: round(median(handshakes), 0), handshake_runs_ms: handshakes.map((h) => round(h, 0)), sizes });
} finally {
  await emulator.close();
  rmSync(work, { recursive: true, force: true });
}
