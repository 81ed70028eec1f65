/**
 * fast-yaml must be indistinguishable from the yaml library wherever it
 * accepts a text: same values, same positions for every node, same problems
 * downstream. Everything else must be refused, so the library handles it.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readSimpleYaml } from '../../src/config/fast-yaml.js';
import { SHALLOW_DEPTH, SimpleSource } from '../../src/config/simple-source.js';
import type { SourceNode } from '../../src/config/source-tree.js';
import { buildValue, parseWithYamlLibrary } from '../../src/config/yaml-source.js';

/** Every variable the text references is set (the unset ones are a separate case below). */
const envFor = (text: string) => Object.fromEntries([...text.matchAll(/\$\{env:([A-Za-z_][A-Za-z0-9_]*)\}/g)].map(([, name]) => [name!, `value of ${name}`]));
const ENV = { TOKEN: 'secret-value' };

const ROOT = path.resolve(import.meta.dirname, '../..');
const yamlFiles = (dir: string) =>
  readdirSync(dir)
    .filter((f) => /\.ya?ml$/.test(f))
    .map((f) => path.join(dir, f));

/** The positions a source tree reports, as plain data. */
function positions(node: SourceNode): unknown {
  return {
    pos: node.pos,
    keyPos: node.keyPos,
    flawed: node.flawed,
    interpolated: node.interpolated,
    children: node.children && [...node.children].map(([key, child]) => [key, positions(child)]),
  };
}

/** What the yaml library path gives. */
function built(text: string) {
  const parsed = parseWithYamlLibrary('f.yaml', text);
  expect(parsed.problems).toEqual([]);
  const ctx = { file: 'f.yaml', lines: parsed.lines, env: { ...envFor(text), ...ENV }, problems: [], secrets: new Set<string>() };
  const { value, node } = buildValue(parsed.doc!.contents, ctx, 0);
  return { value, node: positions(node), problems: ctx.problems, secrets: [...ctx.secrets] };
}

/** What the fast path gives: values with substitutions, every position (read on demand), the substituted secrets. */
function fastBuilt(text: string) {
  const secrets = new Set<string>();
  const source = SimpleSource.read('f.yaml', text, { ...envFor(text), ...ENV }, secrets);
  if (!source) return undefined;
  return { value: source.value, node: positions(source.deepNode([])), problems: [], secrets: [...secrets] };
}

/** Asserts the fast reader accepted `text` and agrees with the library on it. */
function expectSame(text: string): void {
  const fast = fastBuilt(text);
  expect(fast, 'fast-yaml refused it').toBeDefined();
  expect(fast).toEqual(built(text));
}

/** A config in the shape GitOps repos use, with every kind and most field forms. */
function generatedConfig(count: number): string {
  const items = Array.from({ length: count }, (_, i) =>
    [
      `  - name: Inbox ${i}   # trailing comment`,
      `    channel:`,
      `      type: web_widget`,
      `      website_url: https://s${i}.example.com/path?q=1`,
      `      widget_color: "#FF5733"`,
      `      allowed_domains: [https://a.example.com, 'b.example.com', "c"]`,
      `    greeting_message: 'It''s ${i}: hello'`,
      `    working_hours:`,
      `      - { day_of_week: 1, open_hour: 9, open_minutes: 0, close_hour: 17, close_minutes: 30 }`,
      `      - { day_of_week: 6, closed_all_day: true }`,
      `    timezone: America/New_York`,
      `    enable_auto_assignment: ${i % 2 === 0 ? 'false' : 'True'}`,
      `    out_of_office_message: ~`,
      `    rating: ${i}.5`,
      `    token: \${env:TOKEN}`,
    ].join('\n'),
  );
  return `# header\nproviders:\n  chatwoot: { url: "\${env:URL}", account_id: 1 }\n\ninboxes:\n${items.join('\n')}\nportals: []\nchannels:\n- name: same-indent list\n  business_hours: {}\n`;
}

describe('fast-yaml', () => {
  it('reads the example GitOps repo exactly as the yaml library does', () => {
    const files = yamlFiles(path.join(ROOT, 'examples/gitops'));
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) expectSame(readFileSync(file, 'utf8'));
  });

  it('reads a generated many-object config exactly as the yaml library does', () => {
    expectSame(generatedConfig(50));
  });

  it.each([
    ['scalars of every handled type', 'a: 1\nb: -2\nc: 0.25\nd: true\ne: FALSE\nf: null\ng: Null\nh: ~\ni: plain text with spaces\nj: "double"\nk: \'single\'\n'],
    ['keys with dots, slashes and dashes', 'x.y/z-w: q\n'],
    ['comments and blank lines everywhere', '# top\n\na:   # after key\n  # inside\n  b: c # after value\n\n  d: [1, 2]  # after flow\n'],
    ['a list at the same indent as its key, and nested lists', 'a:\n- b\n- c: 1\n  d:\n    - e\n    -\n      f: g\nz: end\n'],
    ['empty flow collections and nesting', 'a: []\nb: {}\nc: [[1, 2], { d: [e] }]\n'],
    ['unicode and punctuation in plain scalars', 'a: héllo wörld, ok\nb: a[1] and {2}\nc: x:y\nd: "#hash"\ne: ./relative/path.png\nf: -dash\ng: .hidden\n'],
  ])('%s', (_name, text) => expectSame(text));

  it.each([
    ['anchors and aliases', 'a: &x 1\nb: *x\n'],
    ['tags', 'a: !!str 1\n'],
    ['block scalars', 'a: |\n  text\n'],
    ['multi-line plain scalars', 'a: one\n  two\n'],
    ['multi-line flow collections', 'a: [1,\n  2]\n'],
    ['escapes in double quotes', 'a: "tab\\there"\n'],
    ['numbers in other notations', 'a: 0x1F\n'],
    ['special floats', 'a: .inf\n'],
    ['signed numbers', 'a: +1\n'],
    ['times and other digit-led strings', 'a: 09:00\n'],
    ['empty values', 'a:\nb: 1\n'],
    ['unquoted colour (a comment)', 'a: #1F93FF\n'],
    ['document markers', '---\na: 1\n'],
    ['trailing commas', 'a: [1, 2, ]\n'],
    ['compact nested lists', 'a:\n  - - 1\n'],
    ['quoted keys', '"a": 1\n'],
    ['tabs', 'a:\t1\n'],
    ['CRLF line ends', 'a: 1\r\nb: 2\r\n'],
    ['a top-level list', '- a\n'],
    ['bad indentation', 'a:\n  b: 1\n c: 2\n'],
    ['a mapping inside a plain scalar', 'a: b: c\n'],
    ['a list item after a key on one line', 'a: - b\n'],
    ['JSON documents', '{"a": 1}\n'],
    ['empty documents', '# nothing\n'],
    ['keys that resolve to numbers', '1: one\n'],
    ['keys that resolve to booleans', 'true: yes\n'],
    ['duplicate keys', 'a: 1\na: 2\n'],
    ['duplicate keys in flow mappings', 'a: { b: 1, b: 2 }\n'],
    ['forbidden keys', 'a: 1\n__proto__: 3\n'],
  ])('leaves %s to the yaml library', (_name, text) => {
    expect(readSimpleYaml('f.yaml', text, Infinity)).toBeUndefined();
  });

  it('leaves nesting deeper than the limit to the yaml library', () => {
    const deep = (n: number) => Array.from({ length: n }, (_, i) => `${'  '.repeat(i)}k${i}:`).join('\n') + ' 1\n';
    expect(readSimpleYaml('f.yaml', deep(64), Infinity)).toBeDefined();
    expect(readSimpleYaml('f.yaml', deep(65), Infinity)).toBeUndefined();
  });

  it.each([
    ['an unset variable', 'a: ${env:UNSET}\n'],
    ['a malformed reference', 'a: ${env:1bad}\n'],
  ])('leaves %s to the yaml library path, which reports it', (_name, text) => {
    expect(readSimpleYaml('f.yaml', text, Infinity)).toBeDefined();
    expect(SimpleSource.read('f.yaml', text, ENV, new Set())).toBeUndefined();
  });

  it('keeps nodes only as deep as asked, and finds deeper positions by reading again', () => {
    const text = generatedConfig(3);
    const shallow = readSimpleYaml('f.yaml', text, SHALLOW_DEPTH)!;
    const item = shallow.root.children!.get('inboxes')!.children!.get(1)!;
    expect(item.children).toBeUndefined();
    const source = SimpleSource.read('f.yaml', text, { ...envFor(text), ...ENV }, new Set())!;
    const library = built(text).node as { children: [string, { children: [number, unknown][] }][] };
    const libraryItem = library.children.find(([k]) => k === 'inboxes')![1].children[1]![1];
    expect(positions(source.deepNode(['inboxes', 1]))).toEqual(libraryItem);
  });

  it('wherever it accepts a fixture of the invalid corpus, agrees with the library', () => {
    for (const file of yamlFiles(path.join(ROOT, 'test/fixtures/invalid'))) {
      const fast = fastBuilt(readFileSync(file, 'utf8'));
      if (fast) expect(fast, file).toEqual(built(readFileSync(file, 'utf8')));
    }
  });
});

describe('whitespace the yaml library keeps', () => {
  it('keeps a trailing no-break space in a plain scalar, as the yaml library does', () => {
    const text = 'portals:\n  - slug: a\n    name: Website\u00a0\n';
    expect(built(text).value).toEqual({ portals: [{ slug: 'a', name: 'Website\u00a0' }] });
    expectSame(text);
  });
});
