/**
 * Seeded pseudo-random numbers. The emulator must be reproducible (same seed →
 * same ids, tokens and fault sequence), so nothing in it uses Math.random.
 */

/**
 * mulberry32: tiny and fast, and its whole state is one uint32, which lets a
 * `--data` file carry the generator forward so ids never repeat after a restart.
 */
export class SeededRandom {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** Uniform in [0, 1). */
  readonly next = (): number => {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };

  getState(): number {
    return this.state;
  }

  setState(state: number): void {
    this.state = state >>> 0;
  }
}

const HEX = '0123456789abcdef';
const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

function pick(random: () => number, alphabet: string, length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += alphabet[Math.floor(random() * alphabet.length)];
  return out;
}

export function randomHex(random: () => number, length: number): string {
  return pick(random, HEX, length);
}

export function randomToken(random: () => number, length: number): string {
  return pick(random, ALPHANUMERIC, length);
}

/** base64url without padding, as JWT segments are encoded. */
export function base64url(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64url');
}

/**
 * A MongoDB-shaped ObjectId: 4-byte seconds timestamp, 5-byte per-process
 * value, 3-byte counter. The counter (kept in vendor state) makes ids unique
 * even when many are made within one second.
 */
export function formatObjectId(nowMs: number, processHex: string, counter: number): string {
  const seconds = Math.floor(nowMs / 1000) >>> 0;
  return (
    seconds.toString(16).padStart(8, '0') +
    processHex.padStart(10, '0').slice(-10) +
    (counter & 0xffffff).toString(16).padStart(6, '0')
  );
}

export const OBJECT_ID = /^[0-9a-f]{24}$/;
