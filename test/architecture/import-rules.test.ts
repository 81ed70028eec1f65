/**
 * The layering docs/ARCHITECTURE.md describes, checked on the source: each
 * folder imports only the folders below it. A new import that crosses a line
 * fails here with the file, the line and the rule it breaks.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = path.resolve(import.meta.dirname, '../../src');

/** Files every layer may import: they import nothing of ours. */
const LEAVES = ['errors.ts', 'version.ts'];

const ENGINE_STAGES = ['engine/load', 'engine/plan', 'engine/apply', 'engine/render'];

/** Layer → the layers it may import (besides itself and the leaves). */
const ALLOWED: Record<string, readonly string[]> = {
  util: [],
  config: ['util'],
  vendors: ['config', 'util'],
  kinds: ['vendors', 'config', 'util'],
  terraform: ['kinds', 'config', 'util'],
  'engine/load': ['kinds', 'vendors', 'config', 'util'],
  'engine/plan': ['engine/load', 'kinds', 'vendors', 'config', 'util'],
  'engine/apply': ['engine/plan', 'engine/load', 'kinds', 'vendors', 'config', 'util'],
  'engine/render': ['engine/apply', 'engine/plan', 'util'],
  engine: [...ENGINE_STAGES, 'kinds', 'vendors', 'config', 'util'],
  provider: ['terraform', 'engine', ...ENGINE_STAGES, 'kinds', 'vendors', 'config', 'util'],
  cdktf: ['cdktf/generated', 'terraform'],
  'cdktf/generated': [],
  emulator: [],
  index: ['engine', ...ENGINE_STAGES, 'kinds', 'config'],
  cli: ['terraform', 'engine', ...ENGINE_STAGES, 'kinds', 'vendors', 'config', 'util'],
};

/** Single files a layer may reach below the rules above, and how. */
const EXCEPTIONS: Array<{ from: string; to: string; how: 'type-only' | 'static' | 'dynamic'; why: string }> = [
  { from: 'kinds', to: 'terraform/schema-types.ts', how: 'type-only', why: 'a kind describes its Terraform facet in schema terms' },
  { from: 'engine/load', to: 'terraform/stack-path.ts', how: 'static', why: 'telling a cdk.tf.json path from YAML costs nothing' },
  { from: 'engine/load', to: 'terraform/cdktf-stack.ts', how: 'dynamic', why: 'the stack reader loads only when a stack is read' },
  { from: 'engine/render', to: 'engine/messages.ts', how: 'type-only', why: 'a log line renders any of the messages every stage sends' },
  { from: 'cli', to: 'emulator/cli.ts', how: 'dynamic', why: 'only `deskform emulator` pays for the emulator' },
];

interface Import {
  file: string;
  line: number;
  target: string;
  typeOnly: boolean;
  dynamic: boolean;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    return e.isDirectory() ? sourceFiles(full) : e.name.endsWith('.ts') ? [full] : [];
  });
}

/** Relative imports of one file: `import … from`, `export … from`, `import '…'` and `import('…')`. */
export function importsOf(file: string, text: string): Import[] {
  const found: Import[] = [];
  const lineAt = (index: number) => text.slice(0, index).split('\n').length;
  const add = (index: number, specifier: string, typeOnly: boolean, dynamic: boolean) => {
    const target = path.relative(SRC, path.resolve(path.dirname(file), specifier)).replace(/\.js$/, '.ts');
    found.push({ file: path.relative(SRC, file), line: lineAt(index), target, typeOnly, dynamic });
  };
  for (const m of text.matchAll(/^[ \t]*(import|export)\s+(type\s+)?([^;'"]*?)\s*from\s*['"](\.{1,2}\/[^'"]+)['"]/gm)) {
    const names = m[3]!;
    const everyNameTyped = /^\{[\s\S]*\}$/.test(names) && names.slice(1, -1).split(',').every((n) => n.trim() === '' || /^type\s/.test(n.trim()));
    add(m.index, m[4]!, m[2] !== undefined || everyNameTyped, false);
  }
  for (const m of text.matchAll(/^[ \t]*import\s*['"](\.{1,2}\/[^'"]+)['"]/gm)) add(m.index, m[1]!, false, false);
  for (const m of text.matchAll(/\bimport\(\s*['"](\.{1,2}\/[^'"]+)['"]\s*\)/g)) add(m.index, m[1]!, false, true);
  return found;
}

/** The layer a file under src/ belongs to. */
export function layerOf(file: string): string {
  const parts = file.split('/');
  if (parts.length === 1) return LEAVES.includes(parts[0]!) ? 'leaf' : parts[0]!.replace(/\.ts$/, '');
  if (parts[0] === 'engine' && parts.length > 2) return `engine/${parts[1]}`;
  if (parts[0] === 'cdktf' && parts[1] === 'generated') return 'cdktf/generated';
  return parts[0]!;
}

/** Why this import breaks the layering, or undefined when it does not. */
export function violation(imp: Import): string | undefined {
  const from = layerOf(imp.file);
  const to = layerOf(imp.target);
  if (from === 'leaf') return `${imp.file} is a leaf every layer imports: it may import nothing of ours`;
  if (to === 'leaf' || from === to) return undefined;
  const allowed = ALLOWED[from];
  if (!allowed) return `${from} is not a known layer: add it to ALLOWED and docs/ARCHITECTURE.md`;
  if (allowed.includes(to)) return undefined;
  const exception = EXCEPTIONS.find((e) => e.from === from && e.to === imp.target);
  if (exception) {
    // A static exception may be imported in any way; a dynamic one also as types, which load nothing.
    if (exception.how === 'static' || imp.typeOnly || (exception.how === 'dynamic' && imp.dynamic)) return undefined;
    return `${from} may import ${exception.to} only ${exception.how === 'dynamic' ? 'with import()' : 'as types'} (${exception.why})`;
  }
  return `${from} may not import ${to} (it may import: ${allowed.join(', ') || 'nothing of ours'})`;
}

/** Each cycle found by a depth-first walk, as `a → b → a`. */
export function cyclesOf(edges: ReadonlyMap<string, readonly string[]>): string[] {
  const cycles: string[] = [];
  const state = new Map<string, 'open' | 'done'>();
  const walk = (node: string, trail: string[]) => {
    state.set(node, 'open');
    trail.push(node);
    for (const next of edges.get(node) ?? []) {
      if (state.get(next) === 'open') cycles.push([...trail.slice(trail.indexOf(next)), next].join(' → '));
      else if (!state.has(next)) walk(next, trail);
    }
    trail.pop();
    state.set(node, 'done');
  };
  for (const node of edges.keys()) if (!state.has(node)) walk(node, []);
  return cycles;
}

describe('import rules', () => {
  const files = sourceFiles(SRC);
  const imports = files.flatMap((file) => importsOf(file, readFileSync(file, 'utf8')));

  it('reads the imports of the whole source tree', () => {
    // A parser that found nothing would pass every rule below.
    expect(imports.length).toBeGreaterThan(400);
    const layers = new Set(files.map((f) => layerOf(path.relative(SRC, f))));
    layers.delete('leaf');
    expect(layers).toEqual(new Set(Object.keys(ALLOWED)));
  });

  it('has every folder import only the folders below it', () => {
    const broken = imports.flatMap((imp) => {
      const why = violation(imp);
      return why ? [`src/${imp.file}:${imp.line} imports ${imp.target}: ${why}`] : [];
    });
    expect(broken).toEqual([]);
  });

  it('has no import cycles (type-only imports aside)', () => {
    const edges = new Map<string, string[]>();
    for (const imp of imports) if (!imp.typeOnly) edges.set(imp.file, [...(edges.get(imp.file) ?? []), imp.target]);
    expect(cyclesOf(edges)).toEqual([]);
  });

  it('keeps kind-specific code in src/kinds: no other folder compares with a kind name or picks a kind module', () => {
    const KIND_SPECIFIC = /[!=]==\s*['"](portal|inbox|webchat|channel)['"]|['"](portal|inbox|webchat|channel)['"]\s*[!=]==|case\s+['"](portal|inbox|webchat|channel)['"]|kindNamed\(\s*['"]|\b(portal|inbox|webchat|channel)Kind\b/;
    const found = files.flatMap((file) => {
      const rel = path.relative(SRC, file);
      if (/^(kinds|emulator|cdktf\/generated)\//.test(rel)) return [];
      return readFileSync(file, 'utf8')
        .split('\n')
        .flatMap((line, i) => (KIND_SPECIFIC.test(line) ? [`src/${rel}:${i + 1}: ${line.trim()}`] : []));
    });
    expect(found).toEqual([]);
  });

  it('resolves every relative import to a file that exists', () => {
    const known = new Set(files.map((f) => path.relative(SRC, f)));
    const dangling = imports.filter((imp) => !known.has(imp.target) && !known.has(`${imp.target.replace(/\.ts$/, '')}/index.ts`));
    expect(dangling.map((d) => `src/${d.file}:${d.line} → ${d.target}`)).toEqual([]);
  });
});

describe('the rule checker', () => {
  const at = (file: string, target: string, how: Partial<Import> = {}): Import => ({ file, target, line: 1, typeOnly: false, dynamic: false, ...how });

  it('refuses a lower layer importing a higher one, naming both', () => {
    expect(violation(at('config/load.ts', 'vendors/index.ts'))).toBe('config may not import vendors (it may import: util)');
    expect(violation(at('engine/plan/planner.ts', 'engine/apply/ledger.ts'))).toMatch(/^engine\/plan may not import engine\/apply/);
    expect(violation(at('emulator/server.ts', 'engine/load/desired.ts'))).toMatch(/^emulator may not import engine\/load/);
  });

  it('lets every layer import the leaves and its own folder', () => {
    expect(violation(at('util/visible.ts', 'errors.ts'))).toBeUndefined();
    expect(violation(at('config/load.ts', 'config/collect.ts'))).toBeUndefined();
  });

  it('holds an exception to the way it names', () => {
    expect(violation(at('kinds/types.ts', 'terraform/schema-types.ts', { typeOnly: true }))).toBeUndefined();
    expect(violation(at('kinds/types.ts', 'terraform/schema-types.ts'))).toMatch(/only as types/);
    expect(violation(at('engine/load/desired.ts', 'terraform/cdktf-stack.ts', { dynamic: true }))).toBeUndefined();
    expect(violation(at('engine/load/desired.ts', 'terraform/cdktf-stack.ts'))).toMatch(/only with import\(\)/);
    expect(violation(at('engine/load/desired.ts', 'terraform/schema.ts', { dynamic: true }))).toMatch(/may not import terraform/);
    expect(violation(at('engine/load/desired.ts', 'terraform/stack-path.ts', { dynamic: true }))).toBeUndefined();
  });

  it('lets a leaf import nothing of ours', () => {
    expect(violation(at('errors.ts', 'util/visible.ts'))).toBe('errors.ts is a leaf every layer imports: it may import nothing of ours');
  });

  it('finds a cycle, dynamic imports included', () => {
    const edges = new Map([
      ['cli/run.ts', ['cli/commands/plan.ts']],
      ['cli/commands/plan.ts', ['cli/run.ts', 'engine/session.ts']],
    ]);
    expect(cyclesOf(edges)).toEqual(['cli/run.ts → cli/commands/plan.ts → cli/run.ts']);
    expect(cyclesOf(new Map([['a.ts', ['b.ts']], ['b.ts', []]]))).toEqual([]);
  });

  it('reads type-only, multi-line, re-export and dynamic imports', () => {
    const text = [
      "import type { A } from '../../kinds/types.js';",
      "import { type B, type C } from './b.js';",
      'import {',
      '  D,',
      "} from '../../vendors/index.js';",
      "export { E } from './e.js';",
      "const f = await import('../../terraform/schema.js');",
    ].join('\n');
    const found = importsOf(path.join(SRC, 'engine/load/x.ts'), text);
    expect(found.map((i) => [i.target, i.line, i.typeOnly, i.dynamic])).toEqual([
      ['kinds/types.ts', 1, true, false],
      ['engine/load/b.ts', 2, true, false],
      ['vendors/index.ts', 3, false, false],
      ['engine/load/e.ts', 6, false, false],
      ['terraform/schema.ts', 7, false, true],
    ]);
  });
});
