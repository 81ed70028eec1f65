/**
 * Reading a config with an environment's overlay (`--env NAME`): the overlay
 * is `environments/NAME/` beside the config paths (in a directory given as a
 * path, or in the directory of a file given as one), read with the same file
 * rules as the base. Loaded only when an environment is asked for.
 */
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { UserError } from '../errors.js';
import { isPlainName, PLAIN_NAME_RULE } from '../util/plain-name.js';
import type { ConfigCollector, ReadDocument, Section } from './collect.js';
import { excerpt } from './excerpt.js';
import { applyOverlays } from './overlay.js';
import { readConfigTexts, type ReadOptions, type ReadResult } from './read-files.js';
import { didYouMean } from './suggest.js';
import type { PosMessage } from './yaml-source.js';

const ENVIRONMENTS_DIR = 'environments';

export interface EnvironmentOptions extends ReadOptions {
  cwd: string;
  sections: ReadonlyMap<string, Section>;
}

/** Reads the base files and the overlay's, and adds them to `collector` patched; returns what was read. */
export async function addWithEnvironment(paths: readonly string[], environment: string, collector: ConfigCollector, options: EnvironmentOptions): Promise<ReadResult> {
  const dirs = await overlayDirs(paths, environment, options.cwd);
  const read = await readConfigTexts([...paths, ...dirs], options.cwd, options);
  collector.problems.push(...read.problems);
  // What the yaml library path finds while reading values goes to one list for every file, as a merged value is read from several.
  const problems: PosMessage[] = [];
  const docs: ReadDocument[] = [];
  for (const text of read.texts) {
    docs.push(collector.readSimpleFile(text) ?? collector.readYamlFile(text, (await import('./yaml-document.js')).readYamlDocument, problems));
  }
  // A file that could not be read or parsed holds what patches may match: those that match nothing are then left unreported.
  const complete = read.problems.length === 0 && docs.every((d) => d.top !== undefined && (d.top.empty || d.top.shape === 'map'));
  const inOverlay = new Set(dirs.map((d) => path.resolve(options.cwd, d)));
  const patched = applyOverlays(
    docs.filter((d) => !inOverlay.has(d.dir)),
    docs.filter((d) => inOverlay.has(d.dir)),
    { sections: options.sections, problem: (pos, subject, message) => collector.problem(pos, subject, message), complete },
  );
  // Each document reports through a context holding that one list, so a problem is reported under the subject read when it was found.
  const ctx = docs.find((d) => d.ctx)?.ctx;
  collector.addPatched(patched.map((d) => ({ ...d, ctx })));
  return read;
}

/** The overlay directories of `environment` that exist, as paths to show; a UserError naming the environments there when none does. */
async function overlayDirs(paths: readonly string[], environment: string, cwd: string): Promise<string[]> {
  if (!isPlainName(environment)) {
    throw new UserError(`environment "${excerpt(environment)}" is not a name of a directory under ${ENVIRONMENTS_DIR}/: use ${PLAIN_NAME_RULE}`);
  }
  const bases = new Map<string, string>();
  for (const given of paths) {
    const dir = (await isDirectory(path.resolve(cwd, given))) ? given : path.dirname(given);
    if (!bases.has(path.resolve(cwd, dir))) bases.set(path.resolve(cwd, dir), dir);
  }
  const candidates = [...bases.values()].map((dir) => path.join(dir, ENVIRONMENTS_DIR, environment));
  const found: string[] = [];
  for (const dir of candidates) if (await isDirectory(path.resolve(cwd, dir))) found.push(dir);
  if (found.length > 0) return found;
  const known = [...new Set((await Promise.all([...bases.keys()].map((abs) => environmentsIn(path.join(abs, ENVIRONMENTS_DIR))))).flat())].sort();
  const there = known.length > 0 ? `environments there: ${known.join(', ')}${didYouMean(environment, known)}` : `no ${ENVIRONMENTS_DIR}/ directory there holds any`;
  throw new UserError(`environment "${environment}" not found: looked for ${candidates.map((c) => `${c}${path.sep}`).join(', ')}; ${there}`);
}

async function environmentsIn(dir: string): Promise<string[]> {
  const entries = await readdir(dir).catch(() => []);
  const dirs = await Promise.all(entries.map(async (name) => (isPlainName(name) && (await isDirectory(path.join(dir, name))) ? [name] : [])));
  return dirs.flat();
}

function isDirectory(abs: string): Promise<boolean> {
  return stat(abs).then(
    (info) => info.isDirectory(),
    () => false,
  );
}
