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

/** Turns offsets in one file's text into positions. */
export type Locator = (offset: number) => SourcePos;

/** Positions from the offsets at which the text's lines start. */
export function lineLocator(file: string, lineStarts: readonly number[]): Locator {
  return (offset) => {
    let low = 0;
    let high = lineStarts.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (lineStarts[mid]! < offset) low = mid + 1;
      else high = mid;
    }
    if (lineStarts[low] === offset) return { file, line: low + 1, col: 1 };
    if (low === 0) return { file, line: 1, col: 1 };
    return { file, line: low, col: offset - lineStarts[low - 1]! + 1 };
  };
}

/**
 * A node whose positions are kept as offsets and turned into line:col only
 * when asked (they are for messages), which keeps the retained tree of a
 * large config small.
 */
export class OffsetSourceNode implements SourceNode {
  declare children?: Map<string | number, SourceNode>;
  declare interpolated?: boolean;
  declare flawed?: boolean;
  /** Where the key holding this value starts: an offset, or a position given outright. */
  private key: number | SourcePos | undefined;

  constructor(
    private readonly locator: Locator,
    /** An offset in the text, or a position given outright (a node with no range of its own). */
    private readonly at: number | SourcePos,
  ) {}

  get pos(): SourcePos {
    return this.resolve(this.at);
  }

  get keyPos(): SourcePos | undefined {
    return this.key === undefined ? undefined : this.resolve(this.key);
  }

  set keyPos(pos: SourcePos | undefined) {
    this.key = pos;
  }

  keyAt(offset: number): void {
    this.key = offset;
  }

  private resolve(at: number | SourcePos): SourcePos {
    return typeof at === 'number' ? this.locator(at) : at;
  }
}
