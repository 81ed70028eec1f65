import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { BodyTooLargeError, readCapped } from '../../src/vendors/http/response-body.js';

/** A body arriving in the given chunks, as a socket may cut it. */
const bodyOf = (...chunks: Buffer[]) => Readable.from(chunks, { objectMode: false });

describe('readCapped', () => {
  it('decodes a character whose bytes arrive in two chunks', () => {
    const bytes = Buffer.from('{"name":"Café ☕"}');
    const cut = bytes.indexOf(0xe2) + 1; // inside the three bytes of ☕
    return expect(readCapped(bodyOf(bytes.subarray(0, cut), bytes.subarray(cut)), 1000)).resolves.toBe('{"name":"Café ☕"}');
  });

  it('reads invalid UTF-8 as Buffer#toString does, with replacement characters', async () => {
    const bytes = Buffer.from([0x61, 0xff, 0x62, 0xe2, 0x98]);
    expect(await readCapped(bodyOf(bytes.subarray(0, 2), bytes.subarray(2)), 1000)).toBe(bytes.toString('utf8'));
  });

  it('abandons a body larger than the limit, whether declared or counted', async () => {
    await expect(readCapped(bodyOf(Buffer.alloc(600), Buffer.alloc(600)), 1000)).rejects.toBeInstanceOf(BodyTooLargeError);
    await expect(readCapped(bodyOf(Buffer.alloc(10)), 1000, 5000)).rejects.toBeInstanceOf(BodyTooLargeError);
    expect(await readCapped(bodyOf(Buffer.from('x'.repeat(1000))), 1000)).toHaveLength(1000);
  });
});
