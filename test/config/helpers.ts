/** Temp config trees and shortcuts for the loader's tests. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, expect } from 'vitest';
import { ConfigError } from '../../src/errors.js';
import { loadConfig, type LoadOptions } from '../../src/config/load.js';
import type { ConfigKind, LoadedConfig } from '../../src/config/types.js';
import { TEST_KINDS } from './test-kinds.js';

const made: string[] = [];
afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** Writes `files` (name → text or bytes) under a fresh temp dir and returns it. */
export function tree(files: Record<string, string | Uint8Array>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'deskform-config-'));
  made.push(dir);
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), content);
  }
  return dir;
}

export interface LoadArgs {
  paths?: string[];
  kinds?: readonly ConfigKind[];
  env?: LoadOptions['env'];
  extraTopLevel?: LoadOptions['extraTopLevel'];
  allowExternalSymlinks?: boolean;
  environment?: string;
}

/** Loads from `cwd` (default path: every file given, in order) with the test kinds. */
export function load(cwd: string, args: LoadArgs = {}): Promise<LoadedConfig> {
  return loadConfig(args.paths ?? ['.'], args.kinds ?? TEST_KINDS, {
    env: args.env ?? {},
    cwd,
    ...(args.extraTopLevel ? { extraTopLevel: args.extraTopLevel } : {}),
    ...(args.allowExternalSymlinks ? { allowExternalSymlinks: true } : {}),
    ...(args.environment !== undefined ? { environment: args.environment } : {}),
  });
}

/** `file:line:col: subject: message` lines, the way users see them. */
export async function messages(cwd: string, args: LoadArgs = {}): Promise<string[]> {
  const err = await load(cwd, args).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ConfigError);
  return (err as ConfigError).message.split('\n');
}

/** A file with valid providers for both test vendors, to prepend to configs. */
export const PROVIDERS = `providers:
  chatwoot: { url: https://cw.example.com, account_id: 1, api_token: tok-secret-1 }
  tether: { url: https://tether.example.com, token: tok-secret-2 }
`;
