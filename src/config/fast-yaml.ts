/**
 * A fast reader for the plain shape config files nearly always have: block
 * mappings and sequences, one-line plain or quoted scalars, and one-line flow
 * collections. It builds plain values straight from the text (the values the
 * yaml library gives) and source nodes only down to the depth the caller asks
 * for: the loader keeps the shallow positions it always needs, and reads a
 * file again with every node only when a message needs a deeper position.
 * Several times faster than building YAML nodes and converting them, with a
 * fraction of the garbage, which is what makes tens of thousands of objects
 * cheap.
 *
 * It never guesses: at the first thing outside that shape (anchors, tags,
 * block scalars, escapes, multi-line scalars, unusual numbers, empty values,
 * keys that repeat, are reserved or are not plain strings, nesting deeper than
 * MAX_NESTING, anything malformed) it gives up and returns undefined, and the
 * caller parses the text with the yaml library, which reports every problem.
 */
import { OffsetSourceNode, lineLocator, type Locator } from './source-tree.js';

/** Deeper values are refused (both readers), so no input can exhaust the stack. */
export const MAX_NESTING = 64;

/** Keys that would reach Object.prototype through assignment or later merging. */
export const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

type Container = Record<string, unknown> | unknown[];

/** A string value holding `${env:`, which interpolation may replace in its container. */
export interface Template {
  container: Container;
  key: string | number;
  /** Its source node, when the value sits within the depth read with nodes. */
  node?: OffsetSourceNode;
}

export interface SimpleDocument {
  /** The top-level mapping. */
  value: Record<string, unknown>;
  /** Source node of the top-level mapping (depth 0); values deeper than the depth asked for have none. */
  root: OffsetSourceNode;
  templates: Template[];
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

/** YAML trims only spaces and tabs; String#trimEnd would also eat NBSP and other Unicode spaces. */
const TRAILING_BLANKS = /[ \t]+$/;
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
/** Strings holding this may reference environment variables. */
export const TEMPLATE_MARK = '${env:';

/** The document in `text`, with source nodes down to `nodeDepth` (0 is the top-level mapping), or undefined. */
export function readSimpleYaml(file: string, text: string, nodeDepth: number): SimpleDocument | undefined {
  if (UNUSUAL.test(text)) return undefined;
  try {
    return new Reader(file, text, nodeDepth).document();
  } catch (err) {
    if (err instanceof NotSimple) return undefined;
    throw err;
  }
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
  private readonly templates: Template[] = [];
  private locator!: Locator;
  private i = 0;
  /** The source node of the value read last, when its depth is within nodeDepth. */
  private last: OffsetSourceNode | undefined;

  constructor(
    private readonly file: string,
    private readonly text: string,
    private readonly nodeDepth: number,
  ) {}

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
    this.locator = lineLocator(this.file, this.lineStarts);
    const first = this.lines[0];
    if (!first || first.indent !== 0 || this.isSeqItem(first)) giveUp();
    const value = this.map(0, 0);
    if (this.i < this.lines.length) giveUp();
    return { value, root: this.last!, templates: this.templates };
  }

  /** Starts the node of a value at `depth` beginning at `at`, when nodes are kept that deep. */
  private begin(depth: number, at: number): OffsetSourceNode | undefined {
    if (depth > MAX_NESTING) giveUp();
    return depth <= this.nodeDepth ? new OffsetSourceNode(this.locator, at) : undefined;
  }

  /** A mapping's or sequence's node, with room for its children's when they are kept too. */
  private beginContainer(depth: number, at: number): OffsetSourceNode | undefined {
    const node = this.begin(depth, at);
    if (node && depth < this.nodeDepth) node.children = new Map();
    return node;
  }

  private scalar(value: unknown, depth: number, at: number): unknown {
    this.last = this.begin(depth, at);
    return value;
  }

  /** Stores the value just read under `name`; `node` is the mapping's own. */
  private put(map: Record<string, unknown>, node: OffsetSourceNode | undefined, name: string, keyAt: number, value: unknown): void {
    const child = this.last;
    map[name] = value;
    if (typeof value === 'string' && value.includes(TEMPLATE_MARK)) this.templates.push({ container: map, key: name, node: child });
    if (node?.children && child) {
      child.keyAt(keyAt);
      node.children.set(name, child);
    }
  }

  /** Appends the value just read; `node` is the sequence's own. */
  private push(seq: unknown[], node: OffsetSourceNode | undefined, value: unknown): void {
    const child = this.last;
    if (typeof value === 'string' && value.includes(TEMPLATE_MARK)) this.templates.push({ container: seq, key: seq.length, node: child });
    if (node?.children && child) node.children.set(seq.length, child);
    seq.push(value);
  }

  /** A plain string key ending at `end`, or give up (the library reports odd, reserved and repeated keys). */
  private key(map: Record<string, unknown>, at: number, end: number): string {
    const name = resolvePlain(this.text.slice(at, end));
    if (typeof name !== 'string' || FORBIDDEN_KEYS.has(name) || Object.hasOwn(map, name)) giveUp();
    return name;
  }

  private isSeqItem(line: Line): boolean {
    return this.text[line.at] === '-' && (line.at + 1 === line.end || this.text[line.at + 1] === ' ');
  }

  /** The block value starting at the current line, which sits deeper than its parent. */
  private block(indent: number, depth: number): Container {
    const line = this.lines[this.i]!;
    return this.isSeqItem(line) ? this.seq(indent, depth) : this.map(indent, depth);
  }

  private map(indent: number, depth: number): Record<string, unknown> {
    const node = this.beginContainer(depth, this.lines[this.i]!.at);
    const map: Record<string, unknown> = {};
    while (this.i < this.lines.length) {
      const line = this.lines[this.i]!;
      if (line.indent < indent) break;
      if (line.indent > indent || this.isSeqItem(line)) giveUp();
      KEY.lastIndex = line.at;
      if (!KEY.test(this.text)) giveUp();
      const keyEnd = KEY.lastIndex;
      if (this.text[keyEnd] !== ':') giveUp();
      const name = this.key(map, line.at, keyEnd);
      let at = keyEnd + 1;
      if (at < line.end && this.text[at] !== ' ') giveUp();
      while (at < line.end && this.text[at] === ' ') at++;
      if (at < line.end && this.text[at] !== '#') {
        this.put(map, node, name, line.at, this.inline(at, line.end, depth + 1));
        this.i++;
        this.noContinuation(indent);
        continue;
      }
      // `key:` alone: the value is the block below, deeper, or a sequence at the same indent.
      this.i++;
      const next = this.lines[this.i];
      if (!next || next.indent < indent || (next.indent === indent && !this.isSeqItem(next))) giveUp();
      this.put(map, node, name, line.at, next.indent > indent ? this.block(next.indent, depth + 1) : this.seq(indent, depth + 1));
    }
    this.last = node;
    return map;
  }

  private seq(indent: number, depth: number): unknown[] {
    const node = this.beginContainer(depth, this.lines[this.i]!.at);
    const seq: unknown[] = [];
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
        this.push(seq, node, this.block(next.indent, depth + 1));
        continue;
      }
      if (this.text[at] === '-') giveUp();
      KEY.lastIndex = at;
      const compactMap = KEY.test(this.text) && this.text[KEY.lastIndex] === ':' && (KEY.lastIndex + 1 === line.end || this.text[KEY.lastIndex + 1] === ' ');
      if (compactMap) {
        // `- key: value`: a mapping whose keys line up under this first one.
        const column = at - (line.at - line.indent);
        this.lines[this.i] = { indent: column, at, end: line.end };
        this.push(seq, node, this.map(column, depth + 1));
        continue;
      }
      this.push(seq, node, this.inline(at, line.end, depth + 1));
      this.i++;
      this.noContinuation(indent);
    }
    this.last = node;
    return seq;
  }

  /** After a one-line value, a deeper line would continue it (a multi-line scalar): not handled here. */
  private noContinuation(indent: number): void {
    const next = this.lines[this.i];
    if (next && next.indent > indent) giveUp();
  }

  /** A value on the rest of a line: quoted, flow, or plain, with an optional trailing comment. */
  private inline(at: number, end: number, depth: number): unknown {
    const c = this.text[at]!;
    let value: unknown;
    let after: number;
    if (c === '"' || c === "'") [value, after] = this.quoted(at, end, depth);
    else if (c === '[' || c === '{') [value, after] = this.flow(at, end, depth, 1);
    else {
      if ('&*!|>%@`?:,]}#'.includes(c) || (c === '-' && (at + 1 === end || this.text[at + 1] === ' '))) giveUp();
      const rest = this.text.slice(at, end);
      const comment = rest.indexOf(' #');
      const source = (comment < 0 ? rest : rest.slice(0, comment)).replace(TRAILING_BLANKS, '');
      if (source.includes(': ') || source.endsWith(':')) giveUp();
      return this.scalar(resolvePlain(source), depth, at);
    }
    while (after < end && this.text[after] === ' ') after++;
    if (after < end && !(this.text[after] === '#' && this.text[after - 1] === ' ')) giveUp();
    return value;
  }

  private quoted(at: number, end: number, depth: number): [string, number] {
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
    this.scalar(value, depth, at);
    return [value, p];
  }

  /** `[a, b]` or `{ k: v }` closed on the same line. */
  private flow(at: number, end: number, depth: number, flowDepth: number): [Container, number] {
    if (flowDepth > MAX_FLOW_DEPTH) giveUp();
    const node = this.beginContainer(depth, at);
    const isMap = this.text[at] === '{';
    const close = isMap ? '}' : ']';
    const map: Record<string, unknown> = {};
    const seq: unknown[] = [];
    let p = this.skipSpaces(at + 1, end);
    if (this.text[p] !== close) {
      for (;;) {
        let value: unknown;
        if (isMap) {
          KEY.lastIndex = p;
          if (!KEY.test(this.text) || this.text[KEY.lastIndex] !== ':' || this.text[KEY.lastIndex + 1] !== ' ') giveUp();
          const keyAt = p;
          const name = this.key(map, p, KEY.lastIndex);
          p = this.skipSpaces(KEY.lastIndex + 1, end);
          [value, p] = this.flowValue(p, end, depth + 1, flowDepth);
          this.put(map, node, name, keyAt, value);
        } else {
          [value, p] = this.flowValue(p, end, depth + 1, flowDepth);
          this.push(seq, node, value);
        }
        p = this.skipSpaces(p, end);
        if (this.text[p] === close) break;
        if (this.text[p] !== ',') giveUp();
        p = this.skipSpaces(p + 1, end);
        // A trailing comma or an empty entry: leave it to the full parser.
        if (this.text[p] === close || this.text[p] === ',') giveUp();
      }
    }
    this.last = node;
    return [isMap ? map : seq, p + 1];
  }

  private flowValue(at: number, end: number, depth: number, flowDepth: number): [unknown, number] {
    if (at >= end) giveUp();
    const c = this.text[at]!;
    if (c === '"' || c === "'") return this.quoted(at, end, depth);
    if (c === '[' || c === '{') return this.flow(at, end, depth, flowDepth + 1);
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
    return [this.scalar(resolvePlain(source), depth, at), p];
  }

  private skipSpaces(p: number, end: number): number {
    while (p < end && this.text[p] === ' ') p++;
    return p;
  }
}
