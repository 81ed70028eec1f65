import { describe, expect, test } from 'vitest';
import { MAX_NESTING } from '../../src/config/fast-yaml.js';
import { PROVIDERS, messages, tree } from './helpers.js';

describe('YAML syntax and structure', () => {
  test('syntax errors are located and stop that file from being interpreted', async () => {
    const dir = tree({ 'a.yaml': `widgets:\n  - name: [unclosed\n    size: 1\n` });
    const lines = await messages(dir);
    expect(lines.length).toBeGreaterThan(0);
    expect(lines[0]).toBe('a.yaml:3:5: invalid YAML: Flow sequence in block collection must be sufficiently indented and end with a ]');
    for (const line of lines) expect(line).toMatch(/^a\.yaml:\d+:\d+: invalid YAML: /);
  });

  test('duplicate keys are errors at the second key, not last-wins', async () => {
    const dir = tree({
      'a.yaml': `${PROVIDERS}widgets:
  - name: W
    size: 1
    size: 2
widgets: []
`,
    });
    expect(await messages(dir)).toEqual([
      'a.yaml:7:5: widget "W": duplicate key "size" (first at line 6)',
      'a.yaml:8:1: duplicate key "widgets" (first at line 4)',
    ]);
  });

  test('several documents in one file are refused', async () => {
    const dir = tree({ 'a.yaml': `widgets: []\n---\ngadgets: []\n` });
    expect(await messages(dir)).toEqual(['a.yaml:2:1: holds more than one YAML document; use one document per file']);
  });

  test('unresolved tags are errors rather than silently strings', async () => {
    const dir = tree({ 'a.yaml': `${PROVIDERS}widgets:\n  - name: !secret W\n` });
    const lines = await messages(dir);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toBe('a.yaml:5:11: invalid YAML: Unresolved tag: !secret');
  });
});

describe('hostile input', () => {
  test('aliases are refused (so a billion-laughs file is rejected fast, without expanding)', async () => {
    const levels = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let i = 1; i < 10; i++) {
      const prev = String.fromCharCode(96 + i);
      const name = String.fromCharCode(97 + i);
      levels.push(`${name}: &${name} [${Array(9).fill(`*${prev}`).join(',')}]`);
    }
    const dir = tree({ 'a.yaml': `${PROVIDERS}widgets:\n  - name: W\n    tags:\n      ${levels.join('\n      ')}\n` });
    const lines = await messages(dir);
    const aliases = lines.filter((l) => l.includes('aliases are not supported'));
    expect(aliases[0]).toBe('a.yaml:8:14: widget "W": YAML aliases are not supported (*a); write the value out in full');
    expect(aliases).toHaveLength(81);
  });

  test('prototype-polluting keys are refused anywhere, and nothing leaks onto Object.prototype', async () => {
    const dir = tree({
      'a.yaml': `${PROVIDERS}__proto__: { polluted: yes }
widgets:
  - name: W
    constructor: 1
    channel: { type: web, website_url: "https://x.example", prototype: { polluted: yes } }
`,
    });
    expect(await messages(dir)).toEqual([
      'a.yaml:4:1: key "__proto__" is not allowed',
      'a.yaml:7:5: widget "W": key "constructor" is not allowed',
      'a.yaml:8:61: widget "W": key "prototype" is not allowed',
    ]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  // Handed to the yaml composer, this nesting exhausts memory and kills the process.
  test('deep flow nesting is refused before it reaches the composer', async () => {
    const depth = 2_000_000;
    const dir = tree({ 'a.yaml': `widgets: ${'['.repeat(depth)}${']'.repeat(depth)}\n` });
    expect(await messages(dir)).toEqual([`a.yaml:1:${10 + MAX_NESTING}: nested more than ${MAX_NESTING} levels deep`]);
  });

  test('compact block nesting on one line is refused before parsing', async () => {
    const dir = tree({ 'a.yaml': `widgets:\n${'- '.repeat(1_000_000)}x\n` });
    expect(await messages(dir)).toEqual([`a.yaml:2:${2 * MAX_NESTING + 1}: nested more than ${MAX_NESTING} levels deep`]);
  });

  test('deep nesting by indentation is reported at the first node too deep', async () => {
    let text = `${PROVIDERS}widgets:\n  - name: W\n    channel:\n`;
    for (let i = 0; i < 100; i++) text += `${' '.repeat(6 + 2 * i)}k${i}:\n`;
    const dir = tree({ 'a.yaml': text });
    // Depth counts from the document: the list (1), item (2), channel (3), the value of k<i> (4 + i).
    // That value starts on line 8 + i, column 9 + 2i; k61's is the first past 64.
    expect(await messages(dir)).toEqual([
      'a.yaml:7:7: widget "W": missing required field "channel.type" (one of "web", "api")',
      `a.yaml:69:131: widget "W": nested more than ${MAX_NESTING} levels deep`,
    ]);
  });
});

// Timings are compared as ratios within one run (DESIGN §7), never against wall-clock limits.
