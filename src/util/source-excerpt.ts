/**
 * A line of a source file quoted under a message about it, with a caret
 * under the column, as compilers show it:
 *
 *        12 |       type: webwidget
 *           |             ^
 *
 * The line is text from outside: its control characters are escaped, the
 * spans given as hidden (secrets) are replaced by `(sensitive)`, and a long
 * line is cut to a window around the column.
 */
import { REDACTED } from './redactor.js';
import { visible } from './visible.js';

/** `[start, end)` in UTF-16 units of the line. */
export type Span = readonly [start: number, end: number];

/** Characters of a line shown at most: a minified or generated file must not print a whole line per problem. */
export const EXCERPT_WIDTH = 100;
const ELLIPSIS = '…';
const GUTTER = 5;

/** The two lines (no final newline); `col` is 1-based in UTF-16 units, as problems count it. */
export function sourceExcerpt(text: string, line: number, col: number, hidden: readonly Span[] = [], width = EXCERPT_WIDTH): string {
  const spans = mergedSpans(hidden);
  const at = col - 1;
  // Only the raw text around the column is escaped and masked: a long line is not worked through once per problem.
  const [from, to] = rawWindow(text, at, spans, width);
  const { pieces, caret } = displayPieces(text, from, to, at, spans);
  const { body, caretAt } = window(pieces, caret, width, from > 0, to < text.length);
  const number = String(line);
  const gutter = Math.max(GUTTER, number.length);
  return `${number.padStart(gutter)} | ${body}\n${' '.repeat(gutter)} | ${' '.repeat(caretAt)}^`;
}

interface Piece {
  text: string;
  /** Display offset where it starts. */
  at: number;
}

/** Sorted by start, overlapping or touching spans joined: they make one mask. */
export function mergedSpans(hidden: readonly Span[]): readonly Span[] {
  // Spans given sorted and apart, as a quoting gives them for every problem of a long line, are not sorted again.
  if (hidden.every((span, i) => i === 0 || span[0] > hidden[i - 1]![1])) return hidden;
  const out: Array<[number, number]> = [];
  for (const [a, b] of [...hidden].sort((x, y) => x[0] - y[0])) {
    const last = out[out.length - 1];
    if (last && a <= last[1]) last[1] = Math.max(last[1], b);
    else out.push([a, b]);
  }
  return out;
}

/** The index of the first of `spans` (sorted, disjoint) ending after `at`, by bisection. */
export function firstEndingAfter(spans: readonly Span[], at: number): number {
  let lo = 0;
  let hi = spans.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (spans[mid]![1] <= at) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The merged span holding offset `i`. */
function spanAt(spans: readonly Span[], i: number): Span | undefined {
  const span = spans[firstEndingAfter(spans, i)];
  return span && span[0] <= i ? span : undefined;
}

/**
 * Raw offsets `[from, to)` around `at` holding at least `width` of display on
 * each side where the line has it (a character shows as one or more, a
 * mask as itself), never cutting a hidden span: it is masked whole or left out.
 */
function rawWindow(text: string, at: number, spans: readonly Span[], width: number): [number, number] {
  const own = spanAt(spans, at);
  let from = own ? own[0] : Math.min(at, text.length);
  let to = own ? own[1] : from;
  for (let shown = 0; from > 0 && shown < width; ) {
    const span = spanAt(spans, from - 1);
    from = span ? span[0] : from - 1;
    shown += span ? REDACTED.length : 1;
  }
  for (let shown = 0; to < text.length && shown < width; ) {
    const span = spanAt(spans, to);
    to = span ? span[1] : to + 1;
    shown += span ? REDACTED.length : 1;
  }
  return [from, to];
}

/** `text[from, to)` as shown, in pieces that are never cut (an escape, a mask, one character), and the caret's display offset. */
function displayPieces(text: string, from: number, to: number, at: number, spans: readonly Span[]): { pieces: Piece[]; caret: number } {
  const pieces: Piece[] = [];
  let shown = 0;
  let caret: number | undefined;
  const push = (piece: string) => {
    pieces.push({ text: piece, at: shown });
    shown += piece.length;
  };
  for (let i = from; i < to; ) {
    const span = spanAt(spans, i);
    if (span) {
      // A caret inside a secret points at its mask.
      if (caret === undefined && at < span[1]) caret = shown;
      push(REDACTED);
      i = span[1];
      continue;
    }
    if (i === at) caret = shown;
    push(visible(text[i]!));
    i++;
  }
  return { pieces, caret: caret ?? shown };
}

/** The pieces within `width` of display around the caret, with an ellipsis on each side something was left out (`cutBefore`, `cutAfter`: by the raw window already). */
function window(pieces: readonly Piece[], caret: number, width: number, cutBefore: boolean, cutAfter: boolean): { body: string; caretAt: number } {
  const last = pieces[pieces.length - 1];
  const length = last ? last.at + last.text.length : 0;
  if (length <= width && !cutBefore && !cutAfter) return { body: pieces.map((p) => p.text).join(''), caretAt: caret };
  const start = Math.max(0, Math.min(caret - Math.floor(width / 2), length - width));
  const end = start + width;
  const kept = pieces.filter((p) => p.at >= start && p.at + p.text.length <= end);
  const first = kept[0]?.at ?? start;
  const tail = kept[kept.length - 1];
  const before = first > 0 || cutBefore ? ELLIPSIS : '';
  const after = (tail ? tail.at + tail.text.length : start) < length || cutAfter ? ELLIPSIS : '';
  return { body: before + kept.map((p) => p.text).join('') + after, caretAt: before.length + caret - first };
}
