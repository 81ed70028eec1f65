/** Config problems as text output shows them: each with the line it is about quoted under it. */
import path from 'node:path';
import { formatProblem, type ConfigError } from '../errors.js';
import { readRegularFile } from '../util/regular-file.js';
import { sourceExcerpt } from '../util/source-excerpt.js';
import { MAX_REPORTED_PROBLEMS } from './problems.js';
import { MAX_CONFIG_FILE_BYTES } from './read-files.js';

/**
 * The problems, one per line as in the error's message, each followed by its
 * line of source when the error says how to quote it. A file read again now
 * that is no longer a readable regular UTF-8 file, or no longer that long,
 * gets no quote.
 */
export async function quotedProblems(err: ConfigError, cwd: string): Promise<string> {
  const quoting = err.quoting;
  const files = new Map<string, Promise<string[] | undefined>>();
  const linesOf = (file: string) => {
    let lines = files.get(file);
    if (!lines) files.set(file, (lines = readLines(path.resolve(cwd, file))));
    return lines;
  };
  const shown = await Promise.all(
    err.problems.map(async (p, i) => {
      const text = formatProblem(p);
      // Past the limit the last entry counts the problems not shown: it is about no line.
      if (!quoting || i >= MAX_REPORTED_PROBLEMS || !quoting.files.has(p.file)) return text;
      const line = (await linesOf(p.file))?.[p.line - 1]?.replace(/\r$/, '');
      return line === undefined ? text : `${text}\n${sourceExcerpt(line, p.line, p.col, quoting.secretSpans(line))}`;
    }),
  );
  return shown.join('\n');
}

async function readLines(abs: string): Promise<string[] | undefined> {
  const read = await readRegularFile(abs, MAX_CONFIG_FILE_BYTES);
  if (!('bytes' in read)) return undefined;
  try {
    const lines = new TextDecoder('utf-8', { fatal: true }).decode(read.bytes).split('\n');
    // A final line break ends the last line; it starts none.
    if (lines[lines.length - 1] === '') lines.pop();
    return lines;
  } catch {
    return undefined;
  }
}
