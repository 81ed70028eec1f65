/** What both config front doors (YAML files and synthesized CDKTF stacks) do with problems they find. */
import type { ConfigProblem } from '../errors.js';
import { REDACTED, Redactor } from '../util/redactor.js';
import { MIN_SECRET_LENGTH } from './providers.js';
import { didYouMean } from './suggest.js';
import type { ConfigKind, DeclaredObject, Reference } from './types.js';

/** Beyond this many problems the rest are counted, not listed: a hostile file must not turn into megabytes of messages. */
export const MAX_REPORTED_PROBLEMS = 100;

/** Substituted values shorter than this are not scrubbed from messages: they would mangle ordinary words. */
const MIN_SCRUBBED_LENGTH = 4;

/** By file (in the order files were met), then line and column; at most MAX_REPORTED_PROBLEMS of them. */
export function orderProblems(problems: readonly ConfigProblem[], order: readonly string[]): ConfigProblem[] {
  const rank = new Map(order.map((f, i) => [f, i]));
  const fileRank = (f: string) => rank.get(f) ?? order.length;
  const sorted = [...problems].sort((a, b) => fileRank(a.file) - fileRank(b.file) || a.line - b.line || a.col - b.col);
  const next = sorted[MAX_REPORTED_PROBLEMS];
  if (!next) return sorted;
  const more = sorted.length - MAX_REPORTED_PROBLEMS;
  return [...sorted.slice(0, MAX_REPORTED_PROBLEMS), { ...next, subject: '', message: `and ${more} more problem${more === 1 ? '' : 's'} not shown: fix the ones above first` }];
}

/** Messages written by schemas (refinements) could echo a substituted secret: it is replaced. */
export function scrubSecrets(message: string, secrets: Iterable<string>): string {
  let out = message;
  for (const s of secrets) if (s.length >= MIN_SCRUBBED_LENGTH) out = out.split(s).join(REDACTED);
  return out;
}

/** Dotted paths of the fields `kind` classes as secret. */
export function secretPathsOf(kind: ConfigKind): string[] {
  return Object.entries(kind.fieldClasses ?? {}).flatMap(([path, cls]) => (cls === 'secret' ? [path] : []));
}

/**
 * Adds the strings at the dotted `paths` of `value` to `into`. Shorter ones are refused by the
 * schemas and never masked; nor is text `unusable` says is no secret (a malformed `${env:…}` left as written).
 */
export function collectSecrets(value: unknown, paths: readonly string[], into: Set<string>, unusable: (path: string[]) => boolean = () => false): void {
  for (const path of paths) {
    const steps = path.split('.');
    let at: unknown = value;
    for (const step of steps) at = at !== null && typeof at === 'object' ? (at as Record<string, unknown>)[step] : undefined;
    if (typeof at === 'string' && at.length >= MIN_SECRET_LENGTH && !unusable(steps)) into.add(at);
  }
}

/** Problems with every secret value masked, subjects included: a secret reused as a name must not show there either. */
export function maskProblems(problems: readonly ConfigProblem[], secrets: Iterable<string>): ConfigProblem[] {
  const all = [...secrets];
  const redactor = new Redactor(all);
  const mask = (text: string) => maskCutSecrets(redactor.redact(text), all);
  return problems.map((p) => ({ ...p, subject: mask(p.subject), message: mask(p.message) }));
}

/** Shortest beginning of a secret that is masked where a quote was cut short inside it. */
const MIN_CUT_SECRET = MIN_SECRET_LENGTH / 2;

/** excerpt() may cut a quote inside a secret: the secret's beginning right before the ellipsis is masked too. */
function maskCutSecrets(text: string, secrets: readonly string[]): string {
  return text.replace(/([^…]*)…/g, (whole, before: string) => {
    for (const s of secrets) {
      for (let n = s.length - 1; n >= MIN_CUT_SECRET; n--) if (before.endsWith(s.slice(0, n))) return `${before.slice(0, -n)}${REDACTED}…`;
    }
    return whole;
  });
}

/** A reference whose target is not declared (`refusal` absent), or is declared but refuses it. */
export interface BadReference {
  object: DeclaredObject;
  ref: Reference;
  refusal?: string;
}

/** References whose target no declared object has, or whose declared target does not fit. */
export function badReferences(
  kinds: readonly ConfigKind[],
  objects: ReadonlyMap<string, readonly DeclaredObject[]>,
  /** Whether the referring object's instance declares that key, valid or not. */
  isDeclared: (kind: string, key: string, instance: string | undefined) => boolean,
): BadReference[] {
  return kinds.flatMap((kind) =>
    (objects.get(kind.kind) ?? []).flatMap((object) =>
      kind.references(object.value).flatMap((ref): BadReference[] => {
        const bad = checkReference(ref, objects, isDeclared, object.instance);
        return bad ? [{ object, ref, ...bad }] : [];
      }),
    ),
  );
}

/** Undefined when `ref` is fine; `{}` when its target is not declared; `{ refusal }` when the declared target does not fit. */
export function checkReference(
  ref: Reference,
  objects: ReadonlyMap<string, readonly DeclaredObject[]>,
  isDeclared: (kind: string, key: string, instance: string | undefined) => boolean,
  /** The referring object's provider instance: the target must be in the same one. */
  instance: string | undefined,
): { refusal?: string } | undefined {
  if (!isDeclared(ref.kind, ref.key, instance)) return {};
  const target = objects.get(ref.kind)?.find((o) => o.key === ref.key && o.instance === instance);
  const refusal = target && ref.refuses?.(target.value);
  return refusal ? { refusal } : undefined;
}

/**
 * ` (did you mean "x"?)` for a reference whose target is not declared, from
 * the declared keys of the target kind. Each look compares with every one of
 * them, so only as many references are looked for as problems are shown.
 */
export function referenceSuggester(keysOf: (kind: string, instance: string | undefined) => Iterable<string>): (ref: Reference, instance: string | undefined) => string {
  let left = MAX_REPORTED_PROBLEMS;
  return (ref, instance) => (left-- > 0 ? didYouMean(ref.key, keysOf(ref.kind, instance)) : '');
}
