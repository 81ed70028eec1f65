/**
 * A Terraform world for the e2e tests: the emulator, clients on it to check
 * what terraform left there, and workspaces that run the real terraform
 * binary against the built provider, installed from a filesystem mirror laid
 * out by `deskform provider install`'s own code with a CLI config that
 * installs deskform from it and nothing from a registry.
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe } from 'vitest';
import { cliConfigSnippet, installMirror, terraformPlatform } from '../../../src/cli/commands/provider-install.js';
import { startEmulator, type Fixtures, type RunningEmulator, type VendorName } from '../../../src/emulator/index.js';
import { PROVIDER_SOURCE, PROVIDER_VERSION } from '../../../src/terraform/schema.js';
import { createClients, type VendorClients } from '../../../src/vendors/index.js';
import { emulatorEnv } from '../../support/world.js';
import { ensureBuilt, PROVIDER_MAIN } from './built.js';

const hasTerraform = (() => {
  try {
    execFileSync('terraform', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

/** A `describe` of tests that run the real terraform binary: without one on PATH it is skipped, and says so. */
export function describeTerraform(title: string, body: () => void): void {
  if (!hasTerraform) console.warn(`SKIPPED: ${title}: terraform is not on PATH (these tests run the real terraform binary)`);
  describe.skipIf(!hasTerraform)(title, body);
}

export const REQUIRED_PROVIDERS = `terraform {
  required_providers {
    deskform = { source = "${PROVIDER_SOURCE}", version = "${PROVIDER_VERSION}" }
  }
}
`;

export interface TfRun {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

export interface TfWorkspace {
  dir: string;
  write(file: string, text: string): void;
  remove(file: string): void;
  /** Runs terraform in the workspace (`-no-color` is added). */
  tf(...args: string[]): Promise<TfRun>;
}

export interface TerraformWorld {
  emulator: RunningEmulator;
  /** Chatwoot and Tether clients on the emulator. */
  clients: VendorClients;
  /** The provider's environment variables (as examples/terraform reads them) for these vendors, pointing at the emulator. */
  env(...vendors: VendorName[]): Record<string, string>;
  /** A `provider "deskform"` block configuring these vendors in HCL, pointing at the emulator. */
  providerBlock(...vendors: VendorName[]): string;
  /** A fresh workspace with the provider installable by `terraform init`; removed with the world. */
  workspace(env: Record<string, string>): Promise<TfWorkspace>;
  close(): Promise<void>;
}

export interface TerraformWorldOptions {
  seed: number;
  fixtures?: Fixtures;
}

/** Builds the provider if dist/ is stale and starts the emulator. */
export async function createTerraformWorld(options: TerraformWorldOptions): Promise<TerraformWorld> {
  ensureBuilt();
  const emulator = await startEmulator({ port: 0, ...options });
  const clients = createClients({
    chatwoot: { url: emulator.urls.chatwoot, account_id: 1, api_token: 'demo-chatwoot-admin-token' },
    tether: { url: emulator.urls.tether, token: 'demo-tether-token' },
  });
  const roots: string[] = [];
  const allEnv = emulatorEnv(emulator);
  return {
    emulator,
    clients,
    env: (...vendors) => Object.fromEntries(Object.entries(allEnv).filter(([name]) => vendors.some((v) => name.startsWith(`${v.toUpperCase()}_`)))),
    providerBlock: (...vendors) => `provider "deskform" {\n${vendors.map((v) => HCL[v](emulator)).join('')}}\n`,
    async workspace(env) {
      const root = mkdtempSync(path.join(tmpdir(), 'deskform-tf-'));
      roots.push(root);
      return createWorkspace(root, env);
    },
    async close() {
      await clients.close();
      await emulator.close();
      for (const root of roots) rmSync(root, { recursive: true, force: true });
    },
  };
}

const HCL: Record<VendorName, (emulator: RunningEmulator) => string> = {
  chatwoot: (emulator) => `  chatwoot {
    url        = "${emulator.urls.chatwoot}"
    account_id = 1
    api_token  = "demo-chatwoot-admin-token"
  }
`,
  tether: (emulator) => `  tether {
    url   = "${emulator.urls.tether}"
    token = "demo-tether-token"
  }
`,
  healthing: (emulator) => `  healthing {
    url      = "${emulator.urls.healthing}"
    email    = "admin@acme.test"
    password = "demo-healthing-password"
  }
`,
};

/** `root` holds the mirror, the CLI config and the `work` directory terraform runs in. */
async function createWorkspace(root: string, env: Record<string, string>): Promise<TfWorkspace> {
  const mirror = path.join(root, 'mirror');
  await installMirror({ dir: mirror, main: PROVIDER_MAIN, node: process.execPath, version: PROVIDER_VERSION, platform: terraformPlatform() });
  const cliConfig = path.join(root, 'cli.tfrc');
  writeFileSync(cliConfig, cliConfigSnippet(mirror));
  const dir = path.join(root, 'work');
  mkdirSync(dir);
  const fullEnv = {
    PATH: process.env.PATH ?? '',
    HOME: root,
    TF_CLI_CONFIG_FILE: cliConfig,
    TF_IN_AUTOMATION: '1',
    TF_INPUT: '0',
    CHECKPOINT_DISABLE: '1',
    ...env,
  };
  return {
    dir,
    write: (file, text) => writeFileSync(path.join(dir, file), text),
    remove: (file) => rmSync(path.join(dir, file), { force: true }),
    tf: (...args) => run(args, dir, fullEnv),
  };
}

function run(args: string[], cwd: string, env: Record<string, string>): Promise<TfRun> {
  // Options follow the (sub)command: `state show -no-color ADDR`.
  const words = args[0] === 'state' ? 2 : 1;
  const started = performance.now();
  // Asynchronous on purpose: the emulator answering the provider lives in this process.
  const child = spawn('terraform', [...args.slice(0, words), '-no-color', ...args.slice(words)], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr, ms: performance.now() - started }));
  });
}

/** Output with Terraform's line wrapping undone, for matching messages. */
export const flat = (text: string) => text.replace(/\s+/g, ' ');

/** Failure message showing what terraform said. */
export const said = (r: TfRun) => `terraform exited ${r.code}\n--- stdout\n${r.stdout}\n--- stderr\n${r.stderr}`;
