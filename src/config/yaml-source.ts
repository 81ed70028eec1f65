/**
 * Parsing one config text with positions, and building plain values from
 * YAML nodes. Aliases are refused outright (so no alias bomb can expand), keys
 * are checked before assignment (no prototype pollution), and nesting is
 * bounded both before parsing (the yaml composer recurses per level, and deep
 * flow nesting exhausts memory) and while building.
 */
import { CST, Composer, Lexer, LineCounter, Parser, isAlias, isMap, isScalar, isSeq } from 'yaml';
import type { Document, Node as YamlNode, ParsedNode, Pair } from 'yaml';
import { FORBIDDEN_KEYS, MAX_NESTING } from './fast-yaml.js';
import { excerpt } from './excerpt.js';
import { interpolate, type Env } from './interpolate.js';
import { OffsetSourceNode, lineLocator, type Locator, type SourceNode } from './source-tree.js';
import type { SourcePos } from './types.js';

const SCALAR_MARKER = CST.SCALAR;

export interface PosMessage {
  pos: SourcePos;
  message: string;
}

export interface ParsedFile {
  /** Absent when the text is unusable (syntax errors, several documents, too deep). */
  doc?: Document.Parsed;
  lines: LineCounter;
  problems: PosMessage[];
}

/** The full YAML 1.2 parser, with positions for every problem. */
export function parseWithYamlLibrary(file: string, text: string): ParsedFile {
  const lines = new LineCounter();
  const at = (offset: number): SourcePos => ({ file, ...lines.linePos(offset) });
  const parser = new Parser(lines.addNewLine);
  const nesting = new NestingGuard();
  let tooDeepAt: number | undefined;
  // One lexer pass both guards nesting and feeds the parser, so an over-deep
  // text stops before the composer (which recurses per level) ever sees it.
  function* tokens() {
    lines.addNewLine(0);
    for (const token of new Lexer().lex(text)) {
      if (!nesting.accepts(token)) {
        tooDeepAt = parser.offset;
        return;
      }
      yield* parser.next(token);
    }
    yield* parser.end();
  }
  const docs = Array.from(new Composer({ uniqueKeys: false }).compose(tokens()));
  if (tooDeepAt !== undefined) return { lines, problems: [{ pos: at(tooDeepAt), message: `nested more than ${MAX_NESTING} levels deep` }] };
  const problems: PosMessage[] = [];
  for (const doc of docs) {
    for (const e of [...doc.errors, ...doc.warnings]) problems.push({ pos: at(e.pos[0]), message: `invalid YAML: ${e.message}` });
  }
  const second = docs[1];
  if (second) problems.push({ pos: at(second.range[0]), message: 'holds more than one YAML document; use one document per file' });
  return problems.length > 0 || !docs[0] ? { lines, problems } : { doc: docs[0], lines, problems };
}

/**
 * Counts nesting by flow brackets, and by compact block indicators on one
 * line (`- - - -`). Indentation-only nesting needs ever longer lines, so the
 * file size cap bounds it, and buildValue reports it.
 */
class NestingGuard {
  private flow = 0;
  private compact = 0;
  /** The token after the lexer's scalar marker is scalar text, whatever it looks like. */
  private inScalar = false;

  accepts(token: string): boolean {
    if (this.inScalar) {
      this.inScalar = false;
      return true;
    }
    switch (token) {
      case SCALAR_MARKER:
        this.inScalar = true;
        return true;
      case '[':
      case '{':
        return ++this.flow <= MAX_NESTING;
      case ']':
      case '}':
        if (this.flow > 0) this.flow--;
        return true;
      case '-':
      case '?':
        return this.flow > 0 || ++this.compact <= MAX_NESTING;
      case '\n':
      case '\r\n':
        this.compact = 0;
        return true;
      default:
        return true;
    }
  }
}

export interface BuildContext {
  file: string;
  lines: LineCounter;
  env: Env;
  problems: PosMessage[];
  /** Every substituted value, so messages from outside code can be scrubbed of them. */
  secrets: Set<string>;
}

export interface Built {
  value: unknown;
  node: SourceNode;
  /** Nothing in it was reported as a problem while it was read (no node is flawed). */
  flawless?: boolean;
}

export function positionOf(ctx: Pick<BuildContext, 'file' | 'lines'>, node: YamlNode | null | undefined, fallback?: SourcePos): SourcePos {
  const offset = node?.range?.[0];
  if (offset === undefined) return fallback ?? { file: ctx.file, line: 1, col: 1 };
  return { file: ctx.file, ...ctx.lines.linePos(offset) };
}

const locators = new WeakMap<LineCounter, Locator>();

function sourceNode(ctx: BuildContext, node: YamlNode | null | undefined, fallback: SourcePos | undefined): OffsetSourceNode {
  let locator = locators.get(ctx.lines);
  if (!locator) locators.set(ctx.lines, (locator = lineLocator(ctx.file, ctx.lines.lineStarts)));
  const offset = node?.range?.[0];
  return new OffsetSourceNode(locator, offset ?? fallback ?? { file: ctx.file, line: 1, col: 1 });
}

/** Builds a plain value from a YAML node, recording positions and reporting problems into ctx. */
export function buildValue(yamlNode: unknown, ctx: BuildContext, depth: number, fallback?: SourcePos): Built {
  const node = yamlNode as ParsedNode | null;
  const source = sourceNode(ctx, node, fallback);
  const flaw = (message: string): Built => {
    ctx.problems.push({ pos: source.pos, message });
    source.flawed = true;
    return { value: null, node: source };
  };
  if (node === null || node === undefined) return { value: null, node: source };
  if (depth > MAX_NESTING) return flaw(`nested more than ${MAX_NESTING} levels deep`);
  if (isAlias(node)) return flaw(`YAML aliases are not supported (*${node.source}); write the value out in full`);
  if (isScalar(node)) return buildScalar(node.value, source, ctx);
  if (isSeq(node)) {
    const value: unknown[] = [];
    const children = new Map<string | number, SourceNode>();
    const pos = source.pos;
    for (const item of node.items) {
      const built = buildValue(item, ctx, depth + 1, pos);
      children.set(value.length, built.node);
      value.push(built.value);
    }
    source.children = children;
    return { value, node: source };
  }
  if (isMap(node)) {
    const value: Record<string, unknown> = {};
    const children = new Map<string | number, SourceNode>();
    const keys = new Map<string, SourcePos>();
    for (const pair of node.items) {
      const key = mappingKey(pair, ctx, keys);
      if (key === undefined) continue;
      keys.set(key.name, key.pos);
      const built = buildValue(pair.value, ctx, depth + 1, key.pos);
      const keyOffset = (pair.key as YamlNode | null)?.range?.[0];
      // The same position key.pos holds, kept as an offset when there is one.
      if (built.node instanceof OffsetSourceNode && keyOffset !== undefined) built.node.keyAt(keyOffset);
      else built.node.keyPos = key.pos;
      children.set(key.name, built.node);
      value[key.name] = built.value;
    }
    source.children = children;
    return { value, node: source };
  }
  return flaw('unsupported YAML node');
}

function buildScalar(raw: unknown, source: OffsetSourceNode, ctx: BuildContext): Built {
  if (typeof raw !== 'string') return { value: raw, node: source };
  const result = interpolate(raw, ctx.env);
  const problem = result.missing.length > 0 || result.malformed.length > 0;
  const pos = problem ? source.pos : undefined;
  for (const name of result.missing) ctx.problems.push({ pos: pos!, message: `environment variable ${excerpt(name)} is not set` });
  for (const ref of result.malformed) {
    ctx.problems.push({ pos: pos!, message: `malformed reference "${excerpt(ref)}": write \${env:NAME} with NAME made of letters, digits and _ (or $\${env:...} for the literal text)` });
  }
  if (result.substituted) ctx.secrets.add(result.value);
  if (result.substituted) source.interpolated = true;
  if (problem) source.flawed = true;
  return { value: result.value, node: source };
}

export interface MappingKey {
  name: string;
  pos: SourcePos;
}

/**
 * The string key of a mapping pair, or undefined (with a problem reported)
 * when it is not a plain scalar, is forbidden, or repeats an earlier key.
 */
export function mappingKey(pair: Pair, ctx: BuildContext, earlier: ReadonlyMap<string, SourcePos>): MappingKey | undefined {
  const keyNode = pair.key as ParsedNode | null;
  const pos = keyNode?.range ? positionOf(ctx, keyNode) : positionOf(ctx, keyNode, positionOf(ctx, pair.value as ParsedNode | null));
  if (isAlias(keyNode)) {
    ctx.problems.push({ pos, message: `YAML aliases are not supported (*${keyNode.source}); write the key out in full` });
    return undefined;
  }
  if (!isScalar(keyNode) || keyNode.value === null || typeof keyNode.value === 'object') {
    ctx.problems.push({ pos, message: keyNode === null || isScalar(keyNode) ? 'empty mapping key' : 'mapping keys must be plain strings' });
    return undefined;
  }
  const name = String(keyNode.value);
  if (FORBIDDEN_KEYS.has(name)) {
    ctx.problems.push({ pos, message: `key "${name}" is not allowed` });
    return undefined;
  }
  const first = earlier.get(name);
  if (first) {
    ctx.problems.push({ pos, message: `duplicate key "${name}" (first at line ${first.line})` });
    return undefined;
  }
  return { name, pos };
}
