/**
 * Environment overlays (`--env NAME`): the files of `environments/NAME/`
 * patch the base config before anything is validated, so one definition
 * drives several environments with small differences.
 *
 * - An item of a kind's list is matched by its natural key (and its
 *   `provider`, when written) and merged into the base item with JSON Merge
 *   Patch (merge-patch.ts); an item with a new key is added, after the base
 *   items; `$patch: delete` beside the key removes the base item.
 * - `providers` is patched provider block by provider block, and every other
 *   top-level section with JSON Merge Patch.
 * - Overlay files apply in order, each to what the ones before left.
 *
 * The result is the base files' documents, edited, then each overlay file's
 * document holding only what it adds, so the collector reads them as it reads
 * any files: every value at the position of the file that wrote it.
 */
import { readableKey, type ReadDocument, type Section } from './collect.js';
import type { DocPart } from './doc-parts.js';
import { excerpt } from './excerpt.js';
import { EditedList, EditedMap, patched } from './merge-patch.js';
import type { ConfigKind, SourcePos } from './types.js';

export interface OverlayContext {
  sections: ReadonlyMap<string, Section>;
  problem(pos: SourcePos, subject: string, message: string): void;
}

/** The kustomize convention for deleting with a patch. */
const PATCH_KEY = '$patch';

export function applyOverlays(base: readonly ReadDocument[], overlays: readonly ReadDocument[], ctx: OverlayContext): ReadDocument[] {
  const out = base.map((doc) => (doc.top?.shape === 'map' ? { ...doc, top: new EditedMap(doc.top) } : doc));
  const overlay = new Overlay(
    out.flatMap((doc) => (doc.top instanceof EditedMap ? [doc.top] : [])),
    ctx,
  );
  for (const doc of overlays) out.push(doc.top?.shape === 'map' ? { ...doc, top: overlay.apply(doc.top) } : doc);
  return out;
}

/** Where an item sits: its list's slots (base or overlay) and its index there. */
interface Slot {
  slots: Array<DocPart | null>;
  at: number;
}

class Overlay {
  /** By kind, the items seen so far by identity. */
  private readonly items = new Map<string, Map<string, Slot>>();
  private readonly providerBlocks = new Map<EditedMap, EditedMap>();

  constructor(
    private readonly tops: readonly EditedMap[],
    private readonly ctx: OverlayContext,
  ) {}

  /** Applies one overlay file's top level; returns what it adds, as its own document. */
  apply(top: DocPart): EditedMap {
    const rest = new EditedMap(top);
    for (const { key, value } of rest.ownEntries()) {
      const section = this.ctx.sections.get(key.name);
      // An empty section changes nothing; one of the wrong shape is the collector's to report, at the overlay.
      if (section?.type === 'kind') {
        if (value.shape === 'seq') rest.replace(key.name, this.applyList(section.kind, value));
      } else if (section?.type === 'providers') {
        if (value.shape === 'map') rest.replace(key.name, this.applyProviders(value));
      } else {
        const owner = this.tops.find((t) => t.current(key.name) !== undefined);
        if (owner) owner.replace(key.name, value.empty ? null : patched(owner.current(key.name), value), top);
        if (owner || value.empty) rest.replace(key.name, null);
      }
    }
    return rest;
  }

  /** Patches each provider block where a base file defines it; returns the blocks no base file defines. */
  private applyProviders(block: DocPart): EditedMap {
    const rest = new EditedMap(block);
    for (const { key, value } of rest.ownEntries()) {
      const owner = this.tops.map((top) => this.providersOf(top)).find((p) => p?.current(key.name) !== undefined);
      if (owner) owner.replace(key.name, value.empty ? null : patched(owner.current(key.name), value), block);
      if (owner || value.empty) rest.replace(key.name, null);
    }
    return rest;
  }

  private providersOf(top: EditedMap): EditedMap | undefined {
    let block = this.providerBlocks.get(top);
    const written = top.current('providers');
    if (!block && written?.shape === 'map') {
      block = new EditedMap(written);
      top.replace('providers', block);
      this.providerBlocks.set(top, block);
    }
    return block;
  }

  /** Merges, adds or deletes each item of an overlay's list; returns the list of the items it adds. */
  private applyList(kind: ConfigKind, list: DocPart): EditedList {
    const known = this.itemsOf(kind);
    const added = new EditedList(list, []);
    list.items().forEach((item, index) => {
      const fields = item.peek();
      const key = fields && readableKey(kind, fields);
      const subject = key === undefined ? `${kind.kind} #${index + 1}` : `${kind.kind} "${excerpt(key)}"`;
      const id = key === undefined ? undefined : identity(fields!, key);
      const slot = id === undefined ? undefined : known.get(id);
      if (fields && PATCH_KEY in fields) {
        const refusal = deletion(kind, fields, key, slot !== undefined);
        if (refusal) this.ctx.problem(item.pos(), subject, refusal);
        else {
          slot!.slots[slot!.at] = null;
          known.delete(id!);
        }
      } else if (slot) {
        slot.slots[slot.at] = patched(slot.slots[slot.at]!, item);
      } else {
        if (id !== undefined) known.set(id, { slots: added.slots, at: added.slots.length });
        added.slots.push(item);
      }
    });
    return added;
  }

  /** The base files' items of `kind` by identity (the first of each, as duplicates are the collector's to report). */
  private itemsOf(kind: ConfigKind): Map<string, Slot> {
    let known = this.items.get(kind.kind);
    if (known) return known;
    known = new Map();
    this.items.set(kind.kind, known);
    for (const top of this.tops) {
      const list = top.current(kind.configKey);
      if (list?.shape !== 'seq') continue;
      const edited = new EditedList(list, list.items());
      top.replace(kind.configKey, edited);
      edited.slots.forEach((item, at) => {
        const fields = item!.peek();
        const key = fields && readableKey(kind, fields);
        const id = key === undefined ? undefined : identity(fields!, key);
        if (id !== undefined && !known!.has(id)) known!.set(id, { slots: edited.slots, at });
      });
    }
    return known;
  }
}

/** Natural key plus the provider instance the item names (none: the default one). */
function identity(fields: Record<string, unknown>, key: string): string {
  const provider = fields.provider;
  return JSON.stringify([typeof provider === 'string' ? provider : null, key]);
}

/** Why an item holding `$patch` deletes nothing; undefined when it deletes the item it matched. */
function deletion(kind: ConfigKind, fields: Record<string, unknown>, key: string | undefined, matched: boolean): string | undefined {
  if (fields[PATCH_KEY] !== 'delete') return `${PATCH_KEY} must be "delete" (to remove this ${kind.kind}); to change it, write only the fields that change`;
  if (key === undefined) return `${PATCH_KEY}: delete needs the ${kind.kind}'s key, to say which one it removes`;
  const others = Object.keys(fields).filter((f) => f !== PATCH_KEY && f !== 'provider' && readableKey(kind, { [f]: fields[f] }) !== key);
  if (others.length > 0) return `${PATCH_KEY}: delete removes the whole ${kind.kind}: write only its key beside it (not ${others.map((f) => `"${excerpt(f)}"`).join(', ')})`;
  if (!matched) return `${PATCH_KEY}: delete matches no ${kind.kind} "${excerpt(key)}"${typeof fields.provider === 'string' ? ` of provider ${excerpt(fields.provider)}` : ''} in the config it applies to`;
  return undefined;
}
