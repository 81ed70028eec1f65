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
import { readableKey, whereIs, type ReadDocument, type Section } from './collect.js';
import type { DocPart } from './doc-parts.js';
import { excerpt } from './excerpt.js';
import { DEFAULT_INSTANCE, instanceLabel } from './instances.js';
import { EditedList, EditedMap, patched } from './merge-patch.js';
import type { ConfigKind, SourcePos } from './types.js';

export interface OverlayContext {
  sections: ReadonlyMap<string, Section>;
  problem(pos: SourcePos, subject: string, message: string): void;
  /**
   * Every file was read. When one was not, a mapping the overlay writes that
   * matches nothing may patch what that file declares: it is left out, as
   * reading it alone would report false problems (fields it need not repeat,
   * deletes that match nothing).
   */
  complete: boolean;
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
  /** The base files' top levels, then each overlay file's once applied: where a later overlay file finds what it patches. */
  private readonly owners: EditedMap[];

  constructor(
    private readonly base: readonly EditedMap[],
    private readonly ctx: OverlayContext,
  ) {
    this.owners = [...base];
  }

  /** Applies one overlay file's top level; returns what it adds, as its own document. */
  apply(top: DocPart): EditedMap {
    const rest = new EditedMap(top);
    for (const { key, value } of rest.ownEntries()) {
      const section = this.ctx.sections.get(key.name);
      // An unknown section, or one of the wrong shape, is the collector's to report, at the overlay.
      if (!section) continue;
      if (value.empty) {
        // Nothing written (every entry commented out) changes nothing; only `null` removes.
        if (value.isNull) this.remove(key.name, section);
        rest.replace(key.name, null);
      } else if (section.type === 'kind') {
        if (value.shape === 'seq') rest.replace(key.name, this.applyList(section.kind, value));
      } else if (section.type === 'providers') {
        if (value.shape === 'map') rest.replace(key.name, this.applyProviders(value));
      } else {
        this.patchEntry(this.owners.find((owner) => owner.current(key.name) !== undefined), rest, key.name, value);
      }
    }
    this.owners.push(rest);
    return rest;
  }

  /**
   * Patches `owner`'s entry `name` with `value`, an entry of `rest`: a
   * mapping merges into the owner's, anything else replaces it and stays
   * where it was written. Without an owner, `value` stays as written.
   */
  private patchEntry(owner: EditedMap | undefined, rest: EditedMap, name: string, value: DocPart): void {
    if (value.empty) {
      if (value.isNull) owner?.replace(name, null);
      rest.replace(name, null);
    } else if (owner && value.shape === 'map') {
      owner.replace(name, patched(owner.current(name), value));
      rest.replace(name, null);
    } else if (owner) {
      owner.replace(name, null);
    } else if (!this.ctx.complete && value.shape === 'map') {
      rest.replace(name, null);
    }
  }

  /** A top-level section an overlay set to null: gone from every file, as if none wrote it. */
  private remove(name: string, section: Section): void {
    for (const owner of this.owners) if (owner.current(name) !== undefined) owner.replace(name, null);
    if (section.type === 'kind') this.items.set(section.kind.kind, new Map());
  }

  /** Patches each provider block where an earlier file defines it; returns the blocks none does. */
  private applyProviders(block: DocPart): EditedMap {
    const rest = new EditedMap(block);
    for (const { key, value } of rest.ownEntries()) {
      this.patchEntry(
        this.owners.map((top) => this.providersOf(top)).find((p) => p?.current(key.name) !== undefined),
        rest,
        key.name,
        value,
      );
    }
    return rest;
  }

  /** A file's `providers` block, made editable the first time it is patched. */
  private providersOf(top: EditedMap): EditedMap | undefined {
    const written = top.current('providers');
    if (written instanceof EditedMap || written?.shape !== 'map') return written instanceof EditedMap ? written : undefined;
    const block = new EditedMap(written);
    top.replace('providers', block);
    return block;
  }

  /** Merges, adds or deletes each item of an overlay's list; returns the list of the items it adds. */
  private applyList(kind: ConfigKind, list: DocPart): EditedList {
    const known = this.itemsOf(kind);
    const added = new EditedList(list, []);
    /** This file's items by identity: a second one is a mistake, as in any config file. */
    const seen = new Map<string, SourcePos>();
    list.items().forEach((item, index) => {
      const fields = item.peek();
      const key = fields && readableKey(kind, fields);
      const subject = key === undefined ? `${kind.kind} #${index + 1}` : `${kind.kind} "${excerpt(key)}"`;
      const id = key === undefined ? undefined : identity(kind, fields!, key);
      if (id !== undefined) {
        const first = seen.get(id);
        if (first) {
          this.ctx.problem(item.pos(), subject, `is declared more than once (first at ${whereIs(first)})`);
          return;
        }
        seen.set(id, item.pos());
      }
      const slot = id === undefined ? undefined : known.get(id);
      if (fields && PATCH_KEY in fields) {
        const refusal = deletion(kind, fields, key, slot !== undefined || !this.ctx.complete);
        if (refusal) this.ctx.problem(item.pos(), subject, refusal);
        else if (slot) {
          slot.slots[slot.at] = null;
          known.delete(id!);
        }
      } else if (slot) {
        slot.slots[slot.at] = patched(slot.slots[slot.at]!, item);
      } else if (this.ctx.complete) {
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
    for (const top of this.base) {
      const list = top.current(kind.configKey);
      if (list?.shape !== 'seq') continue;
      const edited = new EditedList(list, list.items());
      top.replace(kind.configKey, edited);
      edited.slots.forEach((item, at) => {
        const fields = item!.peek();
        const key = fields && readableKey(kind, fields);
        const id = key === undefined ? undefined : identity(kind, fields!, key);
        if (id !== undefined && !known!.has(id)) known!.set(id, { slots: edited.slots, at });
      });
    }
    return known;
  }
}

/**
 * Natural key plus the provider instance the item names. No provider,
 * `<vendor>` and `<vendor>.default` all name the default instance; a vendor
 * whose only instance has another name also takes items without a provider,
 * which cannot be known before the provider blocks are merged, so those
 * spellings do not match each other.
 */
function identity(kind: ConfigKind, fields: Record<string, unknown>, key: string): string {
  const provider = fields.provider;
  const instance = typeof provider !== 'string' || provider === `${kind.vendor}.${DEFAULT_INSTANCE}` ? instanceLabel(kind.vendor, DEFAULT_INSTANCE) : provider;
  return JSON.stringify([instance, key]);
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
