/**
 * `--target kind/key` and `--exclude kind/key`: which objects a plan may
 * touch. Kinds may be singular or plural (`inbox/Web*`, `inboxes/Web*`);
 * keys are globs with `*` and `?`.
 */
import { UserError } from '../../errors.js';
import type { Kind } from '../../kinds/types.js';
import { planWarning, type PlanWarning } from './warnings.js';

interface Pattern {
  kind: string;
  key: RegExp;
}

export interface Targeting {
  targets?: readonly string[];
  excludes?: readonly string[];
}

export function selector(kinds: readonly Kind[], targeting: Targeting): ((kind: string, key: string) => boolean) | undefined {
  const targets = (targeting.targets ?? []).map((t) => parse(kinds, t, '--target'));
  const excludes = (targeting.excludes ?? []).map((e) => parse(kinds, e, '--exclude'));
  if (targets.length === 0 && excludes.length === 0) return undefined;
  const hit = (patterns: Pattern[], kind: string, key: string) => patterns.some((p) => p.kind === kind && p.key.test(key));
  return (kind, key) => (targets.length === 0 || hit(targets, kind, key)) && !hit(excludes, kind, key);
}

/**
 * What a reader of a narrowed plan must know, as Terraform says for -target:
 * that it is partial, and which patterns select nothing (a typo there would
 * otherwise plan "No changes" and look like success). `keysOf` lists the
 * declared and live keys of a kind.
 */
export function targetingWarnings(kinds: readonly Kind[], targeting: Targeting, keysOf: (kind: string) => Iterable<string>): PlanWarning[] {
  const patterns = [
    ...(targeting.targets ?? []).map((text) => ({ flag: '--target', text, pattern: parse(kinds, text, '--target') })),
    ...(targeting.excludes ?? []).map((text) => ({ flag: '--exclude', text, pattern: parse(kinds, text, '--exclude') })),
  ];
  if (patterns.length === 0) return [];
  const partial = planWarning('partial_plan', undefined, undefined, 'partial plan: --target/--exclude is in effect, so this plan may not show every change the configuration asks for');
  const unmatched = patterns
    .filter(({ pattern }) => ![...keysOf(pattern.kind)].some((key) => pattern.key.test(key)))
    .map(({ flag, text, pattern }) => planWarning('target_unmatched', pattern.kind, undefined, `${flag} ${text} matches no declared or live ${pattern.kind}`));
  return [partial, ...unmatched];
}

function parse(kinds: readonly Kind[], text: string, flag: string): Pattern {
  const slash = text.indexOf('/');
  const kindName = slash < 0 ? text : text.slice(0, slash);
  const kind = kinds.find((k) => k.kind === kindName || k.configKey === kindName);
  if (!kind || slash < 0 || slash === text.length - 1) {
    throw new UserError(`${flag} "${text}": expected kind/key, e.g. inbox/Website or inbox/* (kinds: ${kinds.map((k) => k.kind).join(', ')})`);
  }
  return { kind: kind.kind, key: keyGlob(text.slice(slash + 1)) };
}

/** A key glob (`*` any run of characters, `?` one); every other character stands for itself. Also used by `protect:`. */
export function keyGlob(pattern: string): RegExp {
  const escaped = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${escaped}$`);
}
