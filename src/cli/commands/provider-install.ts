/**
 * `deskform provider install`: lays the Terraform provider out as an unpacked
 * filesystem-mirror package, so `terraform init` and `cdktf deploy
 * --skip-provider-lock` work with no registry. The package is a launcher
 * script: Terraform copies it into `.terraform/`, so it names the node binary
 * and the provider entry point by absolute path.
 */
import { access, chmod, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { UserError } from '../../errors.js';
import { PROVIDER_ADDRESS, PROVIDER_TYPE, PROVIDER_VERSION } from '../../terraform/schema.js';
import { assertInstalled } from '../../util/optional-package.js';
import type { Io } from '../io.js';
import { EXIT_OK } from '../exit-codes.js';

export interface ProviderInstallFlags {
  dir?: string;
}

export interface MirrorTarget {
  /** Mirror root (the `path` of the filesystem_mirror block). */
  dir: string;
  /** Absolute path of the provider's JavaScript entry point. */
  main: string;
  /** Absolute path of the node binary that runs it. */
  node: string;
  version: string;
  /** Terraform's platform name, e.g. linux_amd64. */
  platform: string;
}

/** The package root holds both src/ and dist/; the provider runs from the build. */
const PACKAGE_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const PROVIDER_MAIN = path.join(PACKAGE_ROOT, 'dist/provider/main.js');

const ARCHES: Record<string, string> = { x64: 'amd64', arm64: 'arm64', ia32: '386', arm: 'arm' };

/** Terraform's `<os>_<arch>` for this machine. */
export function terraformPlatform(platform: NodeJS.Platform = process.platform, arch: string = process.arch): string {
  if (platform === 'win32') throw new UserError('deskform provider install does not support Windows yet: Terraform there needs an .exe provider');
  const tfArch = ARCHES[arch];
  if (!tfArch) throw new UserError(`deskform provider install does not know Terraform's name for the "${arch}" architecture`);
  return `${platform}_${tfArch}`;
}

export async function providerInstall(flags: ProviderInstallFlags, io: Io): Promise<number> {
  const home = io.env.HOME;
  if (!flags.dir && !home) throw new UserError('HOME is not set: give the mirror directory with --dir');
  // Terraform's implicit local mirror: used without any CLI configuration.
  const dir = path.resolve(io.cwd, flags.dir ?? path.join(home!, '.terraform.d', 'plugins'));
  try {
    await access(PROVIDER_MAIN);
  } catch {
    throw new UserError(`the provider entry point ${PROVIDER_MAIN} does not exist: build deskform first (npm run build)`);
  }
  // An optional peer dependency: say so now rather than when Terraform first launches the provider.
  assertInstalled('@grpc/grpc-js', 'the deskform Terraform provider');
  const target: MirrorTarget = { dir, main: PROVIDER_MAIN, node: process.execPath, version: PROVIDER_VERSION, platform: terraformPlatform() };
  const launcher = await installMirror(target);
  io.out(`Installed the ${PROVIDER_TYPE} provider ${target.version} (${target.platform}) at\n  ${launcher}\n\n`);
  io.out(installationNote(target, !flags.dir));
  return EXIT_OK;
}

/** Writes the launcher into the mirror layout and returns its path. */
export async function installMirror(target: MirrorTarget): Promise<string> {
  const packageDir = path.join(target.dir, ...PROVIDER_ADDRESS.split('/'), target.version, target.platform);
  const launcher = path.join(packageDir, `terraform-provider-${PROVIDER_TYPE}_v${target.version}`);
  await mkdir(packageDir, { recursive: true });
  const script = [
    '#!/bin/sh',
    `# The ${PROVIDER_TYPE} Terraform provider ${target.version}, installed by \`deskform provider install\`.`,
    `exec ${shellQuote(target.node)} ${shellQuote(target.main)} "$@"`,
    '',
  ].join('\n');
  await writeFile(launcher, script, { mode: 0o755 });
  await chmod(launcher, 0o755);
  return launcher;
}

/** The CLI configuration that makes Terraform take the provider from the mirror and never from a registry. */
export function cliConfigSnippet(dir: string): string {
  return [
    'provider_installation {',
    '  filesystem_mirror {',
    `    path    = ${JSON.stringify(dir)}`,
    `    include = [${JSON.stringify(PROVIDER_ADDRESS)}]`,
    '  }',
    '  direct {',
    `    exclude = [${JSON.stringify(PROVIDER_ADDRESS)}]`,
    '  }',
    '}',
    '',
  ].join('\n');
}

function installationNote(target: MirrorTarget, implicit: boolean): string {
  const lead = implicit
    ? 'This is Terraform\'s implicit local mirror: `terraform init` finds the provider there unless your CLI\nconfiguration has a provider_installation block. If it has one, add:\n\n'
    : 'Point Terraform at the mirror in your CLI configuration (~/.terraformrc, or the file named by\nTF_CLI_CONFIG_FILE):\n\n';
  return (
    lead +
    cliConfigSnippet(target.dir) +
    '\nThen `terraform init` in your configuration, or `cdktf deploy --skip-provider-lock` for a CDKTF app\n' +
    '(cdktf would otherwise ask the registry for lock hashes). After reinstalling with another node,\n' +
    'run `terraform init -upgrade` so the lock file records the new launcher.\n'
  );
}

function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}
