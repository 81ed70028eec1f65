/**
 * Positions of every value built from YAML, shaped like the value, so a path
 * (as zod reports it) can be turned back into file:line:col.
 */
import type { SourcePos, ValuePath } from './types.js';

export interface SourceNode {
  /** Where the value starts. */
  pos: SourcePos;
  /** Where the key holding this value starts, for mapping values. */
  keyPos?: SourcePos;
  /** Mapping values by key, or sequence items by index. */
  children?: Map<string | number, SourceNode>;
  /** The string came from `${env:X}` substitution: it may be a secret, and may be coerced. */
  interpolated?: boolean;
  /** A problem was already reported here; validation complaints about it would be noise. */
  flawed?: boolean;
}

/** The node at `path`, or the nearest existing ancestor. */
export function nodeAt(root: SourceNode, path: ValuePath): { node: SourceNode; exact: boolean } {
  let node = root;
  for (const step of path) {
    const next = node.children?.get(step);
    if (!next) return { node, exact: false };
    node = next;
  }
  return { node, exact: true };
}

/** True when any node along `path` (including the root) carries an already-reported problem. */
export function crossesFlawed(root: SourceNode, path: ValuePath): boolean {
  let node: SourceNode | undefined = root;
  for (let i = 0; node; i++) {
    if (node.flawed) return true;
    if (i === path.length) return false;
    node = node.children?.get(path[i]!);
  }
  return false;
}

export function locate(root: SourceNode, path: ValuePath, atKey = false): SourcePos {
  const { node, exact } = nodeAt(root, path);
  return (exact && atKey && node.keyPos) || node.pos;
}
