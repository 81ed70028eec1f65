/**
 * The config loader's entry point: reads YAML files and directories, merges
 * them, validates every object with its kind's schema, checks references and
 * provider blocks, prepares the valid objects (ConfigKind.prepare), and
 * reports every problem at once with file:line:col.
 *
 * Choices where the format leaves room:
 * - `${env:X}` is substituted in string values, not in keys; substituted text
 *   is coerced to a number or boolean only where the schema asks for one.
 * - YAML aliases are refused (anchors alone are harmless), which also makes
 *   alias bombs impossible.
 * - References are checked for objects that validated, and for those that
 *   did not where the reference field itself is readable and has no problem
 *   of its own; a target that is declared but invalid counts as declared, so
 *   it is reported once.
 * - When a file could not be read or parsed, reference and provider-block
 *   checks are skipped: its absent objects would show up as false problems.
 */
import type * as z from 'zod';
import { ConfigError } from '../errors.js';
import { ConfigCollector, type Section } from './collect.js';
import { excerpt } from './excerpt.js';
import { badReferences, checkReference, maskProblems, orderProblems, referenceSuggester } from './problems.js';
import { locate } from './source-tree.js';
import { prepareObjects } from './prepare.js';
import { sourceQuoting } from './secret-spans.js';
import type { Env } from './interpolate.js';
import { readConfigTexts, type ReadOptions, type ReadResult } from './read-files.js';
import type { ConfigKind, LoadedConfig, Reference, SourcePos } from './types.js';
import { DEFAULT_INSTANCE, instanceLabel, orderedInstances } from './instances.js';

export interface LoadOptions extends ReadOptions {
  /** Source of `${env:X}` values (usually process.env). */
  env: Env;
  /** Relative paths are resolved against this. */
  cwd: string;
  /** Further top-level sections the engine understands (e.g. `protect`), returned under `extra`. */
  extraTopLevel?: Record<string, z.ZodType>;
  /** Also read `environments/NAME/` beside the paths, which patches the config (environments.ts). */
  environment?: string;
}

export async function loadConfig(paths: string[], kinds: readonly ConfigKind[], options: LoadOptions): Promise<LoadedConfig> {
  const sections = sectionTable(kinds, options.extraTopLevel ?? {});
  const collector = new ConfigCollector(sections, options.env);
  const { environment } = options;
  const read =
    environment === undefined
      ? await addFiles(paths, collector, options)
      : await (await import('./environments.js')).addWithEnvironment(paths, environment, collector, { ...options, sections });
  // A file that could not be read would make its objects and providers look absent.
  const complete = !collector.incomplete && read.problems.length === 0;
  collector.settleInstances(complete);
  if (complete) {
    checkReferences(collector, kinds);
    checkProviderBlocks(collector, kinds);
  }
  await prepareObjects(kinds, collector.objects, collector.problems);
  if (collector.problems.length > 0) {
    const quoting = sourceQuoting(read.texts, collector.secretValues, kinds, collector.problems);
    throw new ConfigError(maskProblems(orderProblems(collector.problems, read.order), collector.secretValues), quoting);
  }
  return {
    providers: collector.instances.get(DEFAULT_INSTANCE) ?? {},
    instances: orderedInstances(collector.instances),
    providerReferences: collector.providerReferences,
    objects: collector.objects,
    presentKinds: collector.presentKinds,
    files: collector.files,
    extra: collector.extra,
    secrets: [...collector.secretValues],
    ...(environment === undefined ? {} : { environment }),
  };
}

async function addFiles(paths: readonly string[], collector: ConfigCollector, options: LoadOptions): Promise<ReadResult> {
  const read = await readConfigTexts(paths, options.cwd, options);
  collector.problems.push(...read.problems);
  for (const text of read.texts) {
    if (!collector.addSimpleFile(text)) collector.addYamlFile(text, (await import('./yaml-document.js')).readYamlDocument);
  }
  return read;
}

function sectionTable(kinds: readonly ConfigKind[], extras: Record<string, z.ZodType>): Map<string, Section> {
  const sections = new Map<string, Section>([['providers', { type: 'providers' }]]);
  const add = (name: string, section: Section) => {
    if (sections.has(name)) throw new Error(`config section "${name}" is defined twice`);
    sections.set(name, section);
  };
  for (const kind of kinds) add(kind.configKey, { type: 'kind', kind });
  for (const [name, schema] of Object.entries(extras)) add(name, { type: 'extra', name, schema });
  return sections;
}

function checkReferences(c: ConfigCollector, kinds: readonly ConfigKind[]): void {
  const vendorOf = new Map(kinds.map((k) => [k.kind, k.vendor]));
  // Declared keys include objects that failed validation, so a broken target is not reported twice.
  const isDeclared = (kind: string, key: string, instance: string | undefined) => c.declaredIn(kind, instance ?? DEFAULT_INSTANCE).has(key);
  const suggest = referenceSuggester((kind, instance) => c.declaredIn(kind, instance ?? DEFAULT_INSTANCE));
  const report = (at: SourcePos, subject: string, ref: Reference, instance: string | undefined, refusal: string | undefined) => {
    const vendor = vendorOf.get(ref.kind)!;
    const elsewhere = refusal ? [] : c.instancesDeclaring(ref.kind, vendor, ref.key);
    const why =
      refusal ??
      (elsewhere.length > 0
        ? `which is declared for ${elsewhere.map((n) => instanceLabel(vendor, n)).join(', ')}, not ${instanceLabel(vendor, instance ?? DEFAULT_INSTANCE)}: a reference cannot cross accounts`
        : `which is not declared in the config${suggest(ref, instance)}`);
    c.problem(at, subject, `references ${ref.kind} "${excerpt(ref.key)}", ${why}`);
  };
  for (const { object, ref, refusal } of badReferences(kinds, c.objects, isDeclared)) report(object.locate(ref.path), `${object.kind} "${excerpt(object.key)}"`, ref, object.instance, refusal);
  // An item whose provider: choice could not be settled has no instance to look in.
  for (const { choice, node, ref } of c.unvalidatedReferences) {
    if (choice.instance === undefined) continue;
    const bad = checkReference(ref, c.objects, isDeclared, choice.instance);
    if (bad) report(locate(node, ref.path), choice.subject, ref, choice.instance, bad.refusal);
  }
}

function checkProviderBlocks(c: ConfigCollector, kinds: readonly ConfigKind[]): void {
  for (const kind of kinds) {
    const used = c.firstUse.get(kind.configKey);
    if (used && !c.providerAt.has(kind.vendor)) c.problem(used, '', `${kind.configKey} need a providers.${kind.vendor} block`);
  }
}
