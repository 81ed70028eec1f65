/** Load → validate → prepare: the desired side of a run, before any request is sent. */
import { loadConfig } from '../config/load.js';
import type { DeclaredObject, LoadedConfig } from '../config/types.js';
import { ConfigError, type ConfigProblem } from '../errors.js';
import { KINDS } from '../kinds/registry.js';
import type { Kind } from '../kinds/types.js';
import { digest } from './digest.js';

export interface DesiredState {
  config: LoadedConfig;
  /** Prepared objects by kind (icon files hashed, …). */
  declared: Map<string, DeclaredObject[]>;
  /** Digest of every declared object: a saved plan is only valid for the config it came from. */
  digest: string;
}

export interface LoadOptions {
  env: Record<string, string | undefined>;
  cwd: string;
  kinds?: readonly Kind[];
}

export async function loadDesired(paths: readonly string[], options: LoadOptions): Promise<DesiredState> {
  const kinds = options.kinds ?? KINDS;
  const config = await loadConfig([...paths], kinds, { env: options.env, cwd: options.cwd });
  const problems: ConfigProblem[] = [];
  const declared = new Map<string, DeclaredObject[]>();
  for (const kind of kinds) {
    const objects = config.objects.get(kind.kind) ?? [];
    declared.set(kind.kind, await Promise.all(objects.map((obj) => prepare(kind, obj, problems))));
  }
  if (problems.length > 0) throw new ConfigError(problems);
  const summary = [...declared].map(([kind, objects]) => [kind, objects.map((o) => [o.key, o.value])]);
  return { config, declared, digest: digest(summary) };
}

async function prepare(kind: Kind, obj: DeclaredObject, problems: ConfigProblem[]): Promise<DeclaredObject> {
  if (!kind.prepare) return obj;
  try {
    return { ...obj, value: await kind.prepare(obj) };
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    problems.push(...err.problems);
    return obj;
  }
}
