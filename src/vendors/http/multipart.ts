/** A multipart/form-data body with one file part, built in memory. */
import { randomBytes } from 'node:crypto';

export interface MultipartBody {
  bytes: Uint8Array;
  contentType: string;
}

/** Quotes a form-data parameter per the HTML spec: escape `"`, CR and LF. */
function quote(value: string): string {
  return value.replace(/\r/g, '%0D').replace(/\n/g, '%0A').replace(/"/g, '%22');
}

export function filePart(field: string, filename: string, bytes: Uint8Array, contentType: string): MultipartBody {
  const boundary = `deskform-${randomBytes(12).toString('hex')}`;
  const head =
    `--${boundary}\r\n` +
    `Content-Disposition: form-data; name="${quote(field)}"; filename="${quote(filename)}"\r\n` +
    `Content-Type: ${contentType}\r\n\r\n`;
  const tail = `\r\n--${boundary}--\r\n`;
  return {
    bytes: Buffer.concat([Buffer.from(head, 'utf8'), bytes, Buffer.from(tail, 'utf8')]),
    contentType: `multipart/form-data; boundary=${boundary}`,
  };
}
