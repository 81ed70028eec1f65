import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { batchedWriter, maskingIo } from '../../src/cli/io.js';

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

describe('maskingIo', () => {
  it('masks the secrets it was given in everything printed, asked and written from then on', async () => {
    const printed: string[] = [];
    const asked: string[] = [];
    const io = maskingIo({
      out: (t) => void printed.push(t),
      err: (t) => void printed.push(t),
      isTTY: false,
      color: false,
      env: {},
      cwd: '.',
      confirm: async (q) => Boolean(asked.push(q)),
    });
    io.out('before: canary-secret-9\n');
    io.hideSecrets(['canary-secret-9']);
    io.out('inbox "Mail canary-secret-9"\n');
    io.err('{"key":"canary-secret-9"}\n');
    await io.confirm('apply canary-secret-9?');
    const dir = mkdtempSync(path.join(tmpdir(), 'deskform-io-'));
    try {
      await io.writeFile(path.join(dir, 'plan.json'), 'a canary-secret-9\n');
      await io.writeFile(path.join(dir, 'plan.json'), 'b canary-secret-9\n', 'append');
      expect(readFileSync(path.join(dir, 'plan.json'), 'utf8')).toBe('a (sensitive)\nb (sensitive)\n');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    expect(printed).toEqual(['before: canary-secret-9\n', 'inbox "Mail (sensitive)"\n', '{"key":"(sensitive)"}\n']);
    expect(asked).toEqual(['apply (sensitive)?']);
  });
});
