/**
 * The yaml library path for one config text, for whatever fast-yaml leaves
 * (any YAML; every problem reported with its position). Loaded only when a
 * file needs it, so the common simple configs never load the yaml library.
 */
import { isAlias, isMap, isScalar, isSeq } from 'yaml';
import type { Node as YamlNode, YAMLMap, YAMLSeq } from 'yaml';
import type { DocEntry, DocPart } from './doc-parts.js';
import { FORBIDDEN_KEYS, TEMPLATE_MARK } from './fast-yaml.js';
import { interpolate, type Env } from './interpolate.js';
import type { SourcePos } from './types.js';
import { buildValue, mappingKey, parseWithYamlLibrary, positionOf, type BuildContext, type Built, type PosMessage } from './yaml-source.js';
import { valueName } from './zod-problems.js';

export interface YamlDocument {
  /** Problems that make the text unusable (syntax errors, several documents, too deep). */
  problems: PosMessage[];
  /** The top-level value, when the text is usable. */
  top?: DocPart;
  /** Collects the problems found while reading values; the caller reports them with their subject. */
  ctx: BuildContext;
}

/** `problems` collects what reading values finds; files may share one (an environment overlay merges values of several). */
export function readYamlDocument(file: string, text: string, env: Env, secrets: Set<string>, problems: PosMessage[] = []): YamlDocument {
  const parsed = parseWithYamlLibrary(file, text);
  const ctx: BuildContext = { file, lines: parsed.lines, env, problems, secrets };
  return { problems: parsed.problems, top: parsed.doc && new YamlPart(parsed.doc.contents, ctx), ctx };
}

export class YamlPart implements DocPart {
  constructor(
    private readonly node: YamlNode | null,
    private readonly ctx: BuildContext,
  ) {}

  get empty(): boolean {
    return this.node === null || this.node === undefined || (isScalar(this.node) && this.node.value === null);
  }

  get isNull(): boolean {
    return isScalar(this.node) && this.node.value === null && (this.node.source !== '' || this.node.tag !== undefined);
  }

  get shape(): DocPart['shape'] {
    return isMap(this.node) ? 'map' : isSeq(this.node) ? 'seq' : 'other';
  }

  describe(): string {
    if (isAlias(this.node)) return 'an alias (YAML aliases are not supported)';
    if (isMap(this.node)) return 'a mapping';
    if (isSeq(this.node)) return 'a list';
    return valueName(isScalar(this.node) ? this.node.value : this.node);
  }

  pos(fallback?: SourcePos): SourcePos {
    return positionOf(this.ctx, this.node, fallback);
  }

  items(): DocPart[] {
    return (this.node as YAMLSeq).items.map((item) => new YamlPart(item as YamlNode | null, this.ctx));
  }

  entries(): DocEntry[] {
    const keys = new Map<string, SourcePos>();
    const entries: DocEntry[] = [];
    for (const pair of (this.node as YAMLMap).items) {
      const key = mappingKey(pair, this.ctx, keys);
      if (!key) continue;
      keys.set(key.name, key.pos);
      entries.push({ key, value: new YamlPart(pair.value as YamlNode | null, this.ctx) });
    }
    return entries;
  }

  build(depth: number, fallback?: SourcePos): Built {
    return buildValue(this.node, this.ctx, depth, fallback);
  }

  envReferences(): Record<string, string> {
    const refs: Record<string, string> = {};
    if (!isMap(this.node)) return refs;
    for (const { key, value } of this.node.items) {
      if (isScalar(key) && isScalar(value) && typeof value.value === 'string' && value.value.includes(TEMPLATE_MARK)) refs[String(key.value)] = value.value;
    }
    return refs;
  }

  peek(): Record<string, unknown> | undefined {
    if (!isMap(this.node)) return undefined;
    const fields: Record<string, unknown> = {};
    for (const { key, value } of this.node.items) {
      // Odd keys are left for entries() and build() to report.
      if (!isScalar(key) || key.value === null || typeof key.value === 'object' || FORBIDDEN_KEYS.has(String(key.value))) continue;
      const raw = isScalar(value) ? value.value : value === null || value === undefined ? null : undefined;
      fields[String(key.value)] = typeof raw === 'string' ? interpolate(raw, this.ctx.env).value : raw;
    }
    return fields;
  }
}
