/**
 * Server-generated secrets, drawn from the emulator's seeded random source so
 * a seeded run is reproducible.
 */
import type { EmuEnv } from '../contract.js';

const BASE58 = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';

function pick(env: EmuEnv, alphabet: string, length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += alphabet.charAt(Math.floor(env.random() * alphabet.length));
  return out;
}

/** Rails `has_secure_token`: 24 base58 characters. */
export function secureToken(env: EmuEnv): string {
  return pick(env, BASE58, 24);
}

/** Ruby `SecureRandom.hex`: 32 lower-case hex characters. */
export function randomHex(env: EmuEnv): string {
  return pick(env, '0123456789abcdef', 32);
}
