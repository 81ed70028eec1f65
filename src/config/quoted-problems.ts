/** Config problems as text output shows them: each with the line it is about quoted under it. */
import { formatProblem, type ConfigError } from '../errors.js';
import { sourceExcerpt } from '../util/source-excerpt.js';
import { MAX_REPORTED_PROBLEMS } from './problems.js';

/**
 * The problems, one per line as in the error's message, each followed by its
 * line of source when the error says how to quote it. Lines are quoted from
 * the texts the loader read, never read again: a file changed since would
 * quote another line than the one the problem is about.
 */
export function quotedProblems(err: ConfigError): string {
  const quoting = err.quoting;
  return err.problems
    .map((p, i) => {
      const text = formatProblem(p);
      // Past the limit the last entry counts the problems not shown: it is about no line.
      const line = quoting && i < MAX_REPORTED_PROBLEMS ? quoting.line(p.file, p.line) : undefined;
      return line === undefined ? text : `${text}\n${sourceExcerpt(line.text, p.line, p.col, line.hidden)}`;
    })
    .join('\n');
}
