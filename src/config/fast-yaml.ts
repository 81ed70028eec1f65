/**
 * A fast reader for the plain shape config files nearly always have: block
 * mappings and sequences, one-line plain or quoted scalars, and one-line flow
 * collections. It builds nodes the rest of the loader reads exactly as it
 * reads the yaml library's (same values, same source ranges), several times
 * faster, which is what makes loading tens of thousands of objects cheap.
 *
 * It never guesses: at the first thing outside that shape (anchors, tags,
 * block scalars, escapes, multi-line scalars, unusual numbers, empty values,
 * anything malformed) it gives up and returns undefined, and the caller parses
 * the text with the yaml library, which also reports every problem.
 */
import { Pair, Scalar, YAMLMap, YAMLSeq } from 'yaml';
import type { Node as YamlNode } from 'yaml';

/**
 * yaml's isMap/isSeq/isScalar/isPair recognise a node by one own symbol
 * property. Plain objects carrying it are far cheaper to make than the
 * library's classes (whose constructors define it with defineProperty), and
 * carry everything the loader reads: value, items, key, range. The symbols
 * are read off real instances, so they always match the installed library.
 */
function identity(node: object): [symbol, unknown] {
  const key = Object.getOwnPropertySymbols(node)[0]!;
  return [key, (node as Record<symbol, unknown>)[key]];
}
const [NODE_TYPE, MAP] = identity(new YAMLMap());
const SEQ = identity(new YAMLSeq())[1];
const SCALAR = identity(new Scalar(null))[1];
const PAIR = identity(new Pair(null))[1];

type Range = [number, number, number];
const newMap = (range: Range): YAMLMap => ({ [NODE_TYPE]: MAP, items: [], range }) as unknown as YAMLMap;
const newSeq = (range: Range): YAMLSeq => ({ [NODE_TYPE]: SEQ, items: [], range }) as unknown as YAMLSeq;
const newPair = (key: YamlNode, value: YamlNode): Pair => ({ [NODE_TYPE]: PAIR, key, value }) as unknown as Pair;

/** YAML trims only spaces and tabs; String#trimEnd would also eat NBSP and other Unicode spaces. */
const TRAILING_BLANKS = /[ \t]+$/;

export interface SimpleDocument {
  contents: YAMLMap;
  /** Offset of the first character of every line. */
  lineStarts: number[];
}

/** Thrown (and caught below) when the text leaves the simple shape. */
class NotSimple extends Error {}
function giveUp(): never {
  throw new NotSimple();
}

interface Line {
  /** Column of the first character that is not a space. */
  indent: number;
  /** Offset of that character. */
  at: number;
  /** Offset just past the line's last character. */
  end: number;
}

const KEY = /[A-Za-z0-9_][A-Za-z0-9_.\-/]{0,200}/y;
/** Anything a plain scalar could resolve to besides a string, that resolvePlain does not handle itself. */
const NUMBERISH = /^[-+]?(?:[0-9]|\.(?:[0-9]|inf|Inf|INF|nan|NaN|NAN))/;
const INT = /^-?(?:0|[1-9][0-9]{0,14})$/;
const FLOAT = /^-?(?:0|[1-9][0-9]{0,14})\.[0-9]{1,15}$/;
const NULL = /^(?:~|[Nn]ull|NULL)$/;
const TRUE = /^(?:[Tt]rue|TRUE)$/;
const FALSE = /^(?:[Ff]alse|FALSE)$/;
/** Control characters (other than newline), tabs, carriage returns and a byte-order mark all go to the full parser. */
const UNUSUAL = /[\u0000-\u0009\u000b-\u001f\u007f\ufeff]/;
const MAX_FLOW_DEPTH = 8;

export function parseSimpleYaml(text: string): SimpleDocument | undefined {
  if (UNUSUAL.test(text)) return undefined;
  try {
    return new Reader(text).document();
  } catch (err) {
    if (err instanceof NotSimple) return undefined;
    throw err;
  }
}

function scalar(value: unknown, start: number, end: number): Scalar {
  return { [NODE_TYPE]: SCALAR, value, range: [start, end, end] } as unknown as Scalar;
}

/** A plain scalar's value under the YAML 1.2 core schema, for the forms handled here. */
function resolvePlain(source: string): unknown {
  // Only these first characters can begin a null, a boolean or a number.
  if (!'~nNtTfF-+.0123456789'.includes(source[0]!)) return source;
  if (NULL.test(source)) return null;
  if (TRUE.test(source)) return true;
  if (FALSE.test(source)) return false;
  if (INT.test(source)) return parseInt(source, 10);
  if (FLOAT.test(source)) return parseFloat(source);
  if (NUMBERISH.test(source)) return giveUp();
  return source;
}

class Reader {
  private readonly lines: Line[] = [];
  private readonly lineStarts: number[] = [];
  private i = 0;

  constructor(private readonly text: string) {}

  document(): SimpleDocument {
    const { text } = this;
    for (let start = 0; start <= text.length; ) {
      const newline = text.indexOf('\n', start);
      const end = newline < 0 ? text.length : newline;
      this.lineStarts.push(start);
      let at = start;
      while (at < end && text.charCodeAt(at) === 32) at++;
      // Blank and comment-only lines carry nothing.
      if (at < end && text[at] !== '#') {
        if (at === start && (text.startsWith('---', at) || text.startsWith('...', at) || text[at] === '%')) giveUp();
        this.lines.push({ indent: at - start, at, end });
      }
      if (newline < 0) break;
      start = newline + 1;
    }
    const first = this.lines[0];
    if (!first || first.indent !== 0 || this.isSeqItem(first)) giveUp();
    const contents = this.map(0);
    if (this.i < this.lines.length) giveUp();
    return { contents, lineStarts: this.lineStarts };
  }

  private isSeqItem(line: Line): boolean {
    return this.text[line.at] === '-' && (line.at + 1 === line.end || this.text[line.at + 1] === ' ');
  }

  /** The block node starting at the current line, which sits deeper than its parent. */
  private block(indent: number): YAMLMap | YAMLSeq {
    const line = this.lines[this.i]!;
    return this.isSeqItem(line) ? this.seq(indent) : this.map(indent);
  }

  private map(indent: number): YAMLMap {
    const start = this.lines[this.i]!.at;
    const node = newMap([start, start, start]);
    while (this.i < this.lines.length) {
      const line = this.lines[this.i]!;
      if (line.indent < indent) break;
      if (line.indent > indent || this.isSeqItem(line)) giveUp();
      KEY.lastIndex = line.at;
      if (!KEY.test(this.text)) giveUp();
      const keyEnd = KEY.lastIndex;
      if (this.text[keyEnd] !== ':') giveUp();
      const key = scalar(resolvePlain(this.text.slice(line.at, keyEnd)), line.at, keyEnd);
      let at = keyEnd + 1;
      if (at < line.end && this.text[at] !== ' ') giveUp();
      while (at < line.end && this.text[at] === ' ') at++;
      if (at < line.end && this.text[at] !== '#') {
        node.items.push(newPair(key, this.inline(at, line.end)));
        this.i++;
        this.noContinuation(indent);
        continue;
      }
      // `key:` alone: the value is the block below, deeper, or a sequence at the same indent.
      this.i++;
      const next = this.lines[this.i];
      if (!next || next.indent < indent || (next.indent === indent && !this.isSeqItem(next))) giveUp();
      node.items.push(newPair(key, next.indent > indent ? this.block(next.indent) : this.seq(indent)));
    }
    return node;
  }

  private seq(indent: number): YAMLSeq {
    const start = this.lines[this.i]!.at;
    const node = newSeq([start, start, start]);
    while (this.i < this.lines.length) {
      const line = this.lines[this.i]!;
      if (line.indent < indent || (line.indent === indent && !this.isSeqItem(line))) break;
      if (line.indent > indent) giveUp();
      let at = line.at + 1;
      while (at < line.end && this.text[at] === ' ') at++;
      if (at === line.end || this.text[at] === '#') {
        this.i++;
        const next = this.lines[this.i];
        if (!next || next.indent <= indent) giveUp();
        node.items.push(this.block(next.indent));
        continue;
      }
      if (this.text[at] === '-') giveUp();
      KEY.lastIndex = at;
      const compactMap = KEY.test(this.text) && this.text[KEY.lastIndex] === ':' && (KEY.lastIndex + 1 === line.end || this.text[KEY.lastIndex + 1] === ' ');
      if (compactMap) {
        // `- key: value`: a mapping whose keys line up under this first one.
        const column = at - (line.at - line.indent);
        this.lines[this.i] = { indent: column, at, end: line.end };
        node.items.push(this.map(column));
        continue;
      }
      node.items.push(this.inline(at, line.end));
      this.i++;
      this.noContinuation(indent);
    }
    return node;
  }

  /** After a one-line value, a deeper line would continue it (a multi-line scalar): not handled here. */
  private noContinuation(indent: number): void {
    const next = this.lines[this.i];
    if (next && next.indent > indent) giveUp();
  }

  /** A value on the rest of a line: quoted, flow, or plain, with an optional trailing comment. */
  private inline(at: number, end: number): YamlNode {
    const c = this.text[at]!;
    let node: YamlNode;
    let after: number;
    if (c === '"' || c === "'") [node, after] = this.quoted(at, end);
    else if (c === '[' || c === '{') [node, after] = this.flow(at, end, 1);
    else {
      if ('&*!|>%@`?:,]}#'.includes(c) || (c === '-' && (at + 1 === end || this.text[at + 1] === ' '))) giveUp();
      const rest = this.text.slice(at, end);
      const comment = rest.indexOf(' #');
      const source = (comment < 0 ? rest : rest.slice(0, comment)).replace(TRAILING_BLANKS, '');
      if (source.includes(': ') || source.endsWith(':')) giveUp();
      return scalar(resolvePlain(source), at, at + source.length);
    }
    while (after < end && this.text[after] === ' ') after++;
    if (after < end && !(this.text[after] === '#' && this.text[after - 1] === ' ')) giveUp();
    return node;
  }

  private quoted(at: number, end: number): [Scalar, number] {
    const quote = this.text[at]!;
    let value = '';
    let p = at + 1;
    for (;;) {
      let close = p;
      while (close < end && this.text[close] !== quote) close++;
      if (close >= end) giveUp();
      value += this.text.slice(p, close);
      if (quote === "'" && this.text[close + 1] === "'") {
        value += "'";
        p = close + 2;
        continue;
      }
      p = close + 1;
      break;
    }
    if (quote === '"' && value.includes('\\')) giveUp();
    return [scalar(value, at, p), p];
  }

  /** `[a, b]` or `{ k: v }` closed on the same line. */
  private flow(at: number, end: number, depth: number): [YAMLMap | YAMLSeq, number] {
    if (depth > MAX_FLOW_DEPTH) giveUp();
    const isMap = this.text[at] === '{';
    const close = isMap ? '}' : ']';
    const range: Range = [at, at, at];
    const node = isMap ? newMap(range) : newSeq(range);
    let p = this.skipSpaces(at + 1, end);
    if (this.text[p] === close) {
      range[1] = range[2] = p + 1;
      return [node, p + 1];
    }
    for (;;) {
      let item: YamlNode;
      if (isMap) {
        KEY.lastIndex = p;
        if (!KEY.test(this.text) || this.text[KEY.lastIndex] !== ':' || this.text[KEY.lastIndex + 1] !== ' ') giveUp();
        const key = scalar(resolvePlain(this.text.slice(p, KEY.lastIndex)), p, KEY.lastIndex);
        p = this.skipSpaces(KEY.lastIndex + 1, end);
        [item, p] = this.flowValue(p, end, depth);
        (node as YAMLMap).items.push(newPair(key, item));
      } else {
        [item, p] = this.flowValue(p, end, depth);
        (node as YAMLSeq).items.push(item);
      }
      p = this.skipSpaces(p, end);
      if (this.text[p] === close) break;
      if (this.text[p] !== ',') giveUp();
      p = this.skipSpaces(p + 1, end);
      // A trailing comma or an empty entry: leave it to the full parser.
      if (this.text[p] === close || this.text[p] === ',') giveUp();
    }
    range[1] = range[2] = p + 1;
    return [node, p + 1];
  }

  private flowValue(at: number, end: number, depth: number): [YamlNode, number] {
    if (at >= end) giveUp();
    const c = this.text[at]!;
    if (c === '"' || c === "'") return this.quoted(at, end);
    if (c === '[' || c === '{') return this.flow(at, end, depth + 1);
    if ('&*!|>%@`?:,[]{}#-'.includes(c)) giveUp();
    let p = at;
    while (p < end && !',[]{}'.includes(this.text[p]!)) {
      // `: ` inside a flow entry makes a key; ` #` starts a comment: neither is handled here.
      if (this.text[p] === ':' && (this.text[p + 1] === ' ' || p + 1 === end)) giveUp();
      if (this.text[p] === '#' && this.text[p - 1] === ' ') giveUp();
      p++;
    }
    const source = this.text.slice(at, p).replace(TRAILING_BLANKS, '');
    if (source === '' || source.endsWith(':')) giveUp();
    return [scalar(resolvePlain(source), at, at + source.length), p];
  }

  private skipSpaces(p: number, end: number): number {
    while (p < end && this.text[p] === ' ') p++;
    return p;
  }
}
