/**
 * An exclusive lock on a state file, held by an apply for its whole run: two
 * applies planning against the same live state would both create what is
 * missing. The lock is a file beside the state file, created with O_EXCL,
 * naming its holder (never anything secret).
 */
import { unlinkSync } from 'node:fs';
import { link, unlink, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { openWithoutBlocking } from '../../util/regular-file.js';
import { UserError } from '../../errors.js';
import { ensureDirectory, isRunning, removeStaleTempFiles, tempPathFor } from '../../util/atomic-file.js';

export interface LockHolder {
  pid: number;
  host: string;
  /** ISO time the lock was taken. */
  since: string;
  /** What holds it, e.g. `deskform apply`. */
  command: string;
}

export interface LockOptions {
  /** How long to wait for another holder; 0 (the default) gives up at once. */
  timeoutMs?: number;
  /** Shown to whoever finds the lock held. Default `deskform`. */
  command?: string;
  /** Told once that the run waits (and for whom), and when a dead holder's lock is taken over. */
  notify?: (message: string) => void;
  /** How often a waiting run looks again. Default 200 ms. */
  pollMs?: number;
}

/** Another run holds the state file. */
export class StateLockedError extends UserError {
  override name = 'StateLockedError';
  constructor(
    readonly lockFile: string,
    readonly holder: LockHolder | undefined,
  ) {
    super(
      `the state file is locked by ${describeHolder(holder)} (${lockFile}). Wait for that run to finish, or pass --lock-timeout to wait for it. ` +
        `If that run is dead (its host crashed, or it ran elsewhere), delete ${lockFile} and run again.`,
    );
  }
}

export const lockFileFor = (stateFile: string) => `${stateFile}.lock`;

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

export class StateLock {
  private released = false;
  private readonly onSignal = (signal: NodeJS.Signals) => {
    if (process.listenerCount(signal) > 0) {
      // Someone else also listens and decides: the process may keep running, and then it keeps its lock.
      process.once(signal, this.onSignal);
      return;
    }
    this.releaseSync();
    // Exit as the signal would have made it.
    process.kill(process.pid, signal);
  };
  private readonly onExit = () => this.releaseSync();

  constructor(readonly file: string) {
    for (const signal of SIGNALS) process.once(signal, this.onSignal);
    process.once('exit', this.onExit);
  }

  async release(): Promise<void> {
    if (this.released) return;
    this.unhook();
    await unlink(this.file).catch(() => undefined);
  }

  /** For signal and exit handlers, which cannot wait. */
  private releaseSync(): void {
    if (this.released) return;
    this.unhook();
    try {
      unlinkSync(this.file);
    } catch {
      // Already gone: nothing to release.
    }
  }

  private unhook(): void {
    this.released = true;
    for (const signal of SIGNALS) process.removeListener(signal, this.onSignal);
    process.removeListener('exit', this.onExit);
  }
}

/**
 * Takes the lock of `stateFile`, waiting up to `timeoutMs` for its holder. A
 * lock left by a process of this host that no longer exists is taken over.
 */
export async function acquireStateLock(stateFile: string, options: LockOptions = {}): Promise<StateLock> {
  const file = lockFileFor(stateFile);
  const me: LockHolder = { pid: process.pid, host: hostname(), since: new Date().toISOString(), command: options.command ?? 'deskform' };
  const deadline = Date.now() + (options.timeoutMs ?? 0);
  let waiting = false;
  try {
    await ensureDirectory(path.dirname(file));
  } catch (err) {
    throw cannotLock(file, err);
  }
  await removeStaleTempFiles(file);
  for (;;) {
    if (await tryCreate(file, me)) return new StateLock(file);
    const holder = await readHolder(file);
    if (holder === 'gone') continue;
    if (holder && holder.host === me.host && !isRunning(holder.pid)) {
      options.notify?.(`Taking over the lock of ${describeHolder(holder)}: that process no longer exists.\n`);
      if (!(await removeDeadLock(file, holder, me))) await sleep(options.pollMs ?? 200);
      continue;
    }
    const left = deadline - Date.now();
    if (left <= 0) throw new StateLockedError(file, holder);
    if (!waiting) options.notify?.(`Waiting for the state file lock, held by ${describeHolder(holder)} …\n`);
    waiting = true;
    await sleep(Math.min(left, options.pollMs ?? 200));
  }
}

/**
 * Removes the lock of `dead`, unless another run took it over since it was
 * read: runs that found the same dead lock take turns through a guard file,
 * and each removes only the very lock it found dead, never a successor's.
 * False when another run is taking it over right now.
 */
async function removeDeadLock(file: string, dead: LockHolder, me: LockHolder): Promise<boolean> {
  const guard = `${file}.takeover`;
  if (!(await tryCreate(guard, me))) {
    const other = await readHolder(guard);
    // A guard whose run died mid-takeover would block every later takeover.
    if (other !== 'gone' && other !== undefined && other.host === me.host && !isRunning(other.pid)) await unlink(guard).catch(() => undefined);
    return false;
  }
  try {
    const current = await readHolder(file);
    const same = current !== 'gone' && current !== undefined && current.pid === dead.pid && current.host === dead.host && current.since === dead.since;
    if (same) await unlink(file).catch(() => undefined);
    return true;
  } finally {
    await unlink(guard).catch(() => undefined);
  }
}

/** Writes the holder to a temp file and links it into place: the lock file is never seen half-written. */
async function tryCreate(file: string, me: LockHolder): Promise<boolean> {
  const temp = tempPathFor(file);
  try {
    await writeFile(temp, JSON.stringify(me) + '\n', { mode: 0o600, flag: 'wx' });
    await link(temp, file);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw cannotLock(file, err);
  } finally {
    await unlink(temp).catch(() => undefined);
  }
}

/** Lock files hold a line of JSON; anything bigger is not one of ours. */
const MAX_LOCK_BYTES = 64 * 1024;

async function readHolder(file: string): Promise<LockHolder | undefined | 'gone'> {
  try {
    // Never waits: a FIFO put where the lock file belongs reads as an unreadable lock.
    const handle = await openWithoutBlocking(file);
    let text: string;
    try {
      const info = await handle.stat();
      if (!info.isFile() || info.size > MAX_LOCK_BYTES) return undefined;
      text = await handle.readFile('utf8');
    } finally {
      await handle.close();
    }
    const parsed = JSON.parse(text) as Partial<LockHolder>;
    const valid = typeof parsed.pid === 'number' && typeof parsed.host === 'string' && typeof parsed.since === 'string' && typeof parsed.command === 'string';
    return valid ? (parsed as LockHolder) : undefined;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'gone' : undefined;
  }
}

function describeHolder(holder: LockHolder | undefined): string {
  return holder ? `pid ${holder.pid} on ${holder.host} since ${holder.since} (${holder.command})` : 'an unknown holder (the lock file is unreadable)';
}

function cannotLock(file: string, err: unknown): UserError {
  return new UserError(`cannot create the lock file ${file} (${(err as Error).message}): the state file's directory must be writable; choose another path with --state`);
}
