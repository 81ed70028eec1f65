/**
 * The ledger remembers every object deskform applied (kind, id, key), digests
 * of write-only fields (they cannot be read back), and protection. It is
 * written atomically after every successful step, so a crash loses nothing
 * already applied. Values are digests, never the values themselves.
 */
import { open, stat, unlink } from 'node:fs/promises';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as delay } from 'node:timers/promises';
import { openWithoutBlocking } from '../../util/regular-file.js';
import { UserError } from '../../errors.js';
import { Redactor } from '../../util/redactor.js';
import { ensureDirectory, fileVersion, removeStaleTempFiles, tempPathFor, writeFileAtomic } from '../../util/atomic-file.js';
import type { AppliedObject, LedgerView, PendingDelete } from '../plan/planner.js';

const LEDGER_FORMAT_VERSION = 1;

/** Far beyond any real estate; a bigger file is a mistake or an attack, never read into memory. */
export const LEDGER_MAX_BYTES = 64 * 1024 * 1024;

/** One applied object, as the file stores it. A further mark is an optional field here, set by a Ledger method of its own (like markDeletePending). */
interface Entry {
  key: string;
  fields: Record<string, string>;
  /** Declared with `protected: true` when last applied: prune never deletes it. */
  protected?: boolean;
  /** The vendor accepted its delete but still listed it when deskform stopped waiting. */
  delete_pending?: boolean;
  /** When deskform last wrote the entry: for a pending delete, when the vendor accepted it. */
  applied_at: string;
}

interface LedgerFile {
  format_version: typeof LEDGER_FORMAT_VERSION;
  /** Per vendor endpoint (`chatwoot https://app.chatwoot.com account 1`), entries by `kind/id`. */
  scopes: Record<string, Record<string, Entry>>;
}

export interface LedgerOptions {
  /** Refuse to read or write a file bigger than this. Default LEDGER_MAX_BYTES. */
  maxBytes?: number;
}

/** The file's contents and its writes, shared by every view of it. */
class LedgerStore {
  /** The write in progress, if any. */
  writing: Promise<void> = Promise.resolve();
  /** The write queued behind it, shared by every change made since that one started. */
  queued: Promise<void> | undefined;
  /** How long the last write took: the next one waits three times that (see persist). */
  lastWriteMs = 0;
  /** Keys are for people reading the file; a secret reused in a name is masked there like everywhere else. */
  readonly keyMask = new Redactor();
  /** `scope` → `kind/id` of every entry this process changed; only these override the file on disk. */
  readonly touched = new Map<string, Set<string>>();

  constructor(
    readonly file: string,
    public data: LedgerFile,
    /** The version of the file `data` was last read from or written to (undefined: there was none). */
    public diskVersion: string | undefined,
    readonly maxBytes: number,
  ) {}
}

/**
 * One view of the state file: which scope (vendor endpoint) each kind's
 * entries live in. A run over several provider instances has one view per
 * instance over the one file, so their writes never race each other.
 */
export class Ledger implements LedgerView {
  private constructor(
    private readonly store: LedgerStore,
    /** Which scope a kind's entries live in (its vendor endpoint). */
    private readonly scopeOf: (kind: string) => string,
  ) {}

  static async open(file: string, scopeOf: (kind: string) => string, options: LedgerOptions = {}): Promise<Ledger> {
    await removeStaleTempFiles(file);
    const maxBytes = options.maxBytes ?? LEDGER_MAX_BYTES;
    const { data, version } = await readLedger(file, maxBytes);
    return new Ledger(new LedgerStore(file, data, version, maxBytes), scopeOf);
  }

  /** The same file, with kinds' entries in other scopes (another instance's endpoints). */
  withScopes(scopeOf: (kind: string) => string): Ledger {
    return new Ledger(this.store, scopeOf);
  }

  get file(): string {
    return this.store.file;
  }

  fieldsOf(kind: string, id: string): Record<string, string> | undefined {
    return this.entry(kind, id)?.fields;
  }

  isProtected(kind: string, id: string): boolean {
    return this.entry(kind, id)?.protected === true;
  }

  applied(kind: string): AppliedObject[] {
    const prefix = `${kind}/`;
    const scope = this.store.data.scopes[this.scopeOf(kind)] ?? {};
    return Object.entries(scope)
      // An object whose delete is pending is expected to stop listing.
      .filter(([ref, entry]) => ref.startsWith(prefix) && !entry.delete_pending)
      .map(([ref, entry]) => ({ id: ref.slice(prefix.length), key: entry.key }));
  }

  /** Merges the given field digests into the object's entry, sets its protection, and persists. */
  record(kind: string, id: string, key: string, fields: Record<string, string>, isProtected: boolean): Promise<void> {
    const previous = this.entry(kind, id)?.fields ?? {};
    const entry: Entry = { key: this.store.keyMask.redact(key), fields: { ...previous, ...fields }, applied_at: new Date().toISOString() };
    if (isProtected) entry.protected = true;
    return this.setEntry(kind, id, entry);
  }

  forget(kind: string, id: string): Promise<void> {
    if (!this.entry(kind, id)) return Promise.resolve();
    return this.setEntry(kind, id, undefined);
  }

  /**
   * The one mutation: sets (or, with undefined, removes) an object's entry and
   * persists. Only entries changed this way are written over the file on disk.
   */
  private setEntry(kind: string, id: string, entry: Entry | undefined): Promise<void> {
    const scopeName = this.scopeOf(kind);
    const ref = `${kind}/${id}`;
    let touched = this.store.touched.get(scopeName);
    if (!touched) this.store.touched.set(scopeName, (touched = new Set()));
    touched.add(ref);
    const scope = (this.store.data.scopes[scopeName] ??= {});
    if (entry) scope[ref] = entry;
    else delete scope[ref];
    return this.persist();
  }

  /** Masks these values (the config's secrets) in the keys recorded from now on. */
  hideSecrets(values: Iterable<string>): void {
    for (const value of values) this.store.keyMask.add(value);
  }

  /** Records that the object's delete was accepted but has not finished: plans leave it alone until it stops listing. */
  markDeletePending(kind: string, id: string, key: string): Promise<void> {
    return this.setEntry(kind, id, { key: this.store.keyMask.redact(key), fields: {}, delete_pending: true, applied_at: new Date().toISOString() });
  }

  pendingDeletes(kind: string): PendingDelete[] {
    const scope = this.store.data.scopes[this.scopeOf(kind)] ?? {};
    return Object.entries(scope).flatMap(([ref, entry]) =>
      entry.delete_pending && ref.startsWith(`${kind}/`) ? [{ id: ref.slice(kind.length + 1), since: entry.applied_at }] : [],
    );
  }

  /** Fails, naming the file, unless its directory can be created and written to: checked before any vendor write. */
  async checkWritable(): Promise<void> {
    const probe = tempPathFor(this.file);
    try {
      await ensureDirectory(path.dirname(this.file));
      await (await open(probe, 'wx', 0o600)).close();
      await unlink(probe);
    } catch (err) {
      throw new UserError(`the state file ${this.file} cannot be written (${(err as Error).message}); fix its directory or choose another path with --state`);
    }
  }

  private entry(kind: string, id: string): Entry | undefined {
    return this.store.data.scopes[this.scopeOf(kind)]?.[`${kind}/${id}`];
  }

  /**
   * Writes are chained so concurrent steps never interleave partial files, and
   * coalesced: changes made while a write is in progress all go out in the one
   * write queued behind it. When another writer changed the file since this
   * instance last read or wrote it, the write re-reads it and lays this
   * instance's entries over it, so another writer's entries are never lost;
   * otherwise (always, under the state lock) it skips parsing a file it knows.
   * Each caller still resolves only once a write holding its change is on
   * disk, but a run of N steps costs far fewer than N rewrites of a file that
   * grows with N. A write first waits three times as long as the last one
   * took, gathering the changes made meanwhile: rewriting a large ledger back
   * to back would otherwise take the CPU from the requests themselves (an
   * apply of 10,000 objects took 1.5× as long).
   */
  private persist(): Promise<void> {
    this.store.queued ??= this.store.writing
      .catch(() => undefined)
      .then(() => (this.store.lastWriteMs > 0 ? delay(3 * this.store.lastWriteMs) : undefined))
      .then(async () => {
        this.store.writing = this.store.queued!;
        this.store.queued = undefined;
        const started = performance.now();
        if ((await currentVersion(this.file)) !== this.store.diskVersion) this.store.data = this.mergedOnto((await readLedger(this.file, this.store.maxBytes)).data);
        const text = JSON.stringify(this.store.data, null, 2) + '\n';
        if (Buffer.byteLength(text) > this.store.maxBytes) throw tooBig(this.file, this.store.maxBytes, 'would grow');
        this.store.diskVersion = fileVersion(await writeFileAtomic(this.file, text, 0o600));
        this.store.lastWriteMs = performance.now() - started;
      });
    return this.store.queued;
  }

  private mergedOnto(disk: LedgerFile): LedgerFile {
    for (const [scopeName, refs] of this.store.touched) {
      const mine = this.store.data.scopes[scopeName] ?? {};
      const scope = (disk.scopes[scopeName] ??= {});
      for (const ref of refs) {
        if (mine[ref]) scope[ref] = mine[ref];
        else delete scope[ref];
      }
      if (Object.keys(scope).length === 0) delete disk.scopes[scopeName];
    }
    return disk;
  }
}

function tooBig(file: string, maxBytes: number, verb: 'is' | 'would grow'): UserError {
  const mib = Math.round(maxBytes / 1024 / 1024);
  return new UserError(`the state file ${file} ${verb} over ${mib} MiB (${maxBytes} bytes), more than any ledger should; check what wrote it`);
}

async function currentVersion(file: string): Promise<string | undefined> {
  const info = await stat(file, { bigint: true }).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return undefined;
    throw new UserError(`cannot read the state file ${file}: ${err.message}`);
  });
  return info && fileVersion(info);
}

async function readLedger(file: string, maxBytes: number): Promise<{ data: LedgerFile; version: string | undefined }> {
  let text: string;
  let version: string;
  try {
    // Never waits: a FIFO put where the state file belongs fails the check below.
    const handle = await openWithoutBlocking(file);
    try {
      const info = await handle.stat({ bigint: true });
      if (!info.isFile()) throw new Error('not a regular file');
      if (info.size > BigInt(maxBytes)) throw tooBig(file, maxBytes, 'is');
      version = fileVersion(info);
      text = await handle.readFile('utf8');
    } finally {
      await handle.close();
    }
  } catch (err) {
    if (err instanceof UserError) throw err;
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { data: emptyLedger(), version: undefined };
    throw new UserError(`cannot read the state file ${file}: ${(err as Error).message}`);
  }
  return { data: parseLedger(file, text), version };
}

function emptyLedger(): LedgerFile {
  return { format_version: LEDGER_FORMAT_VERSION, scopes: {} };
}

function parseLedger(file: string, text: string): LedgerFile {
  const corrupt = (why: string) =>
    new UserError(`the state file ${file} is not a deskform ledger (${why}); restore it from backup or delete it to start over`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw corrupt('invalid JSON');
  }
  const data = parsed as Partial<LedgerFile> | null;
  if (!data || typeof data !== 'object' || typeof data.scopes !== 'object' || data.scopes === null) throw corrupt('no scopes');
  if (data.format_version !== LEDGER_FORMAT_VERSION) throw corrupt(`format_version ${String(data.format_version)}`);
  return data as LedgerFile;
}
