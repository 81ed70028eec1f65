/**
 * Merges parsed config files section by section: kind lists concatenate in
 * file order, providers and extra sections may be defined once. Every problem
 * is recorded with its position; nothing stops at the first.
 */
import path from 'node:path';
import type { z } from 'zod';
import type { ConfigProblem } from '../errors.js';
import { VENDOR_NAMES, type VendorName } from './vendor-names.js';
import type { Env } from './interpolate.js';
import { PROVIDER_SCHEMAS, PROVIDER_SECRET_FIELDS, type ProvidersConfig } from './providers.js';
import { excerpt } from './excerpt.js';
import { locate, nodeAt, type SourceNode } from './source-tree.js';
import { didYouMean } from './suggest.js';
import type { ConfigKind, DeclaredObject, SourcePos } from './types.js';
import type { BuildContext, Built, MappingKey, PosMessage } from './yaml-source.js';
import type { readYamlDocument } from './yaml-document.js';
import { SimplePart, type DocPart } from './doc-parts.js';
import { SimpleSource } from './simple-source.js';
import { validate } from './zod-problems.js';
import { collectSecrets, scrubSecrets, secretPathsOf } from './problems.js';
import type { ConfigText } from './read-files.js';

export type Section = { type: 'providers' } | { type: 'kind'; kind: ConfigKind } | { type: 'extra'; name: string; schema: z.ZodType };

export class ConfigCollector {
  readonly problems: ConfigProblem[] = [];
  readonly files: string[] = [];
  /** Some file could not be read structurally; cross-file checks would report its absence as errors. */
  incomplete = false;
  readonly providers: ProvidersConfig = {};
  /** Provider fields written with `${env:X}`, as written, by vendor. */
  readonly providerReferences: Record<string, Record<string, string>> = {};
  /** Where each vendor's block was first written, valid or not. */
  readonly providerAt = new Map<VendorName, SourcePos>();
  readonly extra: Record<string, unknown> = {};
  private readonly extraAt = new Map<string, SourcePos>();
  readonly objects = new Map<string, DeclaredObject[]>();
  /** Natural keys per kind, including items that failed validation but whose key could be read. */
  readonly declaredKeys = new Map<string, Set<string>>();
  private readonly identityAt = new Map<string, Map<string, SourceNode>>();
  readonly presentKinds = new Set<string>();
  /** The top-level key of the first non-empty list per config key. */
  readonly firstUse = new Map<string, SourcePos>();
  private readonly secrets = new Set<string>();
  /** Values of the fields marked secret, read before validation so that a failing item's messages are masked too. */
  readonly secretValues = new Set<string>();

  constructor(
    private readonly sections: ReadonlyMap<string, Section>,
    private readonly env: Env,
  ) {
    for (const s of sections.values()) {
      if (s.type !== 'kind') continue;
      this.objects.set(s.kind.kind, []);
      this.declaredKeys.set(s.kind.kind, new Set());
      this.identityAt.set(s.kind.kind, new Map());
    }
  }

  /** Adds a file fast-yaml can read; false (and nothing added) when it needs the yaml library: see addYamlFile. */
  addSimpleFile(source: ConfigText): boolean {
    const simple = SimpleSource.read(source.file, source.text, this.env, this.secrets);
    if (!simple) return false;
    this.files.push(source.file);
    this.addDocument(new SimplePart(simple, simple.value, []), path.dirname(source.abs), undefined);
    return true;
  }

  addYamlFile(source: ConfigText, read: typeof readYamlDocument): void {
    this.files.push(source.file);
    const doc = read(source.file, source.text, this.env, this.secrets);
    this.report(doc.problems, '');
    if (!doc.top) {
      this.incomplete = true;
      return;
    }
    this.addDocument(doc.top, path.dirname(source.abs), doc.ctx);
  }

  /** `ctx` collects the problems the yaml library path finds while reading; a fast-read document has none. */
  private addDocument(top: DocPart, dir: string, ctx: BuildContext | undefined): void {
    if (top.empty) return;
    if (top.shape !== 'map') {
      this.problem(top.pos(), '', `the top level must be a mapping of sections (providers, ${this.kindKeys()}), got ${top.describe()}`);
      this.incomplete = true;
      return;
    }
    const entries = top.entries();
    this.flush(ctx, '');
    for (const { key, value } of entries) {
      const section = this.sections.get(key.name);
      if (!section) this.problem(key.pos, '', `unknown top-level key "${key.name}"${didYouMean(key.name, this.sections.keys())}`);
      else if (section.type === 'kind') this.addList(section.kind, key, value, ctx, dir);
      else if (section.type === 'providers') this.addProviders(key, value, ctx);
      else this.addExtra(section, key, value, ctx);
    }
  }

  private addList(kind: ConfigKind, key: MappingKey, list: DocPart, ctx: BuildContext | undefined, dir: string): void {
    this.presentKinds.add(kind.configKey);
    if (list.empty) return;
    if (list.shape !== 'seq') {
      this.problem(list.pos(key.pos), '', `"${kind.configKey}" must be a list, got ${list.describe()}`);
      return;
    }
    const items = list.items();
    if (items.length > 0 && !this.firstUse.has(kind.configKey)) this.firstUse.set(kind.configKey, key.pos);
    items.forEach((item, index) => this.addItem(kind, item, index, ctx, dir, key.pos));
  }

  private addItem(kind: ConfigKind, item: DocPart, index: number, ctx: BuildContext | undefined, dir: string, listPos: SourcePos): void {
    const built = item.build(2, listPos);
    collectSecrets(built.value, secretPathsOf(kind), this.secretValues, flawedAt(built));
    const result = validate(kind.schema, built.value, built.node, (m) => this.scrub(m));
    const key = result.ok ? kind.keyOf(result.data) : readableKey(kind, built.value);
    const subject = key === undefined ? `${kind.kind} #${index + 1}` : `${kind.kind} "${excerpt(key)}"`;
    this.flush(ctx, subject);
    if (key !== undefined) this.declaredKeys.get(kind.kind)!.add(key);
    if (!result.ok) {
      for (const iss of result.issues) this.problem(locate(built.node, iss.path, iss.atKey), subject, iss.message);
      return;
    }
    const node = built.node;
    const seen = this.identityAt.get(kind.kind)!;
    const first = seen.get(key!);
    if (first) {
      this.problem(node.pos, subject, `is declared more than once (first at ${where(first.pos)})`);
      return;
    }
    seen.set(key!, node);
    this.objects.get(kind.kind)!.push({ kind: kind.kind, key: key!, value: result.data, source: node.pos, locate: (p) => locate(node, p), dir });
  }

  private addProviders(key: MappingKey, block: DocPart, ctx: BuildContext | undefined): void {
    if (block.empty) return;
    if (block.shape !== 'map') {
      this.problem(block.pos(key.pos), '', `"providers" must be a mapping, got ${block.describe()}`);
      return;
    }
    const entries = block.entries();
    this.flush(ctx, 'providers');
    for (const { key: vendorKey, value } of entries) {
      const vendor = VENDOR_NAMES.find((v) => v === vendorKey.name);
      if (!vendor) {
        this.problem(vendorKey.pos, 'providers', `unknown provider "${vendorKey.name}"${didYouMean(vendorKey.name, VENDOR_NAMES)}`);
        continue;
      }
      const subject = `providers.${vendor}`;
      const first = this.providerAt.get(vendor);
      if (first) {
        this.problem(vendorKey.pos, subject, `is already defined at ${where(first)}`);
        continue;
      }
      this.providerAt.set(vendor, vendorKey.pos);
      const data = this.validateSection(PROVIDER_SCHEMAS[vendor], value, ctx, 3, vendorKey.pos, subject, PROVIDER_SECRET_FIELDS);
      // PROVIDER_SCHEMAS[vendor] validated it, so it has that vendor's shape.
      if (data !== undefined) (this.providers as Record<VendorName, unknown>)[vendor] = data;
      this.providerReferences[vendor] = value.envReferences();
    }
  }

  private addExtra(section: Extract<Section, { type: 'extra' }>, key: MappingKey, value: DocPart, ctx: BuildContext | undefined): void {
    const first = this.extraAt.get(section.name);
    if (first) {
      this.problem(key.pos, section.name, `is already defined at ${where(first)}`);
      return;
    }
    this.extraAt.set(section.name, key.pos);
    const data = this.validateSection(section.schema, value, ctx, 2, key.pos, section.name);
    if (data !== undefined) this.extra[section.name] = data;
  }

  private validateSection(schema: z.ZodType, value: DocPart, ctx: BuildContext | undefined, depth: number, keyPos: SourcePos, subject: string, secretPaths: readonly string[] = []): unknown {
    const built = value.build(depth, keyPos);
    collectSecrets(built.value, secretPaths, this.secretValues, flawedAt(built));
    this.flush(ctx, subject);
    const result = validate(schema, built.value, built.node, (m) => this.scrub(m));
    if (result.ok) return result.data;
    for (const iss of result.issues) this.problem(locate(built.node, iss.path, iss.atKey), subject, iss.message);
    return undefined;
  }

  problem(pos: SourcePos, subject: string, message: string): void {
    this.problems.push({ file: pos.file, line: pos.line, col: pos.col, subject, message });
  }

  private report(messages: PosMessage[], subject: string): void {
    for (const m of messages) this.problem(m.pos, subject, m.message);
  }

  private flush(ctx: BuildContext | undefined, subject: string): void {
    if (!ctx) return;
    this.report(ctx.problems, subject);
    ctx.problems.length = 0;
  }

  private scrub(message: string): string {
    return scrubSecrets(message, this.secrets);
  }

  private kindKeys(): string {
    return [...this.sections.values()].flatMap((s) => (s.type === 'kind' ? [s.kind.configKey] : [])).join(', ');
  }
}

/** The natural key of an item that failed validation, when it can still be read. */
function readableKey(kind: ConfigKind, value: unknown): string | undefined {
  try {
    const key = kind.keyOf(value);
    return typeof key === 'string' && key.length > 0 ? key : undefined;
  } catch {
    return undefined;
  }
}

function flawedAt(built: Built): (path: string[]) => boolean {
  if (built.flawless) return () => false;
  return (path) => {
    const { node, exact } = nodeAt(built.node, path);
    return exact && node.flawed === true;
  };
}

function where(pos: SourcePos): string {
  return `${pos.file}:${pos.line}:${pos.col}`;
}

