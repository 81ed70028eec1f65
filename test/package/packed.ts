/**
 * The package as a new user gets it: the working tree copied as a fresh
 * clone would have it (no dist/), packed with `npm pack` (so `prepack`
 * builds), and installed from the tarball into empty projects from npm's
 * cache (`--prefer-offline`: no request for what the cache holds). Packages a project needs besides deskform (cdktf, cdktn,
 * @grpc/grpc-js, ...) are symlinks into the repository's shared install.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, mkdirSync, readFileSync, readdirSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export const ROOT = path.resolve(import.meta.dirname, '../..');
const SHARED_MODULES = realpathSync(path.join(ROOT, 'node_modules'));

function run(command: string, args: string[], cwd: string): string {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', env: { ...process.env, npm_config_update_notifier: 'false' } });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed in ${cwd}:\n${result.stdout}\n${result.stderr}`);
  return result.stdout;
}

/** Packs the tracked and new, not ignored files of the working tree; returns the tarball's path. */
export function packFreshClone(tmp: string): string {
  const clone = path.join(tmp, 'clone');
  const files = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: ROOT, encoding: 'utf8' }).split('\0').filter(Boolean);
  for (const file of files) {
    mkdirSync(path.dirname(path.join(clone, file)), { recursive: true });
    // A file deleted but not yet staged is still listed.
    try {
      copyFileSync(path.join(ROOT, file), path.join(clone, file));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
  }
  symlinkSync(SHARED_MODULES, path.join(clone, 'node_modules'));
  run('npm', ['pack', '--pack-destination', tmp], clone);
  const tarball = readdirSync(tmp).find((name) => name.endsWith('.tgz'));
  if (!tarball) throw new Error(`npm pack wrote no tarball into ${tmp}`);
  return path.join(tmp, tarball);
}

/** The files of a tarball, without npm's `package/` prefix. */
export function tarballFiles(tarball: string): string[] {
  return execFileSync('tar', ['-tzf', tarball], { encoding: 'utf8' })
    .split('\n')
    .filter(Boolean)
    .map((entry) => entry.replace(/^package\//, ''));
}

export function extractTarball(tarball: string, into: string): string {
  mkdirSync(into, { recursive: true });
  execFileSync('tar', ['-xzf', tarball, '-C', into]);
  return path.join(into, 'package');
}

/**
 * Installs the tarball into an empty project. Its dependencies are pinned
 * (npm `overrides`) to the versions of the repository's lockfile: the cache
 * holds those, not whatever newer release a caret range allows.
 */
export function installTarball(tarball: string, project: string): void {
  const lock = JSON.parse(readFileSync(path.join(ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, { version: string }> };
  const packed = JSON.parse(execFileSync('tar', ['-xzOf', tarball, 'package/package.json'], { encoding: 'utf8' })) as { dependencies: Record<string, string> };
  const overrides = Object.fromEntries(Object.keys(packed.dependencies).map((name) => [name, lock.packages[`node_modules/${name}`]!.version]));
  mkdirSync(project, { recursive: true });
  writeFileSync(path.join(project, 'package.json'), JSON.stringify({ name: 'new-user', version: '1.0.0', private: true, type: 'module', overrides }));
  run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', tarball], project);
}

/** A copy of `base` (an installed project) with the given packages of the shared install linked in. */
export function projectWith(base: string, project: string, packages: string[]): string {
  cpSync(base, project, { recursive: true, verbatimSymlinks: true });
  for (const name of packages) {
    mkdirSync(path.dirname(path.join(project, 'node_modules', name)), { recursive: true });
    symlinkSync(path.join(SHARED_MODULES, name), path.join(project, 'node_modules', name));
  }
  return project;
}

/** Runs tsx from the shared install on a file of `cwd`, as `cdktf synth` runs an app. */
export function tsxArgs(file: string): string[] {
  return [path.join(SHARED_MODULES, 'tsx/dist/cli.mjs'), file];
}
