/**
 * `POST /api/upload`: multipart field `files`, 1–10 files of at most 50 MB,
 * answered with storage keys and signed URLs (contents are not kept).
 */
import type { RouteDef } from '../contract.js';
import { authed } from './auth.js';
import { UPLOAD_BUCKET, signedUrl } from './icons.js';
import { MultipartError, multipartBoundary, parseMultipart, type MultipartPart } from './multipart.js';
import { badRequest } from './responses.js';
import type { TetherState } from './state.js';

const FIELD = 'files';
const MAX_FILES = 10;
const MAX_FILE_BYTES = 50 * 1024 * 1024;

/** Browsers may send a full client path; only the last component is the name. */
function baseName(filename: string): string {
  const name = filename.split(/[\\/]/).pop() ?? '';
  return name === '' || name === '.' || name === '..' ? 'file' : name;
}

export const uploadRoutes: RouteDef<TetherState>[] = [
  {
    method: 'POST',
    pattern: '/api/upload',
    handle: authed('member', (req, _state, env, user) => {
      const header = req.headers['content-type'];
      const boundary = multipartBoundary(typeof header === 'string' ? header : undefined);
      if (boundary === undefined) return badRequest('No files uploaded');
      let parts: MultipartPart[];
      try {
        parts = parseMultipart(req.rawBody, boundary);
      } catch (err) {
        if (err instanceof MultipartError) return badRequest(`Malformed multipart body: ${err.message}`);
        throw err;
      }
      const files = parts.filter((p) => p.filename !== undefined);
      // multer's array('files', 10) rejects both a foreign file field and an 11th file this way.
      if (files.some((f) => f.name !== FIELD) || files.length > MAX_FILES) return badRequest('Unexpected field');
      if (files.length === 0) return badRequest('No files uploaded');
      if (files.some((f) => f.data.length > MAX_FILE_BYTES)) return badRequest('File too large');
      const day = new Date(env.now()).toISOString().slice(0, 10);
      return {
        status: 200,
        json: {
          files: files.map((f) => {
            const name = baseName(f.filename!);
            const key = `orgs/${user.organizationId}/uploads/${day}/${name}`;
            return {
              key,
              type: f.contentType,
              name,
              size: f.data.length,
              signedUrl: signedUrl(key, env.random),
              bucket: UPLOAD_BUCKET,
            };
          }),
        },
      };
    }),
  },
];
