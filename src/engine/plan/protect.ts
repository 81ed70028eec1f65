/**
 * The config's `protect:` section: keys prune must never remove, by kind.
 * Entries are globs on keys, matched the way --target/--exclude match, so an
 * exact name is simply a glob without wildcards.
 */
import { keyGlob } from './targeting.js';

/** Entries by kind name (not config key), as the config gives them. */
export type ProtectSection = ReadonlyMap<string, ReadonlySet<string>>;

export class Protection {
  private readonly globs: Map<string, Array<{ entry: string; key: RegExp }>>;

  constructor(section: ProtectSection = new Map()) {
    this.globs = new Map([...section].map(([kind, entries]) => [kind, [...entries].map((entry) => ({ entry, key: keyGlob(entry) }))]));
  }

  covers(kind: string, key: string): boolean {
    return (this.globs.get(kind) ?? []).some((g) => g.key.test(key));
  }

  /** The entries for `kind` that match none of `keys`, in the config's order. */
  unmatched(kind: string, keys: readonly string[]): string[] {
    return (this.globs.get(kind) ?? []).filter((g) => !keys.some((k) => g.key.test(k))).map((g) => g.entry);
  }
}
