/**
 * A config text read by fast-yaml, with `${env:X}` substituted: plain values,
 * the shallow source nodes the loader always needs, and every deeper position
 * on demand (the text is read again with all its nodes the first time a
 * message needs one, which only happens on the way to reporting a problem).
 */
import { readSimpleYaml, type SimpleDocument, type Template } from './fast-yaml.js';
import { interpolate, type Env } from './interpolate.js';
import { nodeAt, type SourceNode } from './source-tree.js';
import type { SourcePos, ValuePath } from './types.js';

/** Nodes are kept for the top-level mapping (0), its sections (1) and their entries (2): list items, provider blocks. */
export const SHALLOW_DEPTH = 2;

export class SimpleSource {
  private deep: SourceNode | undefined;
  /** The text of every `${env:…}` string as written, by its container and key (values hold it substituted). */
  private readonly written = new Map<object, Record<string, string>>();

  private constructor(
    private readonly file: string,
    private readonly text: string,
    private readonly env: Env,
    readonly value: Record<string, unknown>,
    readonly root: SourceNode,
  ) {}

  /**
   * The text read by fast-yaml, or undefined when it is outside the simple
   * shape or a substitution fails: the yaml library path then reports it.
   * Substituted values are added to `secrets`.
   */
  static read(file: string, text: string, env: Env, secrets: Set<string>): SimpleSource | undefined {
    const doc = readSimpleYaml(file, text, SHALLOW_DEPTH);
    if (!doc) return undefined;
    const written = doc.templates.map((t) => [t.container, t.key, valueOf(t)] as const);
    if (!substitute(doc, env, secrets)) return undefined;
    const source = new SimpleSource(file, text, env, doc.value, doc.root);
    for (const [container, key, raw] of written) {
      let fields = source.written.get(container);
      if (!fields) source.written.set(container, (fields = {}));
      fields[key] = raw;
    }
    return source;
  }

  /** The fields of `container` (a mapping read from this text) whose text held an `${env:…}` reference, as written. */
  writtenIn(container: unknown): Record<string, string> {
    return { ...(container !== null && typeof container === 'object' ? this.written.get(container) : undefined) };
  }

  /** The node at `path` in the fully read tree. */
  deepNode(path: ValuePath): SourceNode {
    if (!this.deep) {
      const doc = readSimpleYaml(this.file, this.text, Infinity)!;
      substitute(doc, this.env, new Set());
      this.deep = doc.root;
    }
    return nodeAt(this.deep, path).node;
  }
}

/** False (and nothing changed) when a reference names an unset variable or is malformed. */
function substitute(doc: SimpleDocument, env: Env, secrets: Set<string>): boolean {
  const results = doc.templates.map((t) => interpolate(valueOf(t), env));
  if (results.some((r) => r.missing.length > 0 || r.malformed.length > 0)) return false;
  doc.templates.forEach((t, i) => {
    const result = results[i]!;
    (t.container as Record<string | number, unknown>)[t.key] = result.value;
    if (!result.substituted) return;
    secrets.add(result.value);
    if (t.node) t.node.interpolated = true;
  });
  return true;
}

function valueOf(t: Template): string {
  return (t.container as Record<string | number, unknown>)[t.key] as string;
}

/**
 * A list item's or provider block's node: its own position from the shallow
 * read, everything beneath from the full read, made only if asked for.
 */
export class DeferredNode implements SourceNode {
  constructor(
    private readonly source: SimpleSource,
    private readonly shallow: SourceNode,
    private readonly path: ValuePath,
  ) {}

  get pos(): SourcePos {
    return this.shallow.pos;
  }

  get keyPos(): SourcePos | undefined {
    return this.shallow.keyPos;
  }

  get children(): Map<string | number, SourceNode> | undefined {
    return this.source.deepNode(this.path).children;
  }

  get interpolated(): boolean | undefined {
    return this.shallow.interpolated;
  }
}
