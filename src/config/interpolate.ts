/**
 * `${env:NAME}` interpolation of one string scalar. `$${env:NAME}` stands for
 * the literal text `${env:NAME}`. Results never carry the values of missing
 * or malformed references into messages: callers report names only.
 */

export type Env = Readonly<Record<string, string | undefined>>;

export interface Interpolation {
  value: string;
  /** True when at least one variable was substituted (the value may be a secret). */
  substituted: boolean;
  /** Names of referenced variables that are not set. */
  missing: string[];
  /** References whose name is not a valid variable name, or that are never closed. */
  malformed: string[];
}

/** A valid variable name, as a pattern's source (the JSON Schema writes it into its own patterns). */
export const ENV_NAME = '[A-Za-z_][A-Za-z0-9_]*';

const REFERENCE = /\$(\$?)\{env:([^}]*)\}/g;
const UNCLOSED = /\$\{env:[^}]*$/;
const NAME = new RegExp(`^${ENV_NAME}$`);
const WHOLE_REFERENCE = new RegExp(`^\\$\\{env:${ENV_NAME}\\}$`);

/** Whether `text` is one `${env:NAME}` reference and nothing else: it then holds no literal text that could be a secret. */
export function isWholeReference(text: string): boolean {
  return WHOLE_REFERENCE.test(text);
}

/** The `${env:…}` references written in `text`, as written; an escaped `$${env:…}` is literal text, not one. */
export function envReferences(text: string): string[] {
  return [...text.matchAll(REFERENCE)].flatMap((match) => (match[1] ? [] : [match[0]]));
}

export function interpolate(text: string, env: Env): Interpolation {
  const result: Interpolation = { value: text, substituted: false, missing: [], malformed: [] };
  if (!text.includes('${env:')) return result;
  result.value = text.replace(REFERENCE, (whole, escaped: string, name: string) => {
    if (escaped) return whole.slice(1);
    if (!NAME.test(name)) {
      result.malformed.push(whole);
      return whole;
    }
    const value = env[name];
    if (value === undefined) {
      result.missing.push(name);
      return whole;
    }
    result.substituted = true;
    return value;
  });
  const unclosed = UNCLOSED.exec(text.replace(REFERENCE, ''));
  if (unclosed) result.malformed.push(unclosed[0]);
  return result;
}
