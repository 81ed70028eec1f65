/**
 * Merges parsed config files section by section: kind lists concatenate in
 * file order, providers and extra sections may be defined once. Every problem
 * is recorded with its position; nothing stops at the first.
 */
import path from 'node:path';
import type * as z from 'zod';
import type { ConfigProblem } from '../errors.js';
import { VENDOR_NAMES, type VendorName } from './vendor-names.js';
import type { Env } from './interpolate.js';
import { INSTANCE_NAME, PROVIDER_SCHEMAS, PROVIDER_SECRET_FIELDS, type ProvidersConfig } from './providers.js';
import { accountOf, chooseInstance, DEFAULT_INSTANCE, holdsNamedInstances, instanceLabel, namesInstances, PROVIDER_FIELD } from './instances.js';
import { excerpt } from './excerpt.js';
import { locate, nodeAt, type SourceNode } from './source-tree.js';
import { didYouMean } from './suggest.js';
import type { ConfigKind, DeclaredObject, Reference, SourcePos, ValuePath } from './types.js';
import type { BuildContext, Built, MappingKey, PosMessage } from './yaml-source.js';
import type { readYamlDocument } from './yaml-document.js';
import { SimplePart, type DocPart } from './doc-parts.js';
import { SimpleSource } from './simple-source.js';
import { validate, type FieldIssue } from './zod-problems.js';
import { collectSecrets, scrubSecrets, secretPathsOf } from './problems.js';
import type { ConfigText } from './read-files.js';

/** An item's `provider:` value, and the object it belongs to once validated. */
export interface Choice {
  kind: ConfigKind;
  key: string | undefined;
  chosen: unknown;
  at: SourcePos;
  subject: string;
  object?: DeclaredObject;
  /** Set once settled, when the choice names an instance the config has. */
  instance?: string;
}

export type Section = { type: 'providers' } | { type: 'kind'; kind: ConfigKind } | { type: 'extra'; name: string; schema: z.ZodType };

/** One config file, read and not yet added. */
export interface ReadDocument {
  file: string;
  /** The file's directory: relative paths in it (icons) resolve against it. */
  dir: string;
  /** Absent when the text is unusable (its problems are reported). */
  top?: DocPart;
  /** Collects what the yaml library path finds while reading values; a fast-read file has none. */
  ctx?: BuildContext;
}

export class ConfigCollector {
  readonly problems: ConfigProblem[] = [];
  readonly files: string[] = [];
  /** Some file could not be read structurally; cross-file checks would report its absence as errors. */
  incomplete = false;
  /** Valid provider blocks by instance name (a vendor's single block is its instance named `default`). */
  readonly instances = new Map<string, ProvidersConfig>();
  /** The first instance acting as each account (instances.ts accountOf), to refuse a second. */
  private readonly accountAt = new Map<string, { label: string; at: SourcePos }>();
  /** Instance names per vendor, valid or not, in the order they were declared. */
  private readonly instanceNames = new Map<VendorName, string[]>();
  /** Provider fields written with `${env:X}`, as written, by instance label (`chatwoot`, `chatwoot.brand_a`). */
  readonly providerReferences: Record<string, Record<string, string>> = {};
  /** Where each vendor's block was first written, valid or not. */
  readonly providerAt = new Map<VendorName, SourcePos>();
  readonly extra: Record<string, unknown> = {};
  private readonly extraAt = new Map<string, SourcePos>();
  readonly objects = new Map<string, DeclaredObject[]>();
  /** References made by items that failed validation, where the reference field itself is fine: checked with the others, in the item's instance. */
  readonly unvalidatedReferences: Array<{ choice: Choice; node: SourceNode; ref: Reference }> = [];
  /** Natural keys per kind and instance (`declaredIn`), including items that failed validation but whose key could be read. */
  private readonly declaredKeys = new Map<string, Set<string>>();
  /** Every item's `provider:` choice, settled once all files (and so all provider blocks) are read. */
  private readonly choices: Choice[] = [];
  readonly presentKinds = new Set<string>();
  /** The top-level key of the first non-empty list per config key. */
  readonly firstUse = new Map<string, SourcePos>();
  private readonly secrets = new Set<string>();
  /** Values of the fields marked secret, read before validation so that a failing item's messages are masked too. */
  readonly secretValues = new Set<string>();
  /** Directories by file, when an environment overlay patched objects: their values come from several files. */
  private fileDirs: Map<string, string> | undefined;

  constructor(
    private readonly sections: ReadonlyMap<string, Section>,
    private readonly env: Env,
  ) {
    for (const s of sections.values()) {
      if (s.type !== 'kind') continue;
      this.objects.set(s.kind.kind, []);
    }
  }

  /** Adds a file fast-yaml can read; false (and nothing added) when it needs the yaml library: see addYamlFile. */
  addSimpleFile(source: ConfigText): boolean {
    const doc = this.readSimpleFile(source);
    if (doc) this.add(doc);
    return doc !== undefined;
  }

  addYamlFile(source: ConfigText, read: typeof readYamlDocument): void {
    this.add(this.readYamlFile(source, read));
  }

  /** The file read by fast-yaml, or undefined when it needs the yaml library. */
  readSimpleFile(source: ConfigText): ReadDocument | undefined {
    const simple = SimpleSource.read(source.file, source.text, this.env, this.secrets);
    return simple && { file: source.file, dir: path.dirname(source.abs), top: new SimplePart(simple, simple.value, []) };
  }

  /** The file read by the yaml library, its syntax problems reported; `problems` as readYamlDocument takes it. */
  readYamlFile(source: ConfigText, read: typeof readYamlDocument, problems?: PosMessage[]): ReadDocument {
    const doc = read(source.file, source.text, this.env, this.secrets, problems);
    this.report(doc.problems, '');
    if (!doc.top) this.incomplete = true;
    return { file: source.file, dir: path.dirname(source.abs), top: doc.top, ctx: doc.ctx };
  }

  add(doc: ReadDocument): void {
    this.files.push(doc.file);
    if (doc.top) this.addDocument(doc.top, doc.dir, doc.ctx);
  }

  /** Adds documents an environment overlay patched: an object's values may come from several files, each with its own directory. */
  addPatched(docs: readonly ReadDocument[]): void {
    this.fileDirs = new Map(docs.map((d) => [d.file, d.dir]));
    for (const doc of docs) this.add(doc);
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
      if (!section) this.problem(key.pos, '', `unknown top-level key "${key.name}"${didYouMean(key.name, this.sections.keys())}`, 'section');
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
    const secretPaths = secretPathsOf(kind);
    items.forEach((item, index) => this.addItem(kind, secretPaths, item, index, ctx, dir, key.pos));
  }

  private addItem(
    kind: ConfigKind,
    secretPaths: readonly string[],
    item: DocPart,
    index: number,
    ctx: BuildContext | undefined,
    dir: string,
    listPos: SourcePos,
  ): void {
    const built = item.build(2, listPos);
    const { value, chosen } = withoutChoice(built.value);
    collectSecrets(value, secretPaths, this.secretValues, flawedAt(built));
    const result = validate(kind.schema, value, built.node, (m) => this.scrub(m));
    const key = result.ok ? kind.keyOf(result.data) : readableKey(kind, value);
    const subject = key === undefined ? `${kind.kind} #${index + 1}` : `${kind.kind} "${excerpt(key)}"`;
    this.flush(ctx, subject);
    const node = built.node;
    const choice: Choice = { kind, key, chosen, at: chosen === undefined ? node.pos : locate(node, [PROVIDER_FIELD]), subject };
    this.choices.push(choice);
    if (!result.ok) {
      this.issues(node, subject, result.issues);
      for (const ref of readableReferences(kind, built, result.issues)) this.unvalidatedReferences.push({ choice, node, ref });
      return;
    }
    const object: DeclaredObject = { kind: kind.kind, key: key!, value: result.data, source: node.pos, locate: (p) => locate(node, p), dir };
    const dirs = this.fileDirs;
    if (dirs) object.dirOf = (p) => dirs.get(locate(node, p).file) ?? dir;
    choice.object = object;
  }

  /**
   * Puts every object in its provider instance, now that all provider blocks
   * are known, and checks identity there: a key is unique per kind and instance.
   * When some file could not be read, a choice of an instance it may have
   * declared is not reported.
   */
  settleInstances(complete: boolean): void {
    const firstAt = new Map<string, SourcePos>();
    for (const choice of this.choices) {
      const vendor = choice.kind.vendor;
      const result = chooseInstance(choice.chosen, vendor, this.instanceNames, choice.kind.configKey);
      if ('problem' in result) {
        if (complete) this.problem(choice.at, choice.subject, result.problem);
        continue;
      }
      choice.instance = result.name;
      if (choice.key === undefined) continue;
      const identity = `${choice.kind.kind}\u0000${result.name}\u0000${choice.key}`;
      const first = firstAt.get(identity);
      if (first) {
        const where = namesInstances(this.instanceNames.get(vendor) ?? []) ? ` for ${instanceLabel(vendor, result.name)}` : '';
        this.problem(choice.object?.source ?? choice.at, choice.subject, `is declared more than once${where} (first at ${whereIs(first)})`);
        continue;
      }
      firstAt.set(identity, choice.object?.source ?? choice.at);
      this.keysIn(choice.kind.kind, result.name).add(choice.key);
      if (!choice.object) continue;
      choice.object.instance = result.name;
      this.objects.get(choice.kind.kind)!.push(choice.object);
    }
  }

  /** Natural keys of `kind` declared for the named instance, valid items or not. */
  declaredIn(kind: string, instance: string): ReadonlySet<string> {
    return this.declaredKeys.get(`${kind}\u0000${instance}`) ?? new Set();
  }

  /** The config's instances of `vendor` that declare `key` for `kind`. */
  instancesDeclaring(kind: string, vendor: VendorName, key: string): string[] {
    return (this.instanceNames.get(vendor) ?? []).filter((name) => this.declaredIn(kind, name).has(key));
  }

  private keysIn(kind: string, instance: string): Set<string> {
    const id = `${kind}\u0000${instance}`;
    let keys = this.declaredKeys.get(id);
    if (!keys) this.declaredKeys.set(id, (keys = new Set()));
    return keys;
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
        this.problem(vendorKey.pos, 'providers', `unknown provider "${vendorKey.name}"${didYouMean(vendorKey.name, VENDOR_NAMES)}`, 'section');
        continue;
      }
      const subject = `providers.${vendor}`;
      const first = this.providerAt.get(vendor);
      if (first) {
        this.problem(vendorKey.pos, subject, `is already defined at ${whereIs(first)}`);
        continue;
      }
      this.providerAt.set(vendor, vendorKey.pos);
      if (value.shape !== 'map' || !holdsNamedInstances(Object.keys(value.peek() ?? {}))) {
        this.addInstance(vendor, DEFAULT_INSTANCE, value, vendorKey.pos, ctx);
        continue;
      }
      const named = value.entries();
      this.flush(ctx, subject);
      for (const { key: nameKey, value: block } of named) {
        if (INSTANCE_NAME.test(nameKey.name)) this.addInstance(vendor, nameKey.name, block, nameKey.pos, ctx);
        else this.problem(nameKey.pos, subject, `instance name "${excerpt(nameKey.name)}" must start with a letter and hold only letters, digits, _ and - (at most 64)`);
      }
    }
  }

  private addInstance(vendor: VendorName, name: string, block: DocPart, at: SourcePos, ctx: BuildContext | undefined): void {
    const label = instanceLabel(vendor, name);
    const data = this.validateSection(PROVIDER_SCHEMAS[vendor], block, ctx, 3, at, subjectOf(vendor, name), PROVIDER_SECRET_FIELDS);
    let names = this.instanceNames.get(vendor);
    if (!names) this.instanceNames.set(vendor, (names = []));
    names.push(name);
    let blocks = this.instances.get(name);
    if (!blocks) this.instances.set(name, (blocks = {}));
    // PROVIDER_SCHEMAS[vendor] validated it, so it has that vendor's shape.
    if (data !== undefined) (blocks as Record<VendorName, unknown>)[vendor] = data;
    this.providerReferences[label] = block.envReferences();
    if (data === undefined) return;
    const account = `${vendor}\u0000${accountOf(vendor, data as Record<string, unknown>)}`;
    const first = this.accountAt.get(account);
    if (!first) this.accountAt.set(account, { label, at });
    else this.problem(at, subjectOf(vendor, name), `acts as the same ${vendor} account as ${first.label} (at ${whereIs(first.at)}): give each account one instance, or each instance would plan the other's objects as undeclared`);
  }

  private addExtra(section: Extract<Section, { type: 'extra' }>, key: MappingKey, value: DocPart, ctx: BuildContext | undefined): void {
    const first = this.extraAt.get(section.name);
    if (first) {
      this.problem(key.pos, section.name, `is already defined at ${whereIs(first)}`);
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
    this.issues(built.node, subject, result.issues);
    return undefined;
  }

  problem(pos: SourcePos, subject: string, message: string, unknownKey?: ConfigProblem['unknownKey']): void {
    this.problems.push({ file: pos.file, line: pos.line, col: pos.col, subject, message, ...(unknownKey ? { unknownKey } : {}) });
  }

  /** A schema's problems with an object, located in it. */
  private issues(node: SourceNode, subject: string, issues: readonly FieldIssue[]): void {
    for (const iss of issues) this.problem(locate(node, iss.path, iss.atKey), subject, iss.message, iss.unknownKey && 'field');
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

/** The natural key of an item that failed validation (or was not validated yet), when it can still be read. */
export function readableKey(kind: ConfigKind, value: unknown): string | undefined {
  try {
    const key = kind.keyOf(value);
    return typeof key === 'string' && key.length > 0 ? key : undefined;
  } catch {
    return undefined;
  }
}

/** The references of an item that failed validation whose own field is a plain string with no problem of its own. */
function readableReferences(kind: ConfigKind, built: Built, issues: readonly FieldIssue[]): Reference[] {
  let refs: Reference[];
  try {
    refs = kind.references(built.value);
  } catch {
    return [];
  }
  const flawed = flawedAt(built);
  return refs.filter(
    (ref) =>
      typeof ref.key === 'string' &&
      !flawed(ref.path) &&
      !issues.some((iss) => iss.path.length >= ref.path.length && ref.path.every((step, i) => iss.path[i] === step)),
  );
}

function flawedAt(built: Built): (path: ValuePath) => boolean {
  if (built.flawless) return () => false;
  return (path) => {
    const { node, exact } = nodeAt(built.node, path);
    return exact && node.flawed === true;
  };
}

/** `providers.chatwoot`, or `providers.chatwoot.brand_a` for a named instance. */
const subjectOf = (vendor: VendorName, name: string) => `providers.${vendor}${name === DEFAULT_INSTANCE ? '' : `.${name}`}`;

/** The item's value without its `provider:` field, which the loader reads and no kind schema knows. */
function withoutChoice(value: unknown): { value: unknown; chosen: unknown } {
  if (value === null || typeof value !== 'object' || Array.isArray(value) || !(PROVIDER_FIELD in value)) return { value, chosen: undefined };
  const { [PROVIDER_FIELD]: chosen, ...rest } = value as Record<string, unknown>;
  return { value: rest, chosen };
}

export function whereIs(pos: SourcePos): string {
  return `${pos.file}:${pos.line}:${pos.col}`;
}

