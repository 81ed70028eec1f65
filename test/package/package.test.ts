/**
 * The npm package as a new user installs it: packed from a fresh clone,
 * installed offline into empty projects (see packed.ts). Slow (one build and
 * a few installs), so every check shares one tarball.
 */
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAGIC_COOKIE_KEY, MAGIC_COOKIE_VALUE } from '../../src/provider/handshake.js';
import { ROOT, extractTarball, installTarball, packFreshClone, projectWith, tarballFiles, tsxArgs } from './packed.js';

let tmp: string;
let tarball: string;
let files: string[];
let unpacked: string;
let base: string;

beforeAll(() => {
  tmp = mkdtempSync(path.join(tmpdir(), 'deskform-package-'));
  tarball = packFreshClone(tmp);
  files = tarballFiles(tarball);
  unpacked = extractTarball(tarball, path.join(tmp, 'unpacked'));
  base = path.join(tmp, 'base');
  installTarball(tarball, base);
}, 300_000);
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function node(args: string[], cwd: string, env: Record<string, string> = {}) {
  const { PATH = '', HOME = tmp } = process.env;
  return spawnSync(process.execPath, args, { cwd, encoding: 'utf8', env: { PATH, HOME, ...env } });
}
const deskform = (project: string) => path.join(project, 'node_modules/deskform');
const NO_STACK = /\n\s+at /;

describe('the tarball', () => {
  it('holds the build of a fresh clone, the schemas, LICENSE and README, and no source maps', () => {
    for (const file of ['dist/index.js', 'dist/index.d.ts', 'dist/cli/main.js', 'dist/provider/main.js', 'dist/cdktf/index.js', 'dist/cdktn/index.js', 'dist/cdktn/index.d.ts']) {
      expect(files).toContain(file);
    }
    expect(files).toEqual(expect.arrayContaining(['LICENSE', 'README.md', 'package.json', 'schema/deskform.schema.json', 'schema/provider-schema.json']));
    expect(files.filter((f) => f.endsWith('.map'))).toEqual([]);
    // The binding generator is for `npm run gen` in the repository; it imports devDependencies.
    expect(files.filter((f) => /\/(generate|override-modifiers)\./.test(f))).toEqual([]);
    expect(readFileSync(path.join(unpacked, 'LICENSE'), 'utf8')).toMatch(/^MIT License\n\nCopyright \(c\) \d{4} deskform authors\n/);
  });

  it('points at no source map, and imports only its own files, Node built-ins and declared packages', () => {
    const manifest = JSON.parse(readFileSync(path.join(unpacked, 'package.json'), 'utf8')) as Record<string, Record<string, string>>;
    const declared = new Set([...Object.keys(manifest.dependencies!), ...Object.keys(manifest.peerDependencies!)]);
    const builtins = new Set(builtinModules);
    const specifier = /(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*|^import\s+)(['"])([^'"\n]+)\1/gm;
    const problems: string[] = [];
    let checked = 0;
    for (const file of files.filter((f) => /\.(js|d\.ts)$/.test(f))) {
      const code = readFileSync(path.join(unpacked, file), 'utf8');
      if (code.includes('sourceMappingURL')) problems.push(`${file}: names a source map`);
      // Comment lines are not imports (the bundled undici's JSDoc names its own type files).
      for (const [, , target] of code.replace(/^\s*(?:\*|\/\/).*$/gm, '').matchAll(specifier)) {
        checked += 1;
        if (/^\.\.?\//.test(target!)) {
          const resolved = path.posix.join(path.posix.dirname(file), target!);
          const candidates = file.endsWith('.d.ts') ? [resolved, resolved.replace(/\.js$/, '.d.ts')] : [resolved];
          if (!candidates.some((c) => files.includes(c))) problems.push(`${file}: ${target} is not in the package`);
        } else if (!target!.startsWith('.')) {
          const name = target!.startsWith('@') ? target!.split('/').slice(0, 2).join('/') : target!.split('/')[0]!;
          if (!target!.startsWith('node:') && !builtins.has(name) && !declared.has(name)) problems.push(`${file}: ${target} is not a declared dependency`);
        }
      }
    }
    expect(problems).toEqual([]);
    expect(checked).toBeGreaterThan(500);
  });

  it('names its repository, author and licence, and takes patch and minor releases of its dependencies', () => {
    const manifest = JSON.parse(readFileSync(path.join(unpacked, 'package.json'), 'utf8'));
    expect(manifest).toMatchObject({ license: 'MIT', author: 'deskform authors', engines: { node: '>=20.18.1' } });
    expect(manifest.repository.url).toMatch(/^git\+https:\/\/github\.com\/.+\.git$/);
    expect(manifest.homepage).toMatch(/^https:\/\//);
    expect(manifest.bugs.url).toMatch(/^https:\/\/.+\/issues$/);
    expect(manifest.keywords).toEqual(expect.arrayContaining(['terraform-provider', 'cdktf', 'cdktn']));
    for (const range of Object.values<string>(manifest.dependencies)) expect(range).toMatch(/^\^\d+\.\d+\.\d+$/);
    expect(manifest.dependencies).not.toHaveProperty('@grpc/grpc-js');
    for (const peer of ['@grpc/grpc-js', 'cdktf', 'cdktn', 'constructs']) expect(manifest.peerDependenciesMeta[peer]).toEqual({ optional: true });
  });
});

describe('installed from the tarball into an empty project', () => {
  it('gives a YAML user the CLI without gRPC', () => {
    const modules = readdirSync(path.join(base, 'node_modules'));
    expect(modules).not.toContain('@grpc');
    expect(modules).not.toContain('protobufjs');
    writeFileSync(
      path.join(base, 'deskform.yaml'),
      'providers:\n  chatwoot: { url: http://127.0.0.1:9, account_id: 1, api_token: "${env:CHATWOOT_API_TOKEN}" }\nportals:\n  - slug: handbook\n    name: Handbook\n',
    );
    const run = node([path.join(base, 'node_modules/.bin/deskform'), 'validate'], base, { CHATWOOT_API_TOKEN: 'canary-token-5d1f' });
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe('The configuration is valid: 1 portal.\n');
    expect(run.status).toBe(0);
  });

  it('the provider started without @grpc/grpc-js names the package to install', () => {
    const run = node([path.join(deskform(base), 'dist/provider/main.js')], base, { [MAGIC_COOKIE_KEY]: MAGIC_COOKIE_VALUE, PLUGIN_PROTOCOL_VERSIONS: '6' });
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(
      '[ERROR] deskform provider: cannot start: the deskform Terraform provider needs the npm package @grpc/grpc-js, which is not installed: ' +
        'run `npm install @grpc/grpc-js` where deskform is installed (with -g for a global deskform)\n',
    );
    expect(run.status).toBe(1);
  });

  it('`deskform provider install` says so before installing a provider that cannot start', () => {
    const run = node([path.join(base, 'node_modules/.bin/deskform'), 'provider', 'install', '--dir', 'mirror'], base);
    expect(run.stderr).toContain('needs the npm package @grpc/grpc-js, which is not installed: run `npm install @grpc/grpc-js`');
    expect(run.stderr).not.toMatch(NO_STACK);
    expect(run.status).toBe(1);
    expect(existsSync(path.join(base, 'mirror'))).toBe(false);
  });

  it('with @grpc/grpc-js installed, the provider starts and sends Terraform its handshake line', async () => {
    const project = projectWith(base, path.join(tmp, 'with-grpc'), ['@grpc/grpc-js']);
    const child = spawn(process.execPath, [path.join(deskform(project), 'dist/provider/main.js')], {
      cwd: project,
      env: { PATH: process.env.PATH ?? '', [MAGIC_COOKIE_KEY]: MAGIC_COOKIE_VALUE, PLUGIN_PROTOCOL_VERSIONS: '6' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const line = await new Promise<string>((resolve, reject) => {
      let stdout = '';
      child.stdout.on('data', (d: Buffer) => {
        stdout += d.toString();
        if (stdout.includes('\n')) resolve(stdout);
      });
      child.on('exit', (code) => reject(new Error(`the provider exited with ${code} before its handshake:\n${stderr}`)));
    });
    child.kill('SIGTERM');
    expect(line).toMatch(/^1\|6\|unix\|\/.+\.sock\|grpc\|\n$/);
  });
});

/** A small stack with the bindings of `lib`, synthesized by plain Node (no TypeScript). */
const SMALL_STACK = `
const lib = process.argv[2];
const { App, TerraformStack } = await import(lib);
const { DeskformProvider, Portal } = await import('deskform/' + lib);
const app = new App({ outdir: 'out' });
const stack = new TerraformStack(app, 'desk');
new DeskformProvider(stack, 'deskform', { chatwoot: { accountId: 1 } });
new Portal(stack, 'handbook', { slug: 'handbook', name: 'Handbook' });
const brandB = new DeskformProvider(stack, 'brand_b', { alias: 'brand_b', chatwoot: { accountId: 2 } });
new Portal(stack, 'brand_b_help', { provider: brandB, slug: 'brand-b-help', name: 'Brand B help' });
app.synth();
`;

/** What examples/cdktf/README.md says to change for CDK Terrain. */
const toCdktn = (source: string) => source.replace("from 'cdktf'", "from 'cdktn'").replace("from 'deskform/cdktf'", "from 'deskform/cdktn'");

describe.each([
  { lib: 'cdktf', other: 'cdktn', example: (source: string) => source },
  { lib: 'cdktn', other: 'cdktf', example: toCdktn },
])('the bindings in a project with only $lib and constructs', ({ lib, other, example }) => {
  let project: string;
  beforeAll(() => {
    project = projectWith(base, path.join(tmp, `only-${lib}`), [lib, 'constructs']);
  });

  it(`synthesize a stack from deskform/${lib}`, () => {
    writeFileSync(path.join(project, 'small-stack.mjs'), SMALL_STACK);
    const run = node(['small-stack.mjs', lib], project);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const stack = JSON.parse(readFileSync(path.join(project, 'out/stacks/desk/cdk.tf.json'), 'utf8'));
    expect(stack.terraform.required_providers.deskform.source).toBe('deskform/deskform');
    expect(stack.provider.deskform).toEqual([{ chatwoot: { account_id: 1 } }, { alias: 'brand_b', chatwoot: { account_id: 2 } }]);
    expect(stack.resource.deskform_portal.handbook).toMatchObject({ slug: 'handbook', name: 'Handbook' });
    expect(stack.resource.deskform_portal.handbook.provider).toBeUndefined();
    expect(stack.resource.deskform_portal.brand_b_help).toMatchObject({ provider: 'deskform.brand_b', slug: 'brand-b-help' });
  });

  it(`and deskform/${other} asks for ${other}, which the project does not have`, () => {
    const run = node(['--input-type=module', '-e', `await import('deskform/${other}')`], project);
    expect(run.stderr).toContain(`Cannot find package '${other}'`);
    expect(run.status).toBe(1);
  });

  it('run examples/cdktf copied out of the repository, as its README says', () => {
    const app = path.join(project, 'app');
    cpSync(path.join(ROOT, 'examples/cdktf'), app, { recursive: true });
    writeFileSync(path.join(app, 'main.ts'), example(readFileSync(path.join(app, 'main.ts'), 'utf8')));
    const run = node(tsxArgs('main.ts'), app);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const stackDir = path.join(app, 'cdktf.out/stacks/helpdesk');
    const stack = JSON.parse(readFileSync(path.join(stackDir, 'cdk.tf.json'), 'utf8'));
    expect(Object.keys(stack.resource).sort()).toEqual(['deskform_channel', 'deskform_inbox', 'deskform_portal', 'deskform_webchat']);
    expect(existsSync(path.join(stackDir, stack.resource.deskform_webchat.marketing.icon))).toBe(true);
  });
});
