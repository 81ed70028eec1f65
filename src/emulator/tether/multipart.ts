/**
 * A binary-safe multipart/form-data parser (RFC 7578) working on the whole
 * body buffer: part contents are sliced out of the original bytes, never
 * decoded as text.
 */

export class MultipartError extends Error {}

export interface MultipartPart {
  /** Form field name. */
  name: string;
  /** Present for file parts. */
  filename?: string;
  /** The part's media type; `application/octet-stream` when absent for files. */
  contentType: string;
  data: Buffer;
}

const MAX_PARTS = 1000;
const CRLF = Buffer.from('\r\n');
const HEADER_END = Buffer.from('\r\n\r\n');

/** Splits a header value into its first token and `;`-separated parameters, honouring quoted strings. */
function parseHeaderParams(value: string): { token: string; params: Map<string, string> } {
  const params = new Map<string, string>();
  let i = value.indexOf(';');
  const token = (i < 0 ? value : value.slice(0, i)).trim().toLowerCase();
  while (i >= 0 && i < value.length) {
    i++; // skip ';'
    const eq = value.indexOf('=', i);
    if (eq < 0) break;
    const name = value.slice(i, eq).trim().toLowerCase();
    let j = eq + 1;
    while (value[j] === ' ' || value[j] === '\t') j++;
    let param = '';
    if (value[j] === '"') {
      j++;
      while (j < value.length && value[j] !== '"') {
        if (value[j] === '\\' && j + 1 < value.length) j++;
        param += value[j];
        j++;
      }
      j = value.indexOf(';', j);
    } else {
      const end = value.indexOf(';', j);
      param = (end < 0 ? value.slice(j) : value.slice(j, end)).trim();
      j = end;
    }
    if (name !== '') params.set(name, param);
    i = j;
  }
  return { token, params };
}

/** The boundary from a `multipart/form-data; boundary=…` header, if any. */
export function multipartBoundary(contentTypeHeader: string | undefined): string | undefined {
  if (!contentTypeHeader) return undefined;
  const { token, params } = parseHeaderParams(contentTypeHeader);
  if (token !== 'multipart/form-data') return undefined;
  const boundary = params.get('boundary');
  return boundary && boundary.length <= 200 ? boundary : undefined;
}

/** RFC 5987 `UTF-8''percent-encoded` value (used by `filename*`). */
function decodeExtended(value: string): string | undefined {
  const match = /^([\w!#$%&+^`{}-]+)'[^']*'(.*)$/.exec(value);
  if (!match || match[1]!.toLowerCase() !== 'utf-8') return undefined;
  try {
    return decodeURIComponent(match[2]!);
  } catch {
    return undefined;
  }
}

function parsePartHeaders(text: string): Omit<MultipartPart, 'data'> | undefined {
  let disposition: string | undefined;
  let contentType: string | undefined;
  for (const line of text.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon <= 0) throw new MultipartError('malformed part header');
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    if (name === 'content-disposition') disposition = value;
    else if (name === 'content-type') contentType = value;
  }
  if (disposition === undefined) return undefined;
  const { token, params } = parseHeaderParams(disposition);
  const fieldName = params.get('name');
  if (token !== 'form-data' || fieldName === undefined) return undefined;
  const extended = params.get('filename*');
  const filename = (extended !== undefined ? decodeExtended(extended) : undefined) ?? params.get('filename');
  return {
    name: fieldName,
    ...(filename !== undefined ? { filename } : {}),
    contentType: contentType?.toLowerCase() ?? (filename !== undefined ? 'application/octet-stream' : 'text/plain'),
  };
}

export function parseMultipart(body: Buffer, boundary: string): MultipartPart[] {
  const delimiter = Buffer.from(`--${boundary}`);
  const nextDelimiter = Buffer.from(`\r\n--${boundary}`);
  const parts: MultipartPart[] = [];
  // The first delimiter may follow a preamble; later ones must start a line.
  let pos: number;
  if (body.subarray(0, delimiter.length).equals(delimiter)) {
    pos = 0;
  } else {
    const afterPreamble = body.indexOf(nextDelimiter);
    if (afterPreamble < 0) throw new MultipartError('multipart boundary not found');
    pos = afterPreamble + CRLF.length;
  }
  for (;;) {
    let cursor = pos + delimiter.length;
    if (body[cursor] === 0x2d && body[cursor + 1] === 0x2d) return parts; // closing "--"
    while (body[cursor] === 0x20 || body[cursor] === 0x09) cursor++; // transport padding
    if (body[cursor] !== 0x0d || body[cursor + 1] !== 0x0a) throw new MultipartError('malformed multipart delimiter');
    cursor += 2;
    let headersText = '';
    let contentStart: number;
    if (body[cursor] === 0x0d && body[cursor + 1] === 0x0a) {
      contentStart = cursor + 2;
    } else {
      const headerEnd = body.indexOf(HEADER_END, cursor);
      if (headerEnd < 0) throw new MultipartError('unterminated part headers');
      headersText = body.subarray(cursor, headerEnd).toString('utf8');
      contentStart = headerEnd + HEADER_END.length;
    }
    const end = body.indexOf(nextDelimiter, contentStart);
    if (end < 0) throw new MultipartError('multipart body is not terminated');
    const headers = headersText === '' ? undefined : parsePartHeaders(headersText);
    if (headers) parts.push({ ...headers, data: body.subarray(contentStart, end) });
    if (parts.length > MAX_PARTS) throw new MultipartError('too many parts');
    pos = end + CRLF.length;
  }
}
