/**
 * The e2e tests run the built provider (dist/), as Terraform does. `npm test`
 * builds first; when a test file runs alone against a stale build, it rebuilds
 * (tsc, then the CLI bundle, as `npm run build`).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';

export const ROOT = path.resolve(import.meta.dirname, '../../..');
export const PROVIDER_MAIN = path.join(ROOT, 'dist/provider/main.js');

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(full));
    else if (entry.name.endsWith('.ts')) newest = Math.max(newest, statSync(full).mtimeMs);
  }
  return newest;
}

const builtAt = () => {
  try {
    return statSync(PROVIDER_MAIN).mtimeMs;
  } catch {
    return 0;
  }
};

/**
 * Builds dist/ when it is missing or older than any source file. tsc emits
 * even when it reports type errors, so a build that wrote fresh output counts
 * (type errors fail `npm run typecheck`, not these tests). Test files run in
 * parallel workers: one builds while the others wait for its lock.
 */
export function ensureBuilt(): void {
  const sources = newestSource(path.join(ROOT, 'src'));
  if (builtAt() >= sources) return;
  const lock = path.join(ROOT, 'dist', '.building');
  mkdirSync(path.dirname(lock), { recursive: true });
  try {
    mkdirSync(lock);
  } catch {
    const until = Date.now() + 120_000;
    while (Date.now() < until && lockHeld(lock)) execFileSync('sleep', ['0.2']);
    // A lock outliving any build was left by a killed run.
    if (lockHeld(lock)) rmSync(lock, { recursive: true, force: true });
    return ensureBuilt();
  }
  try {
    try {
      execFileSync(process.execPath, [path.join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', path.join(ROOT, 'tsconfig.build.json')], { stdio: 'pipe' });
    } catch (err) {
      if (builtAt() < sources) throw err;
      console.warn(`dist/ rebuilt with type errors:\n${String((err as { stdout?: Buffer }).stdout ?? '')}`);
    }
    // As `npm run build`: the CLI is bundled from the same sources.
    execFileSync(process.execPath, [path.join(ROOT, 'scripts/bundle.mjs')], { stdio: 'pipe' });
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

function lockHeld(lock: string): boolean {
  try {
    statSync(lock);
    return true;
  } catch {
    return false;
  }
}
