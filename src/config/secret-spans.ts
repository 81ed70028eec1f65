/**
 * Where secrets sit in a line of a config file, so that the line can be
 * quoted under a problem without them: every occurrence of a known secret
 * value (a token pasted into the wrong field too), and the value written after
 * a key named as a secret field (which may be too short or too odd to be a
 * known secret: the very thing the problem is about).
 */
import type { SourceQuoting } from '../errors.js';
import { PROVIDER_SECRET_FIELDS } from './providers.js';
import { secretPathsOf } from './problems.js';
import type { ConfigKind } from './types.js';

type Span = readonly [number, number];

/** A whole `${env:NAME}` reference is no secret, and saying which variable is used helps. */
const ENV_REFERENCE = /^(["']?)\$\{env:[A-Za-z_][A-Za-z0-9_]*\}\1$/;

/** The quoting a loader gives its ConfigError: the files it read, and the secrets it knows. */
export function sourceQuoting(files: Iterable<string>, secrets: Iterable<string>, kinds: readonly ConfigKind[]): SourceQuoting {
  const values = [...secrets];
  const fields = [...new Set([...PROVIDER_SECRET_FIELDS, ...kinds.flatMap((k) => secretPathsOf(k).map((p) => p.slice(p.lastIndexOf('.') + 1)))])];
  // A key, bare or quoted (JSON), at the start of a line, after a list dash, or inside a flow mapping.
  const key = new RegExp(`(^|[\\s{,])(["']?)(?:${fields.join('|')})\\2[ \\t]*:[ \\t]*`, 'g');
  return { files: new Set(files), secretSpans: (line) => [...valueSpans(line, values), ...fieldSpans(line, key)] };
}

function valueSpans(line: string, values: readonly string[]): Span[] {
  const spans: Span[] = [];
  for (const value of values) {
    if (value.length === 0) continue;
    for (let at = line.indexOf(value); at >= 0; at = line.indexOf(value, at + value.length)) spans.push([at, at + value.length]);
  }
  return spans;
}

function fieldSpans(line: string, key: RegExp): Span[] {
  const spans: Span[] = [];
  for (const match of line.matchAll(key)) {
    const start = match.index + match[0].length;
    const flow = /[{,]$/.test(line.slice(0, match.index + match[1]!.length).trimEnd());
    const end = valueEnd(line, start, flow);
    if (end > start && !ENV_REFERENCE.test(line.slice(start, end))) spans.push([start, end]);
  }
  return spans;
}

/** Where the scalar starting at `start` ends: its closing quote, or for a plain one the comment, or in a flow mapping the next separator. */
function valueEnd(line: string, start: number, flow: boolean): number {
  const quote = line[start];
  if (quote === '"' || quote === "'") {
    for (let i = start + 1; i < line.length; i++) {
      if (quote === '"' && line[i] === '\\') i++;
      else if (line[i] === quote) {
        if (quote === "'" && line[i + 1] === "'") i++;
        else return i + 1;
      }
    }
    return line.length;
  }
  const rest = line.slice(start);
  const stop = (flow ? /[,}\]]|\s#/ : /\s#/).exec(rest);
  return start + rest.slice(0, stop ? stop.index : rest.length).trimEnd().length;
}
