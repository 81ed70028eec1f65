/** Load → validate → prepare (both loaders prepare): the desired side of a run, before any request is sent. */
import { lstat } from 'node:fs/promises';
import path from 'node:path';
import { loadConfig } from '../../config/load.js';
import { DEFAULT_INSTANCE, instancesOf } from '../../config/instances.js';
import type { ProvidersConfig } from '../../config/providers.js';
import type { ReadOptions } from '../../config/read-files.js';
import type { DeclaredObject, LoadedConfig } from '../../config/types.js';
import { UserError } from '../../errors.js';
import { KINDS } from '../../kinds/registry.js';
import type { Kind } from '../../kinds/types.js';
import { isStackPath } from '../../terraform/stack-path.js';
import { EXTRA_SECTIONS } from './config-sections.js';
import { digestInPieces, withoutSecrets } from './digest.js';

export interface DesiredState {
  config: LoadedConfig;
  /** Keys prune must never delete, by kind (the `protect:` section). */
  protect: Map<string, Set<string>>;
  pruneMode: 'delete' | 'archive';
  /** Prepared objects by kind (icon files hashed, …). */
  declared: Map<string, DeclaredObject[]>;
  /** Digest of every declared object: a saved plan is only valid for the config it came from. Worked out when first read (validate never does). */
  readonly digest: string;
}

export interface LoadOptions extends ReadOptions {
  env: Record<string, string | undefined>;
  cwd: string;
  kinds?: readonly Kind[];
  /** Patch the config with the overlay `environments/NAME/` beside its paths (YAML only). */
  environment?: string;
}

export async function loadDesired(paths: readonly string[], options: LoadOptions): Promise<DesiredState> {
  const kinds = options.kinds ?? KINDS;
  await requireSomeConfig(paths, options.cwd);
  const stack = paths.find(isStackPath);
  if (stack !== undefined && options.environment !== undefined) {
    throw new UserError(`environment "${options.environment}": an environment's overlay patches YAML config files, not a synthesized stack (${stack})`);
  }
  const config = stack !== undefined ? await loadSynthesizedStack(paths, kinds, options) : await loadConfig([...paths], kinds, {
    env: options.env,
    cwd: options.cwd,
    extraTopLevel: EXTRA_SECTIONS,
    allowExternalSymlinks: options.allowExternalSymlinks,
    environment: options.environment,
  });
  const declared = config.objects;
  const protectSection = (config.extra.protect ?? {}) as Record<string, string[] | undefined>;
  const protect = new Map(kinds.map((k) => [k.kind, new Set(protectSection[k.configKey] ?? [])]));
  const pruneMode = (config.extra.prune_mode as DesiredState['pruneMode'] | undefined) ?? 'delete';
  let digest: string | undefined;
  return {
    config,
    declared,
    protect,
    pruneMode,
    get digest() {
      return (digest ??= configDigest(config, kinds, protect, pruneMode));
    },
  };
}

function configDigest(config: LoadedConfig, kinds: readonly Kind[], protect: DesiredState['protect'], pruneMode: DesiredState['pruneMode']): string {
  const classesOf = new Map(kinds.map((k) => [k.kind, k.fieldClasses]));
  // An object's instance is part of what it is, when it has one (engine/units.ts).
  const summary = [...config.objects].map(([kind, objects]) => [
    kind,
    objects.map((o) => [o.key, withoutSecrets(o.value, classesOf.get(kind) ?? {}), ...(o.instance && o.instance !== DEFAULT_INSTANCE ? [o.instance] : [])]),
  ]);
  // Which accounts the objects go to is part of the plan too: a saved plan must not be applied to swapped accounts.
  const accounts = [...instancesOf(config)].map(([name, blocks]) => [name, publicAccounts(blocks)]);
  // Hashed in pieces down to each object: the summary, a kind's pair, its list of objects.
  return digestInPieces({ summary, accounts, protect: [...protect].map(([k, v]) => [k, [...v]]), pruneMode }, 4);
}

/** Each vendor block's server and account or user: what it acts as, without its credentials. */
function publicAccounts(blocks: ProvidersConfig): Array<[string, Record<string, unknown>]> {
  return Object.entries(blocks).flatMap(([vendor, block]) => {
    if (!block) return [];
    const { url, account_id, email } = block as { url: string; account_id?: number; email?: string };
    return [[vendor, { url, account_id, email }]];
  });
}

/**
 * Nothing at all where config was looked for (a first run in an empty
 * directory): say so, and how to start, rather than a file:line error about
 * a file that is not there. A missing path among existing ones stays a
 * located problem, reported with the others.
 */
async function requireSomeConfig(paths: readonly string[], cwd: string): Promise<void> {
  const found = await Promise.all(paths.map((p) => lstat(path.resolve(cwd, p)).then(() => true, () => false)));
  if (paths.length === 0 || found.some(Boolean)) return;
  throw new UserError(
    `no config found: looked for ${paths.join(', ')} in ${cwd} (config files or directories can be given as arguments).\n` +
      'To start, write deskform.yaml with a providers: block (see "Config" in the README: https://www.npmjs.com/package/deskform#config);\n' +
      'then `deskform export --out live.yaml` writes what is live as deskform YAML to start from.',
  );
}

/** A synthesized CDKTF stack (`cdk.tf.json`) is the other front door to the same desired state; its reader loads only when used. */
async function loadSynthesizedStack(paths: readonly string[], kinds: readonly Kind[], options: LoadOptions): Promise<LoadedConfig> {
  const { loadStack } = await import('../../terraform/cdktf-stack.js');
  return loadStack(paths, kinds, { env: options.env, cwd: options.cwd, allowExternalSymlinks: options.allowExternalSymlinks });
}
