/**
 * Campaign sizing and seeding. Counts are small enough for `npm test`;
 * `DESKFORM_SOAK=1` (npm run test:soak) raises them. Every case is named by
 * its seed, so `vitest run -t "seed 17"` replays one.
 */

const SOAK = process.env.DESKFORM_SOAK === '1';

/** The normal count, or the soak count when DESKFORM_SOAK=1. */
export function campaignSize(normal: number, soak: number): number {
  return SOAK ? soak : normal;
}

/** Seeds `base`, `base + 1`, …: stable across runs, distinct per campaign. */
export function seeds(base: number, count: number): number[] {
  return Array.from({ length: count }, (_, i) => base + i);
}

/** A small seeded PRNG (mulberry32): the same seed always gives the same campaign case. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function pick<T>(random: () => number, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)]!;
}

export function intBetween(random: () => number, min: number, max: number): number {
  return min + Math.floor(random() * (max - min + 1));
}
