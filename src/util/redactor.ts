/**
 * Replaces every known secret in a string with `(sensitive)`.
 *
 * One redactor per vendor client; it learns secrets as they appear (tokens
 * issued by a login are added when received), and every error message and
 * event the HTTP core emits goes through it.
 */
export const REDACTED = '(sensitive)';

export class Redactor {
  private readonly secrets = new Set<string>();
  /** Longest first, so a secret that contains another is replaced whole. */
  private ordered: string[] = [];

  constructor(secrets: Iterable<string | undefined> = []) {
    for (const s of secrets) this.add(s);
  }

  add(secret: string | undefined): void {
    if (!secret) return;
    // A server may echo a secret URL-encoded (query strings, form bodies) or JSON-escaped (a request body quoted as text).
    for (const form of [secret, encodeURIComponent(secret), JSON.stringify(secret).slice(1, -1)]) this.secrets.add(form);
    this.ordered = [...this.secrets].sort((a, b) => b.length - a.length);
  }

  /** This redactor plus `extra`: for one request whose body carries secrets of its own. */
  with(extra: Iterable<string | undefined>): Redactor {
    const copy = new Redactor(extra);
    for (const s of this.secrets) copy.secrets.add(s);
    copy.ordered = [...copy.secrets].sort((a, b) => b.length - a.length);
    return copy;
  }

  redact(text: string): string {
    let out = text;
    for (const s of this.ordered) out = out.split(s).join(REDACTED);
    return out;
  }

  /**
   * A JSON-shaped value with every string in it, keys included, redacted: a
   * copy where a secret occurs, else the value itself. Secrets are known in
   * their JSON-escaped form too, so one search of the JSON text tells; a plan
   * of 10,000 steps is then not copied string by string on every run.
   */
  redactValue<T>(value: T): T {
    const text = JSON.stringify(value);
    if (text === undefined || !this.ordered.some((s) => text.includes(s))) return value;
    return this.redactedCopy(value);
  }

  private redactedCopy<T>(value: T): T {
    if (typeof value === 'string') return this.redact(value) as T;
    if (Array.isArray(value)) return value.map((v: unknown) => this.redactedCopy(v)) as T;
    if (value === null || typeof value !== 'object') return value;
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [this.redact(k), this.redactedCopy(v)])) as T;
  }
}
