/**
 * Reading files users name (config files, icons) without ever blocking: a
 * FIFO, socket or device must be refused, not read or waited on, and a
 * dangling symlink or a loop must say so rather than look absent.
 */
import { constants, type Stats } from 'node:fs';
import { lstat, open, readlink, stat, type FileHandle } from 'node:fs/promises';
import path from 'node:path';

export type RegularRead =
  | { bytes: Buffer }
  /** What follows the file's name in a message: "is a symlink loop", … */
  | { problem: string }
  /** Larger than the limit (at least this many bytes); left unread. */
  | { size: number };

// O_NONBLOCK makes opening a FIFO return at once; fstat of the opened handle then refuses it, so the check and the read are about the same file.
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0);

/** Opens for reading without ever waiting: callers fstat the handle and refuse what is not a regular file. */
export function openWithoutBlocking(abs: string): Promise<FileHandle> {
  return open(abs, OPEN_FLAGS);
}

/** The file's bytes if `abs` is (or links to) a regular file of at most `maxBytes`. */
export async function readRegularFile(abs: string, maxBytes: number): Promise<RegularRead> {
  let handle: FileHandle;
  try {
    handle = await openWithoutBlocking(abs);
  } catch (err) {
    return { problem: await whyUnopened(abs, err as NodeJS.ErrnoException) };
  }
  try {
    const info = await handle.stat();
    if (!info.isFile()) return { problem: `is not a regular file but ${typeOf(info)}` };
    if (info.size > maxBytes) return { size: info.size };
    const bytes = await readAtMost(handle, maxBytes, info.size);
    return bytes.length > maxBytes ? { size: bytes.length } : { bytes };
  } catch (err) {
    return { problem: cannotRead(err as NodeJS.ErrnoException) };
  } finally {
    await handle.close();
  }
}

/** At most one byte past the limit: the file may have grown since fstat. */
async function readAtMost(handle: FileHandle, maxBytes: number, expected: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let total = 0;
  let want = Math.min(expected, maxBytes) + 1;
  while (total <= maxBytes) {
    // Unzeroed: only the bytes read are ever kept, and zeroing a large config costs tens of milliseconds.
    const chunk = Buffer.allocUnsafe(Math.min(want, maxBytes + 1 - total));
    const { bytesRead } = await handle.read(chunk, 0, chunk.length, null);
    if (bytesRead === 0) break;
    chunks.push(chunk.subarray(0, bytesRead));
    total += bytesRead;
    want = 64 * 1024;
  }
  return Buffer.concat(chunks, total);
}

/** Why a path cannot be opened or stat'ed, as the rest of a sentence about it (`missing` when there is nothing at all). */
export async function whyUnopened(abs: string, err: NodeJS.ErrnoException, missing = 'no such file or directory'): Promise<string> {
  if (err.code === 'ELOOP') return 'is a symlink loop';
  if (err.code === 'ENOENT') {
    const link = await lstat(abs).catch(() => undefined);
    return link?.isSymbolicLink() ? `is a dangling symlink to ${await readlink(abs)}` : missing;
  }
  // Opening a Unix socket fails with ENXIO.
  const info = await stat(abs).catch(() => undefined);
  if (info && !info.isFile() && !info.isDirectory()) return `is not a regular file but ${typeOf(info)}`;
  return cannotRead(err);
}

/** Whether `file` is `dir` or below it (both already resolved by realpath). */
export function isInside(dir: string, file: string): boolean {
  return file === dir || file.startsWith(dir.endsWith(path.sep) ? dir : dir + path.sep);
}

export function cannotRead(err: NodeJS.ErrnoException): string {
  return `cannot be read (${err.code ?? err.message})`;
}

function typeOf(info: Stats): string {
  if (info.isDirectory()) return 'a directory';
  if (info.isFIFO()) return 'a FIFO (named pipe)';
  if (info.isSocket()) return 'a socket';
  if (info.isCharacterDevice()) return 'a character device';
  if (info.isBlockDevice()) return 'a block device';
  return 'a special file';
}
