/**
 * One face for the values of a config document, whichever reader read it:
 * yaml library nodes (any YAML, every problem reported with its position;
 * `YamlPart` in yaml-document.ts, loaded only when needed) or fast-yaml's plain
 * values (the common simple shape, deeper positions read on demand;
 * `SimplePart` here). The collector walks sections through it.
 */
import { DeferredNode, type SimpleSource } from './simple-source.js';
import type { SourcePos, ValuePath } from './types.js';
import type { Built, MappingKey } from './yaml-source.js';
import { valueName } from './zod-problems.js';

export interface DocEntry {
  key: MappingKey;
  value: DocPart;
}

export interface DocPart {
  /** Nothing was written (`inboxes:` alone, or `~`). */
  readonly empty: boolean;
  /** `null` or `~` was written, where `empty` is also true of nothing written at all: an overlay removes with the one, and changes nothing with the other. */
  readonly isNull: boolean;
  readonly shape: 'map' | 'seq' | 'other';
  /** What it is, for messages: "a list", "a string". */
  describe(): string;
  pos(fallback?: SourcePos): SourcePos;
  items(): DocPart[];
  /** The entries whose keys can be used; the reader reports each other key (to the build context's problems). */
  entries(): DocEntry[];
  /** The plain value and where its parts came from; `depth` counts from the top-level mapping. */
  build(depth: number, fallback?: SourcePos): Built;
  /** The fields of this mapping whose text holds an `${env:…}` reference, with that text as written. */
  envReferences(): Record<string, string>;
  /**
   * This mapping's keys, each scalar with its plain value (`${env:…}`
   * substituted where the variable is set), read without reporting anything:
   * enough to tell which object an item is before it is read for real.
   * Values that are not scalars are unspecified. Undefined when not a mapping.
   */
  peek(): Record<string, unknown> | undefined;
}

export class SimplePart implements DocPart {
  constructor(
    private readonly source: SimpleSource,
    private readonly value: unknown,
    private readonly path: ValuePath,
  ) {}

  get empty(): boolean {
    return this.value === null;
  }

  /** fast-yaml hands a value with nothing written to the yaml library, so every null here was written. */
  get isNull(): boolean {
    return this.value === null;
  }

  get shape(): DocPart['shape'] {
    return Array.isArray(this.value) ? 'seq' : typeof this.value === 'object' && this.value !== null ? 'map' : 'other';
  }

  describe(): string {
    return valueName(this.value);
  }

  pos(): SourcePos {
    return this.node().pos;
  }

  items(): DocPart[] {
    return (this.value as unknown[]).map((item, i) => new SimplePart(this.source, item, [...this.path, i]));
  }

  entries(): DocEntry[] {
    const node = this.node();
    const children = (node.children ?? this.source.deepNode(this.path).children)!;
    return Object.entries(this.value as Record<string, unknown>).map(([name, value]) => ({
      key: { name, pos: children.get(name)!.keyPos! },
      value: new SimplePart(this.source, value, [...this.path, name]),
    }));
  }

  /** A fast-read value has no problems of its own (those texts go to the yaml library). */
  build(): Built {
    return { value: this.value, node: new DeferredNode(this.source, this.node(), this.path), flawless: true };
  }

  envReferences(): Record<string, string> {
    return this.source.writtenIn(this.value);
  }

  peek(): Record<string, unknown> | undefined {
    return this.shape === 'map' ? (this.value as Record<string, unknown>) : undefined;
  }

  /** Its node from the first read, or from the full read below the depth that one kept (an overlay patching inside a list item). */
  private node() {
    let node = this.source.root;
    for (const step of this.path) {
      const next = node.children?.get(step);
      if (!next) return this.source.deepNode(this.path);
      node = next;
    }
    return node;
  }
}
