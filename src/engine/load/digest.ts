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
 * A copy of `value` with the values at the kind's secret paths (`channel.imap_password`)
 * replaced: digests end up in plan files, and a hash of a weak secret can be guessed offline.
 */
export function withoutSecrets(value: unknown, fieldClasses: Readonly<Record<string, string>>): unknown {
  const secrets = Object.entries(fieldClasses).filter(([, cls]) => cls === 'secret').map(([path]) => path);
  if (secrets.length === 0) return value;
  return maskAt(value, '', new Set(secrets));
}

function maskAt(value: unknown, prefix: string, secrets: ReadonlySet<string>): unknown {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) {
    const path = prefix + key;
    // A flat field map holds `channel.imap_password` as one key; a config value nests it.
    out[key] = secrets.has(path) && inner !== null && inner !== undefined ? 'secret' : maskAt(inner, `${path}.`, secrets);
  }
  return out;
}
