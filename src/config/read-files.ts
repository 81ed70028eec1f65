/**
 * Turns the paths given on the command line into decoded config texts,
 * refusing anything that is not small UTF-8 text before a parser sees it.
 */
import { readdir, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import type { ConfigProblem } from '../errors.js';
import { cannotRead, isInside, readRegularFile, whyUnopened } from '../util/regular-file.js';

/** Files above this are refused unread: a config this big is a mistake or an attack. */
export const MAX_CONFIG_FILE_BYTES = 5 * 1024 * 1024;
/** The same for all files together: a directory of many big files must not exhaust memory either. */
export const MAX_CONFIG_TOTAL_BYTES = 2 * MAX_CONFIG_FILE_BYTES;

export interface ConfigText {
  /** The path as shown in messages: as given, or joined with a directory entry. */
  file: string;
  abs: string;
  text: string;
}

export interface ReadResult {
  texts: ConfigText[];
  problems: ConfigProblem[];
  /** Every file named in problems or read, in the order met: the sort order of problems. */
  order: string[];
}

export interface ReadOptions {
  /** Read files that are symlinks to somewhere outside their directory (refused by default). */
  allowExternalSymlinks?: boolean;
}

const CONFIG_FILE = /\.ya?ml$/i;

export async function readConfigTexts(paths: readonly string[], cwd: string, options: ReadOptions = {}): Promise<ReadResult> {
  const out: ReadResult = { texts: [], problems: [], order: [] };
  const seen = new Set<string>();
  let total = 0;
  for (const given of paths) {
    for (const file of await expandPath(given, cwd, out)) {
      const abs = path.resolve(cwd, file);
      if (seen.has(abs)) continue;
      seen.add(abs);
      out.order.push(file);
      const text = await readText(file, abs, out.problems, options);
      if (text === undefined) continue;
      total += Buffer.byteLength(text);
      if (total > MAX_CONFIG_TOTAL_BYTES) {
        out.problems.push(fileProblem(file, `brings the config files to more than ${mb(MAX_CONFIG_TOTAL_BYTES)} MB in all, their limit together`));
        return out;
      }
      out.texts.push({ file, abs, text });
    }
  }
  return out;
}

/**
 * A file stands for itself; a directory for its *.yaml/*.yml entries, sorted,
 * not recursing. Every such entry is read, whatever it is: one skipped
 * silently would make `--prune` delete what it declared.
 */
async function expandPath(given: string, cwd: string, out: ReadResult): Promise<string[]> {
  const abs = path.resolve(cwd, given);
  const info = await stat(abs).catch((err: NodeJS.ErrnoException) => err);
  if (info instanceof Error) {
    out.order.push(given);
    out.problems.push(fileProblem(given, await whyUnopened(abs, info)));
    return [];
  }
  if (!info.isDirectory()) return [given];
  const listing = await readdir(abs).catch((err: NodeJS.ErrnoException) => err);
  if (listing instanceof Error) {
    out.order.push(given);
    out.problems.push(fileProblem(given, cannotRead(listing)));
    return [];
  }
  const files = listing.filter((n) => CONFIG_FILE.test(n)).sort(byCodeUnit).map((name) => path.join(given, name));
  if (files.length === 0) {
    out.order.push(given);
    out.problems.push(fileProblem(given, 'directory holds no .yaml or .yml files'));
  }
  return files;
}

async function readText(file: string, abs: string, problems: ConfigProblem[], options: ReadOptions): Promise<string | undefined> {
  const read = await readRegularFile(abs, MAX_CONFIG_FILE_BYTES);
  if ('problem' in read) problems.push(fileProblem(file, read.problem));
  if ('size' in read) problems.push(fileProblem(file, tooBig(read.size)));
  if (!('bytes' in read)) return undefined;
  if (!options.allowExternalSymlinks) {
    // The file may be removed or replaced between being read and being resolved.
    const outside = await outsideItsDirectory(abs).catch((err: NodeJS.ErrnoException) => err);
    if (outside instanceof Error) {
      problems.push(fileProblem(file, cannotRead(outside)));
      return undefined;
    }
    if (outside) {
      problems.push(fileProblem(file, `is a symlink to ${outside}, outside its directory: pass --allow-external-symlinks to read it`));
      return undefined;
    }
  }
  const bytes = read.bytes;
  const nul = bytes.indexOf(0);
  if (nul >= 0) {
    problems.push({ file, ...bytePosition(bytes, nul), subject: '', message: 'contains a NUL byte; config files must be UTF-8 text (is it binary or UTF-16?)' });
    return undefined;
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    problems.push({ file, ...bytePosition(bytes, firstInvalidUtf8(bytes)), subject: '', message: 'is not valid UTF-8' });
    return undefined;
  }
}

/**
 * Valid UTF-8 survives a lenient decode and re-encode byte for byte, so the
 * first byte that differs is the first invalid one.
 */
function firstInvalidUtf8(bytes: Uint8Array): number {
  const again = new TextEncoder().encode(new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes));
  let i = 0;
  while (i < bytes.length && bytes[i] === again[i]) i++;
  return i;
}

/** 1-based line and column (in UTF-16 units, as the YAML parser counts) of a byte offset. */
function bytePosition(bytes: Uint8Array, offset: number): { line: number; col: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset; i++) {
    if (bytes[i] === 0x0a) {
      line++;
      lineStart = i + 1;
    }
  }
  const before = new TextDecoder('utf-8', { ignoreBOM: line > 1 }).decode(bytes.subarray(lineStart, offset));
  return { line, col: before.length + 1 };
}

const mb = (n: number) => (n / (1024 * 1024)).toFixed(1);

function tooBig(size: number): string {
  return `is ${mb(size)} MB; config files are limited to ${mb(MAX_CONFIG_FILE_BYTES)} MB`;
}

/** Where `abs` really is, when a symlink takes it out of the directory it is listed in. */
async function outsideItsDirectory(abs: string): Promise<string | undefined> {
  const [dir, real] = await Promise.all([realpath(path.dirname(abs)), realpath(abs)]);
  return isInside(dir, real) ? undefined : real;
}

function fileProblem(file: string, message: string): ConfigProblem {
  return { file, line: 1, col: 1, subject: '', message };
}

function byCodeUnit(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
