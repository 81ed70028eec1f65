import { createHash, hash } from 'node:crypto';
import { canonicalJson, writeCanonicalInPieces } from '../../kinds/normalise.js';

/**
 * Short stable digest of a value: equal values (whatever their key order) give equal digests.
 * One-shot `hash`, not a Hash object per call: a plan digests every object it reads.
 */
export function digest(value: unknown): string {
  return hash('sha256', canonicalJson(value ?? null), 'hex').slice(0, 32);
}

/** Below this many characters the text waiting to be hashed is kept: one `update` per piece would cost more. */
const HASH_CHUNK = 1 << 16;

/**
 * `digest(value)` of a large value, hashed in pieces (the arrays and objects
 * of its first `depth` levels) instead of as one string: the config digest of
 * 10,000 objects would otherwise build and flatten 3.4 MB of text.
 */
export function digestInPieces(value: unknown, depth: number): string {
  const hasher = createHash('sha256');
  let pending = '';
  writeCanonicalInPieces(value ?? null, depth, (piece) => {
    pending += piece;
    if (pending.length < HASH_CHUNK) return;
    hasher.update(pending);
    pending = '';
  });
  return hasher.update(pending).digest('hex').slice(0, 32);
}

/**
 * `value` with the values at the kind's secret paths (`channel.imap_password`)
 * replaced, in a copy where one is set: digests end up in plan files, and a
 * hash of a weak secret can be guessed offline.
 */
export function withoutSecrets(value: unknown, fieldClasses: Readonly<Record<string, string>>): unknown {
  const paths = new Set<string>();
  const parents = new Set<string>();
  for (const [path, cls] of Object.entries(fieldClasses)) {
    if (cls !== 'secret') continue;
    paths.add(path);
    for (let dot = path.indexOf('.'); dot !== -1; dot = path.indexOf('.', dot + 1)) parents.add(path.slice(0, dot));
  }
  return paths.size === 0 ? value : maskAt(value, '', { paths, parents });
}

/** Copies only the objects on the way to a secret that is set; everything else is shared with `value`. */
function maskAt(value: unknown, prefix: string, secrets: { paths: ReadonlySet<string>; parents: ReadonlySet<string> }): unknown {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return value;
  const record = value as Record<string, unknown>;
  let out: Record<string, unknown> | undefined;
  for (const key of Object.keys(record)) {
    const path = prefix + key;
    const inner = record[key];
    // A flat field map holds `channel.imap_password` as one key; a config value nests it.
    let masked = inner;
    if (secrets.paths.has(path)) masked = inner === null || inner === undefined ? inner : 'secret';
    else if (secrets.parents.has(path)) masked = maskAt(inner, `${path}.`, secrets);
    if (masked === inner) continue;
    out ??= { ...record };
    out[key] = masked;
  }
  return out ?? value;
}
