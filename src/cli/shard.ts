/** `--shard k/n` as text and back; no engine code, so that reading flags stays cheap. */
import type { Shard } from '../engine/units.js';

/** `2/8` → the second of eight shards; undefined unless 1 ≤ k ≤ n. */
export function parseShard(text: string): Shard | undefined {
  const match = /^(\d{1,4})\/(\d{1,4})$/.exec(text.trim());
  if (!match) return undefined;
  const [index, count] = [Number(match[1]), Number(match[2])];
  return index >= 1 && index <= count ? { index, count } : undefined;
}

export const shardText = (shard: Shard) => `${shard.index}/${shard.count}`;
