/** Quoting a config line under its problem: the pure formatting, and where secrets sit in a line. */
import { describe, expect, it } from 'vitest';
import { sourceQuoting } from '../../src/config/secret-spans.js';
import { inboxKind } from '../../src/kinds/inbox.js';
import { sourceExcerpt } from '../../src/util/source-excerpt.js';

describe('sourceExcerpt', () => {
  it('shows the line and a caret under the column', () => {
    expect(sourceExcerpt('      type: webwidget', 12, 13)).toBe('   12 |       type: webwidget\n      |             ^');
  });

  it('widens the gutter for long line numbers', () => {
    expect(sourceExcerpt('a: b', 1234567, 4)).toBe('1234567 | a: b\n        |    ^');
  });

  it('escapes control characters, with the caret still under its character', () => {
    expect(sourceExcerpt('name: "\u001b[31m\u202eX"', 3, 14)).toBe(`    3 | name: "\\x1b[31m\\u202eX"\n      | ${' '.repeat(21)}^`);
  });

  it('masks hidden spans, pointing at the mask when the column falls inside one', () => {
    const line = '  chatwoot: { api_token: abcdefgh, url: x }';
    const hidden = [[25, 33]] as const;
    expect(sourceExcerpt(line, 2, 41, hidden)).toBe(`    2 |   chatwoot: { api_token: (sensitive), url: x }\n      | ${' '.repeat(43)}^`);
    expect(sourceExcerpt(line, 2, 28, hidden)).toBe(`    2 |   chatwoot: { api_token: (sensitive), url: x }\n      | ${' '.repeat(25)}^`);
  });

  it('joins overlapping hidden spans into one mask', () => {
    expect(sourceExcerpt('x: secretsecret', 1, 4, [[3, 12], [6, 15]])).toBe('    1 | x: (sensitive)\n      |    ^');
  });

  it('points past the end of the line when the column is there', () => {
    expect(sourceExcerpt('key:', 1, 5)).toBe('    1 | key:\n      |     ^');
  });

  it('cuts a long line to a window around the column, marking what was left out', () => {
    const line = `${'a'.repeat(200)}X${'b'.repeat(200)}`;
    const [text, caret] = sourceExcerpt(line, 1, 201, [], 20).split('\n');
    expect(text).toBe(`    1 | …${'a'.repeat(10)}X${'b'.repeat(9)}…`);
    expect(caret!.indexOf('^') - '      | '.length).toBe(text!.slice('    1 | '.length).indexOf('X'));
    expect(sourceExcerpt(line, 1, 1, [], 20)).toBe(`    1 | ${'a'.repeat(20)}…\n      | ^`);
    expect(sourceExcerpt(line, 1, 402, [], 20)).toBe(`    1 | …${'b'.repeat(20)}\n      |                      ^`);
  });

  it('never cuts a mask or an escape in half, and never shows a hidden span cut short', () => {
    const line = `${'a'.repeat(30)}\u001bsecret-value${'b'.repeat(30)}`;
    const shown = sourceExcerpt(line, 1, 32, [[31, 43]], 20).split('\n')[0]!;
    expect(shown).not.toMatch(/secret|\\x1(?!b)/);
    expect(shown.length).toBeLessThanOrEqual('    1 | '.length + 22);
  });
});

describe('where secrets sit in a line', () => {
  const spans = (line: string, secrets: string[] = []) =>
    sourceQuoting([{ file: 'f.yaml', text: line }], secrets, [inboxKind], [])
      .line('f.yaml', 1)!
      .hidden.map(([a, b]) => line.slice(a, b));

  it('finds every occurrence of a known secret value, whatever field holds it', () => {
    expect(spans('    greeting_message: "hi tok-12345678 and tok-12345678"', ['tok-12345678'])).toEqual(['tok-12345678', 'tok-12345678']);
  });

  it('finds the values of secret fields, however short, in block, flow and JSON lines', () => {
    expect(spans('  api_token: abc # a comment')).toEqual(['abc']);
    expect(spans('  - password: a,b c')).toEqual(['a,b c']);
    expect(spans('  chatwoot: { url: x, api_token: abc, account_id: 1 }')).toEqual(['abc']);
    expect(spans('  tether: {token: "a\\"b,c", url: x}')).toEqual(['"a\\"b,c"']);
    expect(spans("  password: 'it''s, here'")).toEqual(["'it''s, here'"]);
    expect(spans('      "api_token": "xyz",')).toEqual(['"xyz"']);
    expect(spans('      imap_password: hunter2')).toEqual(['hunter2']);
  });

  it('shows ${env:…} references and fields that only end like a secret field', () => {
    expect(spans('  api_token: "${env:CHATWOOT_API_TOKEN}"')).toEqual([]);
    expect(spans('  my_token: abc, tokens: def')).toEqual([]);
  });
});
