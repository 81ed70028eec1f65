/**
 * `--target kind/key` and `--exclude kind/key`: which objects a plan may
 * touch. Kinds may be singular or plural (`inbox/Web*`, `inboxes/Web*`);
 * keys are globs with `*` and `?`.
 */
import { UserError } from '../../errors.js';
import type { Kind } from '../../kinds/types.js';

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
