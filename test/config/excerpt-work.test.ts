/**
 * Quoting a problem works on a window around its column, not on its whole
 * line: a minified one-line config with many problems would otherwise escape
 * megabytes once per problem. The work is counted, not timed.
 */
import { describe, expect, it, vi } from 'vitest';
import { MAX_REPORTED_PROBLEMS } from '../../src/config/problems.js';
import { quotedProblems } from '../../src/config/quoted-problems.js';
import { sourceQuoting } from '../../src/config/secret-spans.js';
import { ConfigError } from '../../src/errors.js';
import { KINDS } from '../../src/kinds/registry.js';
import { EXCERPT_WIDTH } from '../../src/util/source-excerpt.js';

const escaped = vi.hoisted(() => ({ chars: 0 }));
vi.mock('../../src/util/visible.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../src/util/visible.js')>();
  return {
    ...real,
    visible: (text: string, keep?: string) => {
      escaped.chars += text.length;
      return real.visible(text, keep);
    },
  };
});

describe('quoting the problems of one long line', () => {
  it('escapes a bounded window per problem, and masks secrets straddling its edges', () => {
    const item = '{ name: x, imap_password: hunter2-secret, bad: 1 }, ';
    const line = `inboxes: [${item.repeat(50_000)}]`;
    const problems = Array.from({ length: MAX_REPORTED_PROBLEMS + 1 }, (_, i) => ({
      file: 'big.yaml',
      line: 1,
      col: 11 + (i * 500 + 7) * item.length + 43,
      subject: '',
      message: `p${i}`,
    }));
    const quoting = sourceQuoting([{ file: 'big.yaml', text: `${line}\n` }], [], KINDS, []);
    escaped.chars = 0;
    const text = quotedProblems(new ConfigError(problems, quoting));
    expect(escaped.chars).toBeLessThanOrEqual(MAX_REPORTED_PROBLEMS * 4 * EXCERPT_WIDTH);
    expect(text).toContain('imap_password: (sensitive), bad: 1 }');
    expect(text).not.toMatch(/hunter|secret/);
  });
});
