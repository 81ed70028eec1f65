import { setImmediate as nextTurn } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { batchedWriter } from '../../src/cli/io.js';

describe('batchedWriter', () => {
  it('joins what is written within one turn of the event loop into one write, in order', async () => {
    const writes: string[] = [];
    const out = batchedWriter((t) => writes.push(t));
    out.write('a\n');
    out.write('b\n');
    expect(writes).toEqual([]);
    await nextTurn();
    out.write('c\n');
    await nextTurn();
    expect(writes).toEqual(['a\nb\n', 'c\n']);
  });

  it('writes at once past the size limit, and flush() drains what is pending', () => {
    const writes: string[] = [];
    const out = batchedWriter((t) => writes.push(t), 4);
    out.write('ab');
    out.write('cd');
    expect(writes).toEqual(['abcd']);
    out.write('e');
    out.flush();
    out.flush();
    expect(writes).toEqual(['abcd', 'e']);
  });
});
