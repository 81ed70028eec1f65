/**
 * Running the real terraform binary against the built provider: a
 * filesystem mirror laid out by `deskform provider install`'s own code, a CLI
 * config that installs deskform from it and nothing from a registry, and a
 * working directory to run commands in.
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { cliConfigSnippet, installMirror, terraformPlatform } from '../../../src/cli/commands/provider-install.js';
import { PROVIDER_SOURCE, PROVIDER_VERSION } from '../../../src/terraform/schema.js';
import { PROVIDER_MAIN } from './built.js';

export const hasTerraform = (() => {
  try {
    execFileSync('terraform', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

/** Call at module level of an e2e file, so a skipped run says why. */
export function warnIfNoTerraform(what: string): void {
  if (!hasTerraform) console.warn(`SKIPPED: ${what}: terraform is not on PATH (these tests run the real terraform binary)`);
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
  close(): void;
}

/** A temp root holding the mirror, the CLI config and a `work` directory. */
export async function createWorkspace(env: Record<string, string>): Promise<TfWorkspace> {
  const root = mkdtempSync(path.join(tmpdir(), 'deskform-tf-'));
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
    close: () => rmSync(root, { recursive: true, force: true }),
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

/** Failure message showing what terraform said. */
/** Output with Terraform's line wrapping undone, for matching messages. */
export const flat = (text: string) => text.replace(/\s+/g, ' ');

export const said = (r: TfRun) => `terraform exited ${r.code}\n--- stdout\n${r.stdout}\n--- stderr\n${r.stderr}`;
