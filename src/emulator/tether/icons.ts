/**
 * R2 storage keys and their signed URLs. The database keeps keys; every read
 * signs again, so the URL a client sees changes on every request.
 */
import { randomHex } from '../rng.js';

export const ICON_HOST = 'r2.emulator.local';
export const UPLOAD_BUCKET = 'tether-emulator-uploads';

export function signedUrl(key: string, random: () => number): string {
  const path = key.split('/').map(encodeURIComponent).join('/');
  return `https://${ICON_HOST}/${path}?token=${randomHex(random, 32)}`;
}

/**
 * The key to store for a written `icon` value: a key is kept as is, a signed
 * URL is stripped back to its key (path minus the bucket prefix, if any);
 * undefined means "no icon".
 */
export function iconKey(value: string): string | undefined {
  if (value === '') return undefined;
  if (!/^https?:\/\//i.test(value)) return value;
  let path: string;
  try {
    path = new URL(value).pathname.replace(/^\/+/, '');
    path = decodeURIComponent(path);
  } catch {
    return value;
  }
  if (path.startsWith(`${UPLOAD_BUCKET}/`)) path = path.slice(UPLOAD_BUCKET.length + 1);
  return path === '' ? undefined : path;
}
