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
  const { pieces, caret } = displayPieces(text, col - 1, hidden);
  const { body, caretAt } = window(pieces, caret, width);
  const number = String(line);
  const gutter = Math.max(GUTTER, number.length);
  return `${number.padStart(gutter)} | ${body}\n${' '.repeat(gutter)} | ${' '.repeat(caretAt)}^`;
}

interface Piece {
  text: string;
  /** Display offset where it starts. */
  at: number;
}

/** The line as shown, in pieces that are never cut (an escape, a mask, one character), and the caret's display offset. */
function displayPieces(text: string, at: number, hidden: readonly Span[]): { pieces: Piece[]; caret: number } {
  const spans = [...hidden].sort((a, b) => a[0] - b[0]);
  const pieces: Piece[] = [];
  let shown = 0;
  let caret: number | undefined;
  let s = 0;
  const push = (piece: string) => {
    pieces.push({ text: piece, at: shown });
    shown += piece.length;
  };
  for (let i = 0; i < text.length; ) {
    while (s < spans.length && spans[s]![1] <= i) s++;
    const span = spans[s];
    if (span && span[0] <= i) {
      // Overlapping spans make one mask.
      let end = span[1];
      for (let next = spans[s + 1]; next && next[0] <= end; next = spans[++s + 1]) end = Math.max(end, next[1]);
      // A caret inside a secret points at its mask.
      if (caret === undefined && at < end) caret = shown;
      push(REDACTED);
      i = end;
      continue;
    }
    if (i === at) caret = shown;
    push(visible(text[i]!));
    i++;
  }
  return { pieces, caret: caret ?? shown };
}

/** The pieces within `width` of display around the caret, with an ellipsis on each side something was left out. */
function window(pieces: readonly Piece[], caret: number, width: number): { body: string; caretAt: number } {
  const last = pieces[pieces.length - 1];
  const length = last ? last.at + last.text.length : 0;
  if (length <= width) return { body: pieces.map((p) => p.text).join(''), caretAt: caret };
  const start = Math.max(0, Math.min(caret - Math.floor(width / 2), length - width));
  const end = start + width;
  const kept = pieces.filter((p) => p.at >= start && p.at + p.text.length <= end);
  const first = kept[0]?.at ?? start;
  const tail = kept[kept.length - 1];
  const before = first > 0 ? ELLIPSIS : '';
  const after = (tail ? tail.at + tail.text.length : start) < length ? ELLIPSIS : '';
  return { body: before + kept.map((p) => p.text).join('') + after, caretAt: before.length + caret - first };
}
