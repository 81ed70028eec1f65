/**
 * What the built CLI loads for each command: a YAML plan never pays for the
 * Terraform provider, the provider schema, the emulator or the CDKTF bindings,
 * nor for the yaml library when fast-yaml reads every file.
 * The CLI is bundled into lazy chunks, so a loaded chunk counts as loading
 * every source module the bundler put in it (dist/cli/bundle-modules.json).
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, spawnCli } from '../support/built-cli.js';
import { createWorld, type World } from '../support/world.js';

const DIST = path.resolve(import.meta.dirname, '../../dist');
const RECORDER = path.resolve(import.meta.dirname, '../support/module-trace/register.mjs');
const BUNDLE_MODULES = path.join(DIST, 'cli/bundle-modules.json');
/** Loaded only for Terraform, the emulator or CDKTF; the one terraform file a YAML run needs tells the formats apart. */
const NOT_FOR_YAML = /^(provider|emulator|cdktf)\/|^terraform\/(?!stack-path\.js$)/;

let world: World;
let traces: string;
beforeAll(async () => {
  assertBuilt();
  world = await createWorld({ examples: true });
  traces = mkdtempSync(path.join(tmpdir(), 'deskform-modules-'));
});
afterAll(async () => {
  await world.close();
  rmSync(traces, { recursive: true, force: true });
});

/** What one run of the CLI loaded, one entry per line: file URLs, then `node:<name>` for Node's built-ins. */
async function traceOf(args: string[]): Promise<string[]> {
  // The recorder appends: every run gets a file of its own.
  const trace = mkdtempSync(path.join(traces, `${args[0]}-`)) + '/modules.txt';
  const env = { ...world.env, DESKFORM_MODULE_TRACE: trace };
  const run = await spawnCli(args, { env, cwd: world.dir, node: ['--import', pathToFileURL(RECORDER).href] }).finished;
  expect(run.stderr).toBe('');
  return readFileSync(trace, 'utf8').split('\n');
}

/** Our modules (as tsc emits them under dist/) that one run of the CLI loaded. */
async function modulesLoadedBy(args: string[]): Promise<string[]> {
  const bundled = JSON.parse(readFileSync(BUNDLE_MODULES, 'utf8')) as Record<string, string[]>;
  const prefix = pathToFileURL(DIST).href + '/';
  return (await traceOf(args))
    .filter((url) => url.startsWith(prefix))
    .map((url) => url.slice(prefix.length))
    .flatMap((file) => (file.startsWith('cli/') ? (bundled[file.slice('cli/'.length)] ?? [file]) : [file]));
}

describe('modules the built CLI loads', () => {
  it('plans a YAML config without loading provider, emulator or CDKTF code', async () => {
    const loaded = await modulesLoadedBy(['plan', '.']);
    expect(loaded).toContain('engine/plan/planner.js');
    expect(loaded).toContain('vendors/chatwoot.js');
    expect(loaded.filter((m) => NOT_FOR_YAML.test(m))).toEqual([]);
    expect(loaded).toContain('npm:zod');
    expect(loaded.filter((m) => m === 'npm:yaml' || m.startsWith('config/yaml-'))).toEqual([]);
  });

  it('reads an environment overlay only when --env asks for one, and a simple one without the yaml library', async () => {
    const overlay = /^config\/(environments|overlay|merge-patch)\.js$/;
    expect((await modulesLoadedBy(['plan', '.'])).filter((m) => overlay.test(m))).toEqual([]);
    mkdirSync(path.join(world.dir, 'environments', 'staging'), { recursive: true });
    writeFileSync(path.join(world.dir, 'environments', 'staging', 'portals.yaml'), 'portals:\n  - slug: handbook\n    name: Staging handbook\n');
    try {
      const loaded = await modulesLoadedBy(['plan', '.', '--env', 'staging']);
      expect(loaded.filter((m) => overlay.test(m)).sort()).toEqual(['config/environments.js', 'config/merge-patch.js', 'config/overlay.js']);
      expect(loaded.filter((m) => m === 'npm:yaml' || m.startsWith('config/yaml-') || NOT_FOR_YAML.test(m))).toEqual([]);
    } finally {
      rmSync(path.join(world.dir, 'environments'), { recursive: true });
    }
  });

  it('loads the yaml library when a file is outside the shape fast-yaml reads', async () => {
    writeFileSync(path.join(world.dir, 'anchored.yaml'), 'portals:\n  - &first\n    slug: anchored\n    name: Anchored\n');
    try {
      const loaded = await modulesLoadedBy(['validate', '.']);
      expect(loaded).toContain('npm:yaml');
      expect(loaded).toContain('config/yaml-document.js');
    } finally {
      rmSync(path.join(world.dir, 'anchored.yaml'));
    }
  });

  it('validates without loading the vendor clients or the planner', async () => {
    const loaded = await modulesLoadedBy(['validate', '.']);
    expect(loaded).toContain('config/load.js');
    expect(loaded.filter((m) => NOT_FOR_YAML.test(m) || /^(vendors\/|engine\/(plan|apply|render)\/)/.test(m))).toEqual([]);
  });

  it("loads neither HTTP/2 nor child processes, which bundled packages would load for paths the CLI never takes", async () => {
    const builtins = (await traceOf(['plan', '.'])).filter((entry) => entry.startsWith('node:'));
    expect(builtins).toContain('node:http');
    expect(builtins.filter((b) => /^node:(http2|tls|child_process)$/.test(b))).toEqual([]);
  });

  it("bundles only the zod schema classes the source uses, since zod's `z` object would keep every one in the chunk a plan loads", () => {
    const chunks = path.join(DIST, 'cli/chunks');
    const holding = readdirSync(chunks).filter((f) => f.endsWith('.js') && readFileSync(path.join(chunks, f), 'utf8').includes('ZodTemplateLiteral'));
    expect(holding).toEqual([]);
  });

  it('prints its version without loading the engine', async () => {
    const loaded = await modulesLoadedBy(['--version']);
    expect(loaded).toContain('cli/run.js');
    expect(loaded.filter((m) => /^(engine|config|kinds|vendors)\//.test(m) || NOT_FOR_YAML.test(m))).toEqual([]);
  });
});
