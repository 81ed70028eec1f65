/**
 * Reading a response body: bounded in size, JSON parsed only when there is
 * something to parse.
 */

import type { Readable } from 'node:stream';

/** The body is larger than allowed; the transfer was abandoned. */
export class BodyTooLargeError extends Error {
  constructor(readonly limitBytes: number) {
    super(`response larger than ${limitBytes} bytes`);
  }
}

/** Abandons the transfer; the abort error undici raises for it is expected, not a failure. */
function abandon(body: Readable, limitBytes: number): never {
  body.on('error', () => undefined);
  body.destroy();
  throw new BodyTooLargeError(limitBytes);
}

export async function readCapped(body: Readable, limitBytes: number, declaredLength?: number): Promise<string> {
  if (declaredLength !== undefined && declaredLength > limitBytes) abandon(body, limitBytes);
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of body as AsyncIterable<Buffer>) {
    total += chunk.byteLength;
    if (total > limitBytes) abandon(body, limitBytes);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export function isJsonContentType(contentType: string | undefined): boolean {
  if (!contentType) return false;
  const media = contentType.split(';')[0]?.trim().toLowerCase() ?? '';
  return media === 'application/json' || media.endsWith('+json');
}

export type ParsedBody = { ok: true; value: unknown } | { ok: false };

/** Empty (or blank) → `undefined`; Rails `head :ok` answers 200 with no body but a JSON content type. */
export function parseJsonBody(text: string): ParsedBody {
  if (text.trim() === '') return { ok: true, value: undefined };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false };
  }
}
