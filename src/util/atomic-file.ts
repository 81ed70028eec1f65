import type { BigIntStats } from 'node:fs';
import { mkdir, open, readdir, rename, stat, unlink } from 'node:fs/promises';
import path from 'node:path';

let counter = 0;

/** A fresh name beside `file` that removeStaleTempFiles sweeps once this process is gone. */
export function tempPathFor(file: string): string {
  return `${file}.${process.pid}.${counter++}.tmp`;
}

/**
 * Writes via a synced temp file and a rename: readers see the old file or the
 * new one, never a torn one. Returns what the written file's stat says (a
 * rename keeps inode and times), taken before anyone else could replace it.
 */
export async function writeFileAtomic(file: string, text: string, mode = 0o644): Promise<BigIntStats> {
  await ensureDirectory(path.dirname(file));
  const temp = tempPathFor(file);
  const handle = await open(temp, 'w', mode);
  let written: BigIntStats;
  try {
    await handle.writeFile(text);
    await handle.sync();
    written = await handle.stat({ bigint: true });
  } finally {
    await handle.close();
  }
  try {
    await rename(temp, file);
  } catch (err) {
    await unlink(temp).catch(() => undefined);
    throw err;
  }
  return written;
}

/** Which version of a file this is: another write (a rename over it) changes it; renaming it into place does not (ctime would). */
export function fileVersion(info: BigIntStats): string {
  return `${info.dev}:${info.ino}:${info.size}:${info.mtimeNs}`;
}

/**
 * `mkdir -p`, but finite: Node's recursive mkdir retries forever when a
 * parent exists yet refuses children with ENOENT (anything under /proc). Each
 * level is tried at most twice, and a parent that is not a directory is named.
 */
export async function ensureDirectory(dir: string): Promise<void> {
  try {
    await mkdir(dir);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') {
      if (!(await stat(dir)).isDirectory()) throw Object.assign(new Error(`${dir} exists and is not a directory`), { code: 'ENOTDIR' });
      return;
    }
    const parent = path.dirname(dir);
    if (code !== 'ENOENT' || parent === dir) throw err;
    await ensureDirectory(parent);
    await mkdir(dir).catch((again: NodeJS.ErrnoException) => {
      if (again.code !== 'EEXIST') throw again;
    });
  }
}

/**
 * A process killed between writing its temp file and the rename leaves the
 * temp file behind. Those of processes that are gone are removed, so repeated
 * kills never pile them up; a live writer's temp file is left alone.
 */
export async function removeStaleTempFiles(file: string): Promise<void> {
  const dir = path.dirname(file);
  const prefix = `${path.basename(file)}.`;
  const names = await readdir(dir).catch(() => [] as string[]);
  await Promise.all(
    names.map(async (name) => {
      const pid = name.startsWith(prefix) ? /^(\d+)\.\d+\.tmp$/.exec(name.slice(prefix.length))?.[1] : undefined;
      if (pid === undefined || isRunning(Number(pid))) return;
      await unlink(path.join(dir, name)).catch(() => undefined);
    }),
  );
}

/** Whether a process with this pid exists on this host. */
export function isRunning(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists, but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
