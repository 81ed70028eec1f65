/**
 * Webchat icons. Tether returns a freshly signed URL on every read, so the
 * raw value can never be compared. Uploaded files carry the first 16 hex of
 * their SHA-256 in the file name; the key read back reveals it, which makes
 * the comparison stateless.
 */
import { createHash } from 'node:crypto';
import { realpath } from 'node:fs/promises';
import path from 'node:path';
import * as z from 'zod';
import { doc } from '../config/field-docs.js';
import { ConfigError, UserError } from '../errors.js';
import { isInside, readRegularFile, whyUnopened } from '../util/regular-file.js';
import type { DeclaredObject } from '../config/types.js';
import type { FileUpload, TerraformFieldAdapter } from './types.js';

const iconFile = () => z.string().min(1).meta(doc('Icon file', 'Path of a local image, relative to the config file and inside its directory: png, jpg, gif, svg or webp, at most 5 MB.'));

export const iconSchema = z
  .union([
    iconFile(),
    z.strictObject({ file: iconFile() }).meta(doc('Icon file', 'A local image, as `file: path`.')),
    z
      .strictObject({ key: z.string().min(1).meta(doc('Storage key', 'Storage key of an image already uploaded to Tether.')) })
      .meta(doc('Uploaded icon', 'An image already uploaded to Tether, by its storage key.')),
    z.null().meta(doc('No icon', '`null` removes the icon.')),
  ])
  .optional()
  .meta(
    doc(
      'Icon',
      'Widget icon: a local image path (uploaded when its content changes; compared by content hash), `{key: …}` for an uploaded image, or `null` to remove it (`icon` on Tether).',
    ),
  );
export type IconConfig = z.infer<typeof iconSchema>;

/** An icon after preparation: the file is resolved and hashed (its bytes are read again at upload). */
export type PreparedIcon = { file: string; sha256: string; contentType: string } | { key: string } | null;

const CONTENT_TYPES: Record<string, string> = {
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.svg': 'image/svg+xml',
  '.webp': 'image/webp',
};
const MAX_ICON_BYTES = 5 * 1024 * 1024;
const HASHED_NAME = /-([0-9a-f]{16})\.[A-Za-z0-9]+$/;

/** Reads a file icon, refusing paths that leave the directory of the file that wrote it. */
export async function prepareIcon(icon: IconConfig, obj: DeclaredObject): Promise<PreparedIcon | undefined> {
  if (icon === undefined || icon === null) return icon;
  if (typeof icon !== 'string' && 'key' in icon) return { key: icon.key };
  const relative = typeof icon === 'string' ? icon : icon.file;
  const at = typeof icon === 'string' ? ['icon'] : ['icon', 'file'];
  const fail = (message: string): never => {
    throw new ConfigError([{ ...obj.locate(at), subject: `${obj.kind} "${obj.key}"`, message }]);
  };
  const ext = path.extname(relative).toLowerCase();
  const contentType = CONTENT_TYPES[ext] ?? fail(`icon "${relative}" must be one of ${Object.keys(CONTENT_TYPES).join(', ')}`);
  const base = await realpath(obj.dirOf?.(at) ?? obj.dir);
  const given = path.resolve(base, relative);
  const resolved = await realpath(given).catch(async (err: NodeJS.ErrnoException) => fail(`icon file "${relative}" ${await whyUnopened(given, err, 'does not exist')}`));
  if (!isInside(base, resolved)) fail(`icon file "${relative}" is outside the config directory`);
  const read = await readRegularFile(resolved, MAX_ICON_BYTES);
  if ('problem' in read) return fail(`icon file "${relative}" ${read.problem}`);
  if ('size' in read) return fail(`icon file "${relative}" is larger than ${MAX_ICON_BYTES / 1024 / 1024} MB`);
  return { file: resolved, sha256: sha256Of(read.bytes), contentType };
}

/** The file's bytes, refusing a file that changed since it was planned. */
export async function readPreparedIcon(icon: { file: string; sha256: string }): Promise<Uint8Array> {
  const read = await readRegularFile(icon.file, MAX_ICON_BYTES);
  if ('problem' in read) throw new UserError(`icon file ${icon.file} ${read.problem}; plan again`);
  if ('size' in read || sha256Of(read.bytes) !== icon.sha256) throw new UserError(`icon file ${icon.file} changed while deskform was running; plan again`);
  return read.bytes;
}

function sha256Of(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** The upload name that lets a later read verify the content: `<name>-<hash16>.<ext>`. */
export function uploadName(icon: { file: string; sha256: string }): string {
  const ext = path.extname(icon.file).toLowerCase();
  const stem = path.basename(icon.file, path.extname(icon.file)).replace(/[^A-Za-z0-9_.-]/g, '_');
  return `${stem}-${icon.sha256.slice(0, 16)}${ext}`;
}

/** The upload a file icon needs: described here, performed when the webchat is sent. */
export function iconUpload(icon: { file: string; sha256: string; contentType: string }): FileUpload {
  return { into: 'icon', file: icon.file, sha256: icon.sha256, contentType: icon.contentType, name: uploadName(icon) };
}

/** Comparable form of a key: the content hash where the name carries one, else the key itself. */
export function iconIdentity(key: string): string {
  const match = HASHED_NAME.exec(key);
  return match ? `sha256:${match[1]}` : `key:${key}`;
}

export function desiredIconIdentity(icon: PreparedIcon): string | null {
  if (icon === null) return null;
  return 'sha256' in icon ? `sha256:${icon.sha256.slice(0, 16)}` : iconIdentity(icon.key);
}

/** Storage key from what Tether returns: a signed URL (its path) or a bare key. */
export function keyFromWire(icon: string | null | undefined): string | null {
  if (!icon) return null;
  if (!/^https?:\/\//.test(icon)) return icon;
  return decodeURIComponent(new URL(icon).pathname.replace(/^\/+/, ''));
}

const isSet = (v: unknown) => v !== null && v !== undefined;

/**
 * The webchat icon: `icon` is a local image file (uploaded, compared by
 * content hash), `icon_key` an already uploaded storage key. Two attributes
 * rather than one string with a prefix convention: each has one meaning,
 * and `icon_key` can be computed (the key an uploaded file got).
 */
export const iconTerraformAdapter: TerraformFieldAdapter = {
  attributes: {
    icon: {
      type: 'string',
      description:
        'Path of a local image (png, jpg, gif, svg or webp), relative to the Terraform working directory (for CDKTF the stack directory: use a TerraformAsset) and inside it. Uploaded when its content changes. Conflicts with icon_key.',
      description_kind: 'plain',
      optional: true,
    },
    icon_key: {
      type: 'string',
      description: 'Storage key of an already uploaded image; when icon is set, the key its upload got. Conflicts with icon.',
      description_kind: 'plain',
      optional: true,
      computed: true,
    },
  },
  toConfig(attrs) {
    if (isSet(attrs.icon) && isSet(attrs.icon_key)) {
      return { problem: { path: ['icon_key'], message: 'give icon (a local file) or icon_key (an uploaded key), not both' } };
    }
    if (isSet(attrs.icon)) return { value: attrs.icon };
    if (isSet(attrs.icon_key)) return { value: { key: attrs.icon_key } };
    return {};
  },
  fromConfig(value) {
    if (typeof value === 'string') return { icon: value, icon_key: null };
    if (value && typeof value === 'object') {
      const v = value as { file?: unknown; key?: unknown };
      if (typeof v.key === 'string') return { icon: null, icon_key: v.key };
      if (typeof v.file === 'string') return { icon: v.file, icon_key: null };
    }
    return { icon: null, icon_key: null };
  },
  attributePath: (rest) => (rest[0] === 'key' ? ['icon_key'] : ['icon']),
};
