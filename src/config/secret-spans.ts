/**
 * Where secrets sit in the config texts a loader read, so that their lines
 * can be quoted under problems without them:
 * - every occurrence of a known secret value (a token pasted into the wrong field too);
 * - the value written after a key named as a secret field (which may be too
 *   short or too odd to be a known secret: the very thing the problem is about);
 * - the value written after a key the loader reports as unknown where it may
 *   be a misspelt secret field (`api_tokn:`) and nothing says what it holds:
 *   any unknown key in a providers block, an unknown provider or top-level
 *   key, and an unknown key anywhere within a typo's reach of a secret field
 *   name (suggest.ts `closest`). Other unknown fields (`colour: red`) are shown.
 * A value is hidden over its whole extent in the text, whatever line it is
 * quoted from: a quoted scalar to its closing quote, a flow collection to its
 * closing bracket, a plain scalar in a flow collection to the next separator,
 * and otherwise the rest of the key's line and every following line indented
 * deeper than the key (a value on the next line, a block scalar, a plain
 * scalar's continuation). A quote or bracket never closed hides the rest of
 * the text: it is what a syntax error often leaves.
 */
import type { ConfigProblem, QuotableLine, SourceQuoting } from '../errors.js';
import { PROVIDER_SECRET_FIELDS } from './providers.js';
import { secretPathsOf } from './problems.js';
import { closest } from './suggest.js';
import type { ConfigKind } from './types.js';
import { firstEndingAfter, mergedSpans, type Span } from '../util/source-excerpt.js';
import { isWholeReference } from './interpolate.js';

/** Where a problem names an unknown key, and whether that key's value is hidden, given its name. */
interface UnknownKey {
  line: number;
  col: number;
  hide: (name: string) => boolean;
}

/** A text as the loader read it, under the name problems give its file. */
export interface ReadText {
  file: string;
  text: string;
}


/** The quoting a loader gives its ConfigError: the texts it read, the secrets it knows, and its problems (unknown keys among them). */
export function sourceQuoting(texts: Iterable<ReadText>, secrets: Iterable<string>, kinds: readonly ConfigKind[], problems: readonly ConfigProblem[]): SourceQuoting {
  const values = [...secrets].filter((v) => v.length > 0);
  const fields = [...new Set([...PROVIDER_SECRET_FIELDS, ...kinds.flatMap((k) => secretPathsOf(k).map((p) => p.slice(p.lastIndexOf('.') + 1)))])];
  // A key, bare or quoted (JSON), at the start of a line, after a list dash, or inside a flow mapping.
  const key = new RegExp(`(^|[\\s{,])(["']?)(?:${fields.join('|')})\\2[ \\t]*:`, 'g');
  const byFile = new Map([...texts].map((t) => [t.file, t.text]));
  const unknownKeys = new Map<string, UnknownKey[]>();
  for (const p of problems) {
    if (!p.unknownKey) continue;
    let at = unknownKeys.get(p.file);
    if (!at) unknownKeys.set(p.file, (at = []));
    // A provider's attribute, a provider, a top-level key (a misspelt `providers:`), any key of a providers block: hidden whatever its name.
    const always = p.unknownKey === 'section' || p.subject.startsWith('providers');
    at.push({ line: p.line, col: p.col, hide: always ? () => true : (name) => closest(name, fields) !== undefined });
  }
  // Worked out once per file, when a line of it is first quoted.
  const lines = new Map<string, QuotedText>();
  return {
    line(file, line) {
      const text = byFile.get(file);
      if (text === undefined) return undefined;
      let quoted = lines.get(file);
      if (!quoted) lines.set(file, (quoted = new QuotedText(text, (starts) => hiddenSpans(text, starts, values, key, unknownKeys.get(file) ?? []))));
      return quoted.line(line);
    },
  };
}

/** A text cut into lines, with its hidden spans. */
class QuotedText {
  /** Offset where each line starts. */
  private readonly starts: number[] = [0];
  private readonly hidden: readonly Span[];
  private readonly lines = new Map<number, QuotableLine | undefined>();

  constructor(
    private readonly text: string,
    spansOf: (starts: readonly number[]) => Span[],
  ) {
    for (let at = text.indexOf('\n'); at >= 0; at = text.indexOf('\n', at + 1)) this.starts.push(at + 1);
    // A final line break ends the last line; it starts none.
    if (this.starts.length > 1 && this.starts[this.starts.length - 1] === text.length) this.starts.pop();
    this.hidden = mergedSpans(spansOf(this.starts));
  }

  line(n: number): QuotableLine | undefined {
    // Many problems may sit on one line (a minified file): it is cut out once.
    let line = this.lines.get(n);
    if (!line && n >= 1 && n <= this.starts.length) this.lines.set(n, (line = this.cut(n)));
    return line;
  }

  private cut(n: number): QuotableLine | undefined {
    const start = this.starts[n - 1];
    if (start === undefined) return undefined;
    const text = this.text.slice(start, endOfLine(this.text, start)).replace(/\r$/, '');
    const end = start + text.length;
    const hidden: Array<readonly [number, number]> = [];
    for (let i = firstEndingAfter(this.hidden, start); i < this.hidden.length && this.hidden[i]![0] < end; i++) {
      const [a, b] = this.hidden[i]!;
      hidden.push([Math.max(a, start) - start, Math.min(b, end) - start]);
    }
    return { text, hidden };
  }
}

function hiddenSpans(text: string, starts: readonly number[], values: readonly string[], key: RegExp, unknownKeys: readonly UnknownKey[]): Span[] {
  const spans: Span[] = [];
  for (const value of values) {
    for (let at = text.indexOf(value); at >= 0; at = text.indexOf(value, at + value.length)) spans.push([at, at + value.length]);
  }
  for (const match of text.matchAll(key)) {
    const span = valueSpan(text, starts, match.index + match[1]!.length, match.index + match[0].length);
    // A whole `${env:NAME}` reference is no secret, and seeing which variable is used helps.
    if (span && !isWholeReference(unquoted(text.slice(span[0], span[1])))) spans.push(span);
  }
  for (const { line, col, hide } of unknownKeys) {
    const at = (starts[line - 1] ?? text.length) + col - 1;
    // A problem located at the value rather than its key (a stack's attribute) hides that value.
    const colon = colonAfterKey(text, at);
    if (!hide(colon < 0 ? '' : text.slice(at, colon).trim().replace(/^(["'])(.*)\1$/, '$2'))) continue;
    const span = valueSpan(text, starts, at, colon < 0 ? at : colon + 1);
    if (span) spans.push(span);
  }
  return spans;
}

/** The value of the key at `keyAt`, starting after `from` (past its colon); undefined when empty. */
function valueSpan(text: string, starts: readonly number[], keyAt: number, from: number): Span | undefined {
  let start = from;
  while (text[start] === ' ' || text[start] === '\t') start++;
  let before = keyAt - 1;
  while (text[before] === ' ' || text[before] === '\t') before--;
  const flow = text[before] === '{' || text[before] === ',' || text[before] === '[';
  const first = text[start];
  const end =
    first === '"' || first === "'"
      ? quotedEnd(text, start)
      : first === '{' || first === '['
        ? bracketEnd(text, start)
        : flow
          ? flowPlainEnd(text, start)
          : blockEnd(text, start, keyAt - lineStartOf(starts, keyAt));
  // A value starting on a later line is hidden from its first character: the indentation shows where it sits.
  while (start < end && /\s/.test(text[start]!)) start++;
  return end > start ? [start, end] : undefined;
}

/** Past the closing quote of the scalar quoted at `start`, or the end of the text. */
function quotedEnd(text: string, start: number): number {
  const quote = text[start];
  for (let i = start + 1; i < text.length; i++) {
    if (quote === '"' && text[i] === '\\') i++;
    else if (text[i] === quote) {
      if (quote === "'" && text[i + 1] === "'") i++;
      else return i + 1;
    }
  }
  return text.length;
}

/** Past the bracket closing the flow collection opened at `start`, or the end of the text. */
function bracketEnd(text: string, start: number): number {
  let depth = 0;
  for (let i = start; i < text.length; i++) {
    const c = text[i];
    if (c === '"' || c === "'") i = quotedEnd(text, i) - 1;
    else if (c === '{' || c === '[') depth++;
    else if ((c === '}' || c === ']') && --depth === 0) return i + 1;
  }
  return text.length;
}

/** Where a plain scalar in a flow collection ends: at the next separator, on whatever line. */
function flowPlainEnd(text: string, start: number): number {
  const stop = /[,}\]]/g;
  stop.lastIndex = start;
  const found = stop.exec(text);
  return trimmedEnd(text, start, found ? found.index : text.length);
}

/** Where a block value ends: the key's line (before a comment) and every following line indented deeper than the key, blank lines between them included. */
function blockEnd(text: string, start: number, keyColumn: number): number {
  const lineEnd = endOfLine(text, start);
  const comment = /\s#/.exec(text.slice(start - 1, lineEnd));
  let end = comment && comment.index > 0 ? start - 1 + comment.index : lineEnd;
  for (let next = lineEnd + 1; next < text.length; ) {
    const nextEnd = endOfLine(text, next);
    const line = text.slice(next, nextEnd);
    const indent = line.length - line.trimStart().length;
    if (line.trim() !== '') {
      if (indent <= keyColumn) break;
      end = nextEnd;
    }
    next = nextEnd + 1;
  }
  return trimmedEnd(text, start, end);
}

/** Where the line holding offset `at` starts, by bisection of the line starts. */
function lineStartOf(starts: readonly number[], at: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= at) lo = mid;
    else hi = mid - 1;
  }
  return starts[lo] ?? 0;
}

function endOfLine(text: string, at: number): number {
  const end = text.indexOf('\n', at);
  return end < 0 ? text.length : end;
}

function trimmedEnd(text: string, start: number, end: number): number {
  return start + text.slice(start, end).trimEnd().length;
}

/** The colon ending the key written at `at`, on its line, or -1 when no key is written there. */
function colonAfterKey(text: string, at: number): number {
  let i = at;
  if (text[i] === '"' || text[i] === "'") {
    i = quotedEnd(text, i);
    while (text[i] === ' ' || text[i] === '\t') i++;
    return text[i] === ':' ? i : -1;
  }
  for (; i < text.length && text[i] !== '\n'; i++) {
    if (text[i] === ':' && /^(?:\s|[,}\]]|$)/.test(text.slice(i + 1, i + 2))) return i;
    if (text[i] === ',' || text[i] === '}' || text[i] === ']') return -1;
  }
  return -1;
}

/** A scalar as written without its surrounding quotes, if it has matching ones. */
function unquoted(value: string): string {
  return /^(["']).*\1$/s.test(value) ? value.slice(1, -1) : value;
}
