/**
 * Document parts an environment overlay edits, for the collector to read as
 * it reads any file's parts. JSON Merge Patch (RFC 7386) on parts: a mapping
 * in the patch merges into the base's mapping key by key, any other value
 * (scalars, lists) replaces, and null removes. Every value keeps the
 * position of the text that wrote it, base or overlay, and only what
 * survives the patch is ever read: a base value the overlay replaces is
 * never built, so an `${env:…}` it names need not be set.
 */
import type { DocEntry, DocPart } from './doc-parts.js';
import type { SourceNode } from './source-tree.js';
import type { SourcePos } from './types.js';
import type { Built } from './yaml-source.js';

/** What `patch` makes of `base`: a mapping merges into it, anything else replaces it. */
export function patched(base: DocPart | undefined, patch: DocPart): DocPart {
  return patch.shape === 'map' ? new PatchedPart(base, patch) : patch;
}

/** A mapping merged from a base value (if it was a mapping) and a patch mapping. */
class PatchedPart implements DocPart {
  readonly empty = false;
  readonly isNull = false;
  readonly shape = 'map';
  private merged: DocEntry[] | undefined;
  private readonly base: DocPart | undefined;

  constructor(
    base: DocPart | undefined,
    private readonly patch: DocPart,
  ) {
    // RFC 7386: a patch mapping applied to anything but a mapping applies to an empty one.
    this.base = base?.shape === 'map' ? base : undefined;
  }

  describe(): string {
    return 'a mapping';
  }

  pos(fallback?: SourcePos): SourcePos {
    return (this.base ?? this.patch).pos(fallback);
  }

  items(): DocPart[] {
    return [];
  }

  /** Base entries in their order, then the patch's new ones; an entry the patch writes is located at the patch. */
  entries(): DocEntry[] {
    if (this.merged) return this.merged;
    const changes = new Map(this.patch.entries().map((e) => [e.key.name, e]));
    const merged: DocEntry[] = [];
    for (const entry of this.base?.entries() ?? []) {
      const change = changes.get(entry.key.name);
      if (!change) {
        merged.push(entry);
        continue;
      }
      changes.delete(entry.key.name);
      if (!change.value.empty) merged.push({ key: change.key, value: patched(entry.value, change.value) });
    }
    for (const change of changes.values()) if (!change.value.empty) merged.push({ key: change.key, value: patched(undefined, change.value) });
    return (this.merged = merged);
  }

  build(depth: number, fallback?: SourcePos): Built {
    return buildMapping(this.entries(), this.pos(fallback), depth);
  }

  envReferences(): Record<string, string> {
    const refs = this.base?.envReferences() ?? {};
    for (const name of Object.keys(this.patch.peek() ?? {})) delete refs[name];
    return Object.assign(refs, this.patch.envReferences());
  }

  peek(): Record<string, unknown> {
    const fields = { ...this.base?.peek() };
    for (const [name, value] of Object.entries(this.patch.peek() ?? {})) {
      if (value === null) delete fields[name];
      else fields[name] = value;
    }
    return fields;
  }
}

/**
 * A mapping of one file with some entries replaced or removed by key: a
 * file's top level or `providers` block that an overlay patched, or an
 * overlay's own, less what it patched elsewhere. A replacement is always a
 * mapping or a list (an overlay's other values stay in its own file).
 */
export class EditedMap implements DocPart {
  readonly isNull = false;
  private own: DocEntry[] | undefined;
  private ownByName: Map<string, DocPart> | undefined;
  /** By key: the new value (null: removed). */
  private readonly edits = new Map<string, DocPart | null>();

  constructor(private readonly part: DocPart) {}

  get empty(): boolean {
    return this.part.empty;
  }

  get shape(): DocPart['shape'] {
    return this.part.shape;
  }

  describe(): string {
    return this.part.describe();
  }

  pos(fallback?: SourcePos): SourcePos {
    return this.part.pos(fallback);
  }

  items(): DocPart[] {
    return this.part.items();
  }

  /** The file's own entries, unedited; read once, so that what reading them reports is reported once. */
  ownEntries(): DocEntry[] {
    return (this.own ??= this.part.shape === 'map' ? this.part.entries() : []);
  }

  /** The value under `name` as edited so far; undefined when there is none (or it was removed). */
  current(name: string): DocPart | undefined {
    const edit = this.edits.get(name);
    if (edit !== undefined) return edit ?? undefined;
    if (!this.ownByName) {
      this.ownByName = new Map();
      // The first of a repeated key, as the reader reports the others.
      for (const { key, value } of this.ownEntries()) if (!this.ownByName.has(key.name)) this.ownByName.set(key.name, value);
    }
    return this.ownByName.get(name);
  }

  /** Puts `part` (a mapping or list; null: nothing) under `name`. */
  replace(name: string, part: DocPart | null): void {
    this.edits.set(name, part);
  }

  entries(): DocEntry[] {
    return this.ownEntries().flatMap((entry) => {
      const edit = this.edits.get(entry.key.name);
      if (edit === undefined) return [entry];
      return edit ? [{ key: entry.key, value: edit }] : [];
    });
  }

  build(depth: number, fallback?: SourcePos): Built {
    return buildMapping(this.entries(), this.pos(fallback), depth);
  }

  /** The file's own references, less the edited entries: a mapping or list put there is no field's text. */
  envReferences(): Record<string, string> {
    const refs = this.part.envReferences();
    for (const name of this.edits.keys()) delete refs[name];
    return refs;
  }

  /** The file's own fields, less the removed ones; an edited one is a mapping or list, which peek leaves unspecified. */
  peek(): Record<string, unknown> | undefined {
    const fields = this.part.peek();
    if (!fields) return undefined;
    const out = { ...fields };
    for (const [name, edit] of this.edits) {
      if (edit === null) delete out[name];
      else out[name] = undefined;
    }
    return out;
  }
}

/** A kind's list as an overlay left it: some items patched or removed, or only the items it added. */
export class EditedList implements DocPart {
  readonly empty = false;
  readonly isNull = false;
  readonly shape = 'seq';

  constructor(
    private readonly part: DocPart,
    /** The items; null where one was removed. */
    readonly slots: Array<DocPart | null>,
  ) {}

  describe(): string {
    return 'a list';
  }

  pos(fallback?: SourcePos): SourcePos {
    return this.part.pos(fallback);
  }

  items(): DocPart[] {
    return this.slots.filter((item): item is DocPart => item !== null);
  }

  entries(): DocEntry[] {
    return [];
  }

  build(depth: number, fallback?: SourcePos): Built {
    const pos = this.pos(fallback);
    const children = new Map<string | number, SourceNode>();
    const value = this.items().map((item, i) => {
      const built = item.build(depth + 1, pos);
      children.set(i, built.node);
      return built.value;
    });
    return { value, node: { pos, children } };
  }

  envReferences(): Record<string, string> {
    return {};
  }

  peek(): undefined {
    return undefined;
  }
}

/** A mapping's value built entry by entry, each value with the position of the file that wrote it. */
function buildMapping(entries: readonly DocEntry[], pos: SourcePos, depth: number): Built {
  const value: Record<string, unknown> = {};
  const children = new Map<string | number, SourceNode>();
  let flawless = true;
  for (const { key, value: part } of entries) {
    const built = part.build(depth + 1, key.pos);
    // A value built on its own lacks the key position its parent's reading would have given it.
    if (built.node.keyPos === undefined) built.node.keyPos = key.pos;
    children.set(key.name, built.node);
    value[key.name] = built.value;
    flawless &&= built.flawless === true;
  }
  return { value, node: { pos, children }, flawless };
}
