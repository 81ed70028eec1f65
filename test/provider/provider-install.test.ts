/**
 * `deskform provider install`: the filesystem-mirror layout, the launcher,
 * the CLI-config snippet, and `terraform init` against the mirror with no
 * registry (when terraform is on PATH).
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cliConfigSnippet, installMirror, PROVIDER_MAIN, terraformPlatform } from '../../src/cli/commands/provider-install.js';
import { providerSchemaDocument, PROVIDER_VERSION } from '../../src/terraform/schema.js';
import { deskform } from '../support/cli.js';

const root = mkdtempSync(path.join(tmpdir(), "deskform-mirror-it's-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const platform = terraformPlatform();
const packagePath = (dir: string) => path.join(dir, 'registry.terraform.io/deskform/deskform', PROVIDER_VERSION, platform, `terraform-provider-deskform_v${PROVIDER_VERSION}`);

/** A stand-in entry point that shows how the launcher called it. */
function stubMain(): string {
  const main = path.join(root, 'stub main.mjs');
  writeFileSync(main, 'console.log(JSON.stringify({ argv: process.argv.slice(2), node: process.execPath }));\n');
  return main;
}

const terraform = spawnSync('terraform', ['version'], { encoding: 'utf8' });
const hasTerraform = terraform.status === 0;
if (!hasTerraform) console.warn('terraform is not on PATH: skipping the `terraform init` mirror test');

describe('installMirror', () => {
  it('writes an executable launcher at the mirror path that runs the entry point with this node', () => {
    return installMirror({ dir: path.join(root, 'm1'), main: stubMain(), node: process.execPath, version: PROVIDER_VERSION, platform }).then((launcher) => {
      expect(launcher).toBe(packagePath(path.join(root, 'm1')));
      expect(statSync(launcher).mode & 0o777).toBe(0o755);
      const run = spawnSync(launcher, ['--flag', 'with space'], { encoding: 'utf8' });
      expect(run.status).toBe(0);
      expect(JSON.parse(run.stdout)).toEqual({ argv: ['--flag', 'with space'], node: process.execPath });
    });
  });

  it('names the platform the way Terraform does', () => {
    expect(terraformPlatform('linux', 'x64')).toBe('linux_amd64');
    expect(terraformPlatform('darwin', 'arm64')).toBe('darwin_arm64');
    expect(() => terraformPlatform('win32', 'x64')).toThrow(/Windows/);
  });

  it('prints a filesystem_mirror block for the provider and excludes it from direct installation', () => {
    expect(cliConfigSnippet('/opt/tf mirror')).toBe(
      [
        'provider_installation {',
        '  filesystem_mirror {',
        '    path    = "/opt/tf mirror"',
        '    include = ["registry.terraform.io/deskform/deskform"]',
        '  }',
        '  direct {',
        '    exclude = ["registry.terraform.io/deskform/deskform"]',
        '  }',
        '}',
        '',
      ].join('\n'),
    );
  });
});

describe('deskform provider install', () => {
  it('installs the built provider into --dir and prints the CLI config', async () => {
    const dir = path.join(root, 'cli-mirror');
    const run = await deskform(['provider', 'install', '--dir', dir], { env: {}, cwd: root });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(packagePath(dir));
    expect(run.stdout).toContain(cliConfigSnippet(dir));
    expect(run.stdout).toContain('cdktf deploy --skip-provider-lock');
    const script = readFileSync(packagePath(dir), 'utf8');
    expect(script).toContain(`exec '${process.execPath}' '${PROVIDER_MAIN}' "$@"`);
  });

  it("defaults to Terraform's implicit mirror under HOME", async () => {
    const home = path.join(root, 'home');
    const run = await deskform(['provider', 'install'], { env: { HOME: home }, cwd: root });
    expect(run.code).toBe(0);
    expect(existsSync(packagePath(path.join(home, '.terraform.d/plugins')))).toBe(true);
    expect(run.stdout).toContain("implicit local mirror");
  });
});

/** The provider checks its settings when Terraform validates; no request is sent. */
const VENDOR_ENV = {
  CHATWOOT_URL: 'http://127.0.0.1:9/chatwoot',
  CHATWOOT_API_TOKEN: 'unused-token',
  TETHER_URL: 'http://127.0.0.1:9/tether',
  TETHER_TOKEN: 'unused-token',
  HEALTHING_URL: 'http://127.0.0.1:9/healthing',
  HEALTHING_EMAIL: 'admin@acme.test',
  HEALTHING_PASSWORD: 'unused-password',
};

describe.skipIf(!hasTerraform)('terraform against the mirror', () => {
  /** A configuration requiring the provider, and Terraform's environment pointing at `mirror` only. */
  function workspace(name: string, mirror: string) {
    const work = path.join(root, name);
    mkdirSync(work, { recursive: true });
    writeFileSync(
      path.join(work, 'main.tf'),
      `terraform {\n  required_providers {\n    deskform = { source = "deskform/deskform", version = "${PROVIDER_VERSION}" }\n  }\n}\n`,
    );
    writeFileSync(path.join(work, '.terraformrc'), cliConfigSnippet(mirror));
    const env = { ...VENDOR_ENV, PATH: process.env.PATH ?? '', HOME: work, TF_CLI_CONFIG_FILE: path.join(work, '.terraformrc'), CHECKPOINT_DISABLE: '1', TF_IN_AUTOMATION: '1' };
    const terraform = (...args: string[]) => spawnSync('terraform', [...args, '-no-color'], { cwd: work, env, encoding: 'utf8' });
    return { work, terraform };
  }

  it('installs deskform/deskform from the mirror without a registry', async () => {
    const mirror = path.join(root, 'tf-mirror');
    await installMirror({ dir: mirror, main: stubMain(), node: process.execPath, version: PROVIDER_VERSION, platform });
    const { work, terraform } = workspace('work', mirror);
    const init = terraform('init', '-input=false');
    expect(init.stderr).toBe('');
    expect(init.status).toBe(0);
    expect(init.stdout).toContain(`Installed deskform/deskform v${PROVIDER_VERSION} (unauthenticated)`);
    expect(existsSync(packagePath(path.join(work, '.terraform/providers')))).toBe(true);
  });

  it('accepts examples/terraform as valid HCL for the installed provider', async () => {
    const mirror = path.join(root, 'example-mirror');
    expect((await deskform(['provider', 'install', '--dir', mirror], { env: {}, cwd: root })).code).toBe(0);
    const { work, terraform } = workspace('example', mirror);
    cpSync(path.resolve(import.meta.dirname, '../../examples/terraform'), work, { recursive: true });
    expect(terraform('init', '-input=false').status).toBe(0);
    const validated = terraform('validate');
    expect(validated.stderr).toBe('');
    expect(validated.stdout).toContain('Success! The configuration is valid.');
  });

  it('serves, through the installed provider, exactly the schema the bindings are generated from', async () => {
    const mirror = path.join(root, 'real-mirror');
    expect((await deskform(['provider', 'install', '--dir', mirror], { env: {}, cwd: root })).code).toBe(0);
    const { terraform } = workspace('schema-work', mirror);
    expect(terraform('init', '-input=false').status).toBe(0);
    const shown = terraform('providers', 'schema', '-json');
    expect(shown.stderr).toBe('');
    expect(JSON.parse(shown.stdout)).toEqual({ format_version: '1.0', provider_schemas: providerSchemaDocument().provider_schemas });
  });
});
