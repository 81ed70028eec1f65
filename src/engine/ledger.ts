/**
 * The ledger remembers digests of write-only fields deskform applied (they
 * cannot be read back), and which adopt-only objects it manages. It is
 * written atomically after every successful step, so a crash loses nothing
 * already applied. Values are digests, never the values themselves.
 */
import { readFile } from 'node:fs/promises';
import { UserError } from '../errors.js';
import { Redactor } from '../vendors/http/redactor.js';
import { removeStaleTempFiles, writeFileAtomic } from './atomic-file.js';
import type { LedgerView } from './planner.js';

const LEDGER_FORMAT_VERSION = 1;

interface Entry {
  key: string;
  fields: Record<string, string>;
  /** Declared with `protected: true` when last applied: prune never deletes it. */
  protected?: boolean;
  /** The vendor accepted its delete but still listed it when deskform stopped waiting. */
  delete_pending?: boolean;
  applied_at: string;
}

interface LedgerFile {
  format_version: typeof LEDGER_FORMAT_VERSION;
  /** Per vendor endpoint (`chatwoot https://app.chatwoot.com account 1`), entries by `kind/id`. */
  scopes: Record<string, Record<string, Entry>>;
}

export class Ledger implements LedgerView {
  /** The write in progress, if any. */
  private writing: Promise<void> = Promise.resolve();
  /** The write queued behind it, shared by every change made since that one started. */
  private queued: Promise<void> | undefined;
  /** Keys are for people reading the file; a secret reused in a name is masked there like everywhere else. */
  private readonly keyMask = new Redactor();

  private constructor(
    readonly file: string,
    private readonly data: LedgerFile,
    /** Which scope a kind's entries live in (its vendor endpoint). */
    private readonly scopeOf: (kind: string) => string,
  ) {}

  static async open(file: string, scopeOf: (kind: string) => string): Promise<Ledger> {
    await removeStaleTempFiles(file);
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return new Ledger(file, emptyLedger(), scopeOf);
      throw new UserError(`cannot read the state file ${file}: ${(err as Error).message}`);
    }
    return new Ledger(file, parseLedger(file, text), scopeOf);
  }

  fieldsOf(kind: string, id: string): Record<string, string> | undefined {
    return this.entry(kind, id)?.fields;
  }

  isProtected(kind: string, id: string): boolean {
    return this.entry(kind, id)?.protected === true;
  }

  /** Merges the given field digests into the object's entry, sets its protection, and persists. */
  record(kind: string, id: string, key: string, fields: Record<string, string>, isProtected: boolean): Promise<void> {
    const scope = (this.data.scopes[this.scopeOf(kind)] ??= {});
    const previous = scope[`${kind}/${id}`]?.fields ?? {};
    const entry: Entry = { key: this.keyMask.redact(key), fields: { ...previous, ...fields }, applied_at: new Date().toISOString() };
    if (isProtected) entry.protected = true;
    scope[`${kind}/${id}`] = entry;
    return this.persist();
  }

  /** Masks these values (the config's secrets) in the keys recorded from now on. */
  hideSecrets(values: Iterable<string>): void {
    for (const value of values) this.keyMask.add(value);
  }

  /** Records that the object's delete was accepted but has not finished: plans leave it alone until it stops listing. */
  markDeletePending(kind: string, id: string, key: string): Promise<void> {
    const scope = (this.data.scopes[this.scopeOf(kind)] ??= {});
    scope[`${kind}/${id}`] = { key: this.keyMask.redact(key), fields: {}, delete_pending: true, applied_at: new Date().toISOString() };
    return this.persist();
  }

  pendingDeletes(kind: string): string[] {
    const scope = this.data.scopes[this.scopeOf(kind)] ?? {};
    return Object.entries(scope).flatMap(([ref, entry]) => (entry.delete_pending && ref.startsWith(`${kind}/`) ? [ref.slice(kind.length + 1)] : []));
  }

  private entry(kind: string, id: string): Entry | undefined {
    return this.data.scopes[this.scopeOf(kind)]?.[`${kind}/${id}`];
  }

  forget(kind: string, id: string): Promise<void> {
    const scope = this.data.scopes[this.scopeOf(kind)];
    if (!scope?.[`${kind}/${id}`]) return Promise.resolve();
    delete scope[`${kind}/${id}`];
    return this.persist();
  }

  /**
   * Writes are chained so concurrent steps never interleave partial files, and
   * coalesced: changes made while a write is in progress all go out in the one
   * write queued behind it, whose snapshot is taken when it starts. Each caller
   * still resolves only once a write holding its change is on disk, but a run
   * of N steps costs far fewer than N rewrites of a file that grows with N.
   */
  private persist(): Promise<void> {
    this.queued ??= this.writing
      .catch(() => undefined)
      .then(() => {
        this.writing = this.queued!;
        this.queued = undefined;
        return writeFileAtomic(this.file, JSON.stringify(this.data, null, 2) + '\n', 0o600);
      });
    return this.queued;
  }
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
