/**
 * A synthesized CDKTF stack (`cdktf.out/stacks/<name>/cdk.tf.json`, or any
 * Terraform JSON file) as desired state, so CDKTF users can run the engine
 * without Terraform. Its `deskform_*` resources become the same declared
 * objects the YAML loader produces, validated by the kinds' schemas;
 * `provider.deskform` becomes the providers config, with the provider's
 * environment fallbacks; each aliased block is a provider instance of that
 * name (config/instances.ts), chosen by resources' `provider` meta-argument. Other providers' resources are ignored unless a
 * deskform resource refers to them, which only Terraform could resolve.
 *
 * Terraform JSON is valid YAML, so the YAML reader supplies positions for
 * file:line:col messages.
 */
import path from 'node:path';
import { ConfigError, UserError, type ConfigProblem } from '../errors.js';
import type { Kind } from '../kinds/types.js';
import { attributePathOf, configFromAttributes, kindOfResourceType, PROVIDER_TYPE, resolveProviders } from './schema.js';
import type { VendorName } from '../config/vendor-names.js';
import { resolveTemplates, type Lookup, type TemplateScope } from './cdktf-stack-refs.js';
import { isStackPath } from './stack-path.js';
import { INSTANCE_NAME, PROVIDER_SECRET_FIELDS } from '../config/providers.js';
import { DEFAULT_INSTANCE, orderedInstances } from '../config/instances.js';
import { badReferences, collectSecrets, maskProblems, orderProblems, referenceSuggester, scrubSecrets, secretPathsOf } from '../config/problems.js';
import { prepareObjects } from '../config/prepare.js';
import { sourceQuoting } from '../config/secret-spans.js';
import { readConfigTexts, type ConfigText, type ReadOptions } from '../config/read-files.js';
import { locate, nodeAt, type SourceNode } from '../config/source-tree.js';
import { didYouMean } from '../config/suggest.js';
import type { DeclaredObject, LoadedConfig, SourcePos } from '../config/types.js';
import { buildValue, parseWithYamlLibrary, type PosMessage } from '../config/yaml-source.js';
import { validate } from '../config/zod-problems.js';

/** Meta-arguments and cdktf's metadata: not attributes of the resource. */
const META = new Set(['//', 'depends_on', 'lifecycle', 'provider', 'provisioner', 'connection']);
/** Meta-arguments that make several objects from one block: only Terraform can expand them. */
const EXPANDING = ['count', 'for_each'];

type Obj = Record<string, unknown>;
const CYCLE = Symbol('cycle');
const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);

interface StackFile {
  file: string;
  dir: string;
  value: Obj;
  tree: SourceNode;
}

interface ProviderBlock {
  /** Its settings, without `alias`. */
  block: Obj;
  node: SourceNode;
}

interface StackResource {
  address: string;
  kind: Kind;
  body: Obj;
  node: SourceNode;
  keyPos: SourcePos;
  dir: string;
}

export interface StackLoadOptions extends ReadOptions {
  env: Readonly<Record<string, string | undefined>>;
  cwd: string;
}

export async function loadStack(paths: readonly string[], kinds: readonly Kind[], options: StackLoadOptions): Promise<LoadedConfig> {
  const others = paths.filter((p) => !isStackPath(p));
  if (others.length > 0) throw new UserError(`a synthesized stack (*.tf.json) cannot be combined with YAML config (${others.join(', ')})`);
  // The YAML files' reader: the same limits, and never blocking on what is not a regular file.
  const read = await readConfigTexts(paths, options.cwd, options);
  const problems: ConfigProblem[] = [...read.problems];
  const files: StackFile[] = [];
  for (const text of read.texts) {
    const file = parseStackFile(text, problems);
    if (file) files.push(file);
  }
  const reader = new StackReader(files, kinds, options.env, problems);
  const config = reader.load();
  await prepareObjects(kinds, config.objects, problems);
  if (problems.length > 0) {
    const quoting = sourceQuoting(read.texts, reader.secretValues, kinds, problems);
    throw new ConfigError(maskProblems(orderProblems(problems, read.order), reader.secretValues), quoting);
  }
  return config;
}

function parseStackFile({ file, abs, text }: ConfigText, problems: ConfigProblem[]): StackFile | undefined {
  const parsed = parseWithYamlLibrary(file, text);
  const posProblems: PosMessage[] = [...parsed.problems];
  const built = parsed.doc ? buildValue(parsed.doc.contents, { file, lines: parsed.lines, env: {}, problems: posProblems, secrets: new Set() }, 0) : undefined;
  problems.push(...posProblems.map((p) => ({ ...p.pos, subject: '', message: p.message.replace(/^invalid YAML/, 'invalid JSON') })));
  if (!built || posProblems.length > 0) return undefined;
  if (!isObj(built.value)) {
    problems.push({ file, line: 1, col: 1, subject: '', message: 'a Terraform JSON file must hold an object' });
    return undefined;
  }
  return { file, dir: path.dirname(abs), value: built.value, tree: built.node };
}

class StackReader implements TemplateScope {
  private readonly resources = new Map<string, StackResource>();
  private readonly variables = new Map<string, Obj>();
  /** Resolved attribute values by `address.attribute`; CYCLE while one is being resolved. */
  private readonly resolved = new Map<string, unknown>();
  private readonly secrets = new Set<string>();
  /** Values of the fields marked secret, masked in every message and output. */
  readonly secretValues = new Set<string>();

  constructor(
    private readonly files: readonly StackFile[],
    private readonly kinds: readonly Kind[],
    private readonly env: Readonly<Record<string, string | undefined>>,
    private readonly problems: ConfigProblem[],
  ) {}

  load(): LoadedConfig {
    for (const f of this.files) this.collect(f);
    const objects = new Map<string, DeclaredObject[]>(this.kinds.map((k) => [k.kind, []]));
    const firstAt = new Map<string, SourcePos>();
    const blocks = this.providerBlocks();
    for (const resource of this.resources.values()) {
      const instance = this.instanceOf(resource, blocks);
      const declared = instance === undefined ? undefined : this.declare(resource, instance);
      if (!declared) continue;
      // An alias is an account of its own: a name may repeat across aliases.
      const identity = `${instance}\0${declared.kind}\0${declared.key}`;
      const first = firstAt.get(identity);
      if (first) this.problem(declared.source, resource.address, `declares ${declared.kind} "${declared.key}" again (first at ${first.file}:${first.line}:${first.col})`);
      else {
        firstAt.set(identity, declared.source);
        objects.get(declared.kind)!.push(declared);
      }
    }
    this.checkReferences(objects);
    const needed = new Map<string, Set<VendorName>>();
    for (const kind of this.kinds) {
      for (const o of objects.get(kind.kind) ?? []) {
        const name = o.instance ?? DEFAULT_INSTANCE;
        if (!needed.has(name)) needed.set(name, new Set());
        needed.get(name)!.add(kind.vendor);
      }
    }
    // Resources that name no provider use the unaliased one, configured from the environment alone when the stack has none.
    const names = new Set([...blocks.keys(), ...needed.keys()]);
    const instances = orderedInstances(new Map([...names].map((name) => [name, this.providers(blocks.get(name), needed.get(name) ?? new Set())])));
    const used = this.kinds.filter((k) => (objects.get(k.kind) ?? []).length > 0);
    return {
      providers: instances.get(DEFAULT_INSTANCE) ?? {},
      ...(instances.size > 1 || (instances.size === 1 && !instances.has(DEFAULT_INSTANCE)) ? { instances } : {}),
      objects,
      presentKinds: new Set(used.map((k) => k.configKey)),
      files: this.files.map((f) => f.file),
      extra: {},
      secrets: [...this.secretValues],
    };
  }

  private collect(f: StackFile): void {
    for (const [name, spec] of Object.entries(isObj(f.value.variable) ? f.value.variable : {})) if (isObj(spec)) this.variables.set(name, spec);
    const types = f.value.resource;
    if (!isObj(types)) return;
    const typesNode = f.tree.children?.get('resource');
    for (const [type, named] of Object.entries(types)) {
      if (!type.startsWith(`${PROVIDER_TYPE}_`) || !isObj(named)) continue;
      const typeNode = typesNode?.children?.get(type) ?? f.tree;
      const kind = kindOfResourceType(type, this.kinds);
      if (!kind) {
        const known = this.kinds.map((k) => `${PROVIDER_TYPE}_${k.kind}`);
        this.problem(typeNode.keyPos ?? typeNode.pos, '', `unknown resource type "${type}"${didYouMean(type, known)}`);
        continue;
      }
      for (const [name, raw] of Object.entries(named)) {
        const address = `${type}.${name}`;
        const nameNode = typeNode.children?.get(name) ?? typeNode;
        // Terraform JSON allows a block body as an object or a list of one object.
        const body = Array.isArray(raw) && raw.length === 1 ? raw[0] : raw;
        const node = body === raw ? nameNode : (nameNode.children?.get(0) ?? nameNode);
        if (!isObj(body)) {
          this.problem(nameNode.pos, address, 'must be an object of attributes');
          continue;
        }
        if (this.resources.has(address)) {
          this.problem(nameNode.keyPos ?? nameNode.pos, address, 'is declared more than once');
          continue;
        }
        this.resources.set(address, { address, kind, body, node, keyPos: nameNode.keyPos ?? nameNode.pos, dir: f.dir });
      }
    }
  }

  /**
   * The provider configuration a resource names with Terraform's `provider`
   * meta-argument (`deskform.<alias>`), as an instance name; `default`
   * without one. Undefined (and reported) when the stack has no such alias.
   */
  private instanceOf(resource: StackResource, blocks: ReadonlyMap<string, ProviderBlock>): string | undefined {
    const chosen = resource.body.provider;
    if (chosen === undefined) return DEFAULT_INSTANCE;
    const alias = typeof chosen === 'string' && chosen.startsWith(`${PROVIDER_TYPE}.`) ? chosen.slice(PROVIDER_TYPE.length + 1) : undefined;
    if (alias !== undefined && blocks.has(alias)) return alias;
    const aliases = [...blocks.keys()].filter((n) => n !== DEFAULT_INSTANCE);
    const known = aliases.length > 0 ? `the stack's aliases are ${aliases.join(', ')}` : 'the stack has no aliased deskform provider';
    this.problem(childPos(resource.node, 'provider'), resource.address, `provider "${String(chosen)}" is not a deskform provider of this stack (${known})${didYouMean(alias ?? '', aliases)}`);
    return undefined;
  }

  private declare(resource: StackResource, instance: string): DeclaredObject | undefined {
    const { kind, address, node } = resource;
    for (const meta of EXPANDING) {
      if (meta in resource.body) this.problem(childPos(node, meta), address, `"${meta}" needs Terraform to expand; declare each object separately for deskform`);
    }
    const before = this.problems.length;
    const attrs = this.resolveBody(resource);
    // An unresolved reference would only cause follow-on complaints.
    if (this.problems.length > before) return undefined;
    const { config, problems } = configFromAttributes(kind, attrs);
    collectSecrets(config, secretPathsOf(kind), this.secretValues);
    for (const p of problems) this.problem(locate(node, p.path), address, p.message);
    const result = validate(kind.schema, config, node, (m) => this.scrub(m));
    if (!result.ok) {
      for (const iss of result.issues) this.problem(locate(node, attributePathOf(kind, iss.path), iss.atKey), address, iss.message, iss.unknownKey && 'field');
      return undefined;
    }
    if (problems.length > 0) return undefined;
    return {
      kind: kind.kind,
      key: kind.keyOf(result.data),
      value: result.data,
      source: resource.keyPos,
      locate: (p) => locate(node, attributePathOf(kind, p)),
      dir: resource.dir,
      ...(instance === DEFAULT_INSTANCE ? {} : { instance }),
    };
  }

  private checkReferences(objects: ReadonlyMap<string, DeclaredObject[]>): void {
    const identity = (instance: string | undefined, kind: string, key: string) => `${instance ?? DEFAULT_INSTANCE}\0${kind}\0${key}`;
    const declared = new Set([...objects.values()].flat().map((o) => identity(o.instance, o.kind, o.key)));
    const suggest = referenceSuggester((kind, instance) => (objects.get(kind) ?? []).filter((o) => o.instance === instance).map((o) => o.key));
    for (const { object, ref, refusal } of badReferences(this.kinds, objects, (kind, key, instance) => declared.has(identity(instance, kind, key)))) {
      this.problem(object.locate(ref.path), `${object.kind} "${object.key}"`, `references ${ref.kind} "${ref.key}", ${refusal ?? `which the stack does not declare${suggest(ref, object.instance)}`}`);
    }
  }

  /**
   * The `provider.deskform` blocks by instance name: an unaliased block is
   * `default`, an aliased one its alias (a configuration of all three vendors,
   * as Terraform runs it). A name configured twice is reported at the second.
   */
  private providerBlocks(): Map<string, ProviderBlock> {
    const blocks = new Map<string, ProviderBlock>();
    for (const { entry, node } of this.providerEntries()) {
      const block = isObj(entry) ? entry : {};
      const alias = block.alias;
      if (alias !== undefined && (typeof alias !== 'string' || !INSTANCE_NAME.test(alias))) {
        this.problem(childPos(node, 'alias'), `provider.${PROVIDER_TYPE}`, 'alias must start with a letter and hold only letters, digits, _ and -');
        continue;
      }
      const name = alias ?? DEFAULT_INSTANCE;
      if (blocks.has(name)) {
        const what = alias === undefined ? 'is configured more than once without an alias (Terraform refuses that too)' : `alias "${alias}" is configured more than once`;
        this.problem(alias === undefined ? node.pos : childPos(node, 'alias'), `provider.${PROVIDER_TYPE}`, what);
        continue;
      }
      const { alias: _alias, ...settings } = block;
      blocks.set(name, { block: settings, node });
    }
    return blocks;
  }

  /** Every `provider.deskform` block of every file, with its node (Terraform JSON allows one block or a list). */
  private *providerEntries(): Generator<{ entry: unknown; node: SourceNode }> {
    for (const f of this.files) {
      const providerNode = f.tree.children?.get('provider')?.children?.get(PROVIDER_TYPE);
      const raw = isObj(f.value.provider) ? f.value.provider[PROVIDER_TYPE] : undefined;
      if (raw === undefined || !providerNode) continue;
      if (!Array.isArray(raw)) yield { entry: raw, node: providerNode };
      else for (const [i, entry] of raw.entries()) yield { entry, node: providerNode.children?.get(i) ?? providerNode };
    }
  }

  /** One `provider.deskform` configuration (none: only the environment) merged with the environment, for the vendors its resources use. */
  private providers(at: ProviderBlock | undefined, needed: ReadonlySet<VendorName>): LoadedConfig['providers'] {
    const block = at?.block;
    const node = at?.node;
    const posProblems: PosMessage[] = [];
    const resolved = block && node ? (resolveTemplates(block, node, this, posProblems) as Obj) : {};
    for (const p of posProblems) this.problem(p.pos, `provider.${PROVIDER_TYPE}`, p.message);
    // Nested blocks may also be written as a list of one object.
    const single = Object.fromEntries(Object.entries(resolved).map(([k, v]) => [k, Array.isArray(v) && v.length === 1 ? v[0] : v]));
    const result = resolveProviders(single, this.env, needed);
    for (const block of [...Object.values(single), ...Object.values(result.providers)]) collectSecrets(block, PROVIDER_SECRET_FIELDS, this.secretValues);
    const fallback: SourcePos = node?.pos ?? { file: this.files[0]?.file ?? '(stack)', line: 1, col: 1 };
    for (const p of result.problems) {
      const [vendor, ...rest] = p.path.map(String);
      const at = node ? [[vendor!, ...rest], [vendor!, 0, ...rest]].map((candidate) => nodeAt(node!, candidate)).find((n) => n.exact) : undefined;
      this.problem(at?.node.pos ?? (node ? locate(node, [vendor!]) : fallback), `provider.${PROVIDER_TYPE}`, this.scrub(p.message), p.unknownKey && 'section');
    }
    return result.providers;
  }

  attribute(address: string, attrPath: readonly string[]): Lookup {
    const ref = `\${${address}.${attrPath.join('.')}}`;
    const resource = this.resources.get(address);
    if (!resource) {
      return address.startsWith(`${PROVIDER_TYPE}_`)
        ? { problem: `${ref} refers to a resource the stack does not declare` }
        : { problem: `${ref} refers to a resource of another provider; only Terraform can resolve it` };
    }
    const [head, ...rest] = attrPath;
    const top = this.resolveAttribute(resource, head!);
    if (top === CYCLE) return { problem: `${ref} is part of a reference cycle` };
    let value = top;
    for (const step of rest) value = isObj(value) ? value[step] : undefined;
    if (value !== undefined && value !== null) return { value };
    const hint = head === 'id' ? ' (the id is only known after apply: refer to a natural key such as slug or name)' : '';
    return { problem: `${ref} is not set in the stack, so only Terraform would know it${hint}` };
  }

  variable(name: string): Lookup {
    const spec = this.variables.get(name);
    if (!spec) return { problem: `\${var.${name}} refers to a variable the stack does not declare` };
    const raw = this.env[`TF_VAR_${name}`];
    if (raw === undefined) {
      if ('default' in spec && spec.default !== null) return { value: spec.default };
      return { problem: `variable "${name}" has no value: set TF_VAR_${name}` };
    }
    if (raw.length >= 4) this.secrets.add(raw);
    if (spec.type === 'number' && raw.trim() !== '' && Number.isFinite(Number(raw))) return { value: Number(raw) };
    if (spec.type === 'bool' && (raw === 'true' || raw === 'false')) return { value: raw === 'true' };
    return { value: raw };
  }

  /** A resource's attributes (meta-arguments left out) with templates resolved one attribute at a time: references follow attributes, not resources. */
  private resolveBody(resource: StackResource): Obj {
    const keys = Object.keys(resource.body).filter((k) => !META.has(k) && !EXPANDING.includes(k));
    return Object.fromEntries(keys.map((key) => {
      const value = this.resolveAttribute(resource, key);
      return [key, value === CYCLE ? resource.body[key] : value];
    }));
  }

  private resolveAttribute(resource: StackResource, key: string): unknown {
    const id = `${resource.address}.${key}`;
    if (this.resolved.has(id)) return this.resolved.get(id);
    this.resolved.set(id, CYCLE);
    const posProblems: PosMessage[] = [];
    const value = resolveTemplates(resource.body[key], resource.node.children?.get(key) ?? resource.node, this, posProblems);
    for (const p of posProblems) this.problem(p.pos, resource.address, p.message);
    this.resolved.set(id, value);
    return value;
  }

  private problem(pos: SourcePos, subject: string, message: string, unknownKey?: ConfigProblem['unknownKey']): void {
    this.problems.push({ ...pos, subject, message, ...(unknownKey ? { unknownKey } : {}) });
  }

  private scrub(message: string): string {
    return scrubSecrets(message, this.secrets);
  }
}

function childPos(node: SourceNode, key: string): SourcePos {
  const child = node.children?.get(key);
  return child?.keyPos ?? child?.pos ?? node.pos;
}
