/** Preparing valid objects by their kinds (ConfigKind.prepare), for both config front doors. */
import { ConfigError, type ConfigProblem } from '../errors.js';
import type { ConfigKind, DeclaredObject } from './types.js';

/**
 * Replaces each object's value with the one its kind prepares. An object that
 * cannot be prepared keeps its value and adds its problems to `problems`.
 * Kinds without `prepare` cost nothing.
 */
export async function prepareObjects(kinds: readonly ConfigKind[], objects: Map<string, DeclaredObject[]>, problems: ConfigProblem[]): Promise<void> {
  await Promise.all(
    kinds.map(async (kind) => {
      const declared = objects.get(kind.kind);
      if (!kind.prepare || !declared || declared.length === 0) return;
      objects.set(kind.kind, await Promise.all(declared.map((obj) => prepareOne(kind, obj, problems))));
    }),
  );
}

async function prepareOne(kind: ConfigKind, obj: DeclaredObject, problems: ConfigProblem[]): Promise<DeclaredObject> {
  try {
    return { ...obj, value: await kind.prepare!(obj) };
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    problems.push(...err.problems);
    return obj;
  }
}
