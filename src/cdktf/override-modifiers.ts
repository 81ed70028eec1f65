/**
 * The generator does not write `override` on members that override cdktf
 * base classes, which our `noImplicitOverride` rejects. Rather than exempting
 * the bindings from the project's compiler options, ask the compiler which
 * members override and add the modifier to exactly those.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';

type Ts = typeof import('typescript');

/** "This member must have an 'override' modifier…" (members, parameter properties, members with JSDoc). */
const NEEDS_OVERRIDE = new Set([4114, 4115, 4116]);

export async function addOverrideModifiers(files: readonly string[]): Promise<void> {
  const require = createRequire(import.meta.url);
  const ts = require('typescript') as Ts;
  // Absolute paths, so files generated outside the repository still see cdktf's types.
  const typesOf = (pkg: string) => [require.resolve(pkg).replace(/\.js$/, '.d.ts')];
  const program = ts.createProgram([...files], {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    strict: true,
    noImplicitOverride: true,
    noEmit: true,
    skipLibCheck: true,
    types: [],
    paths: { cdktf: typesOf('cdktf'), constructs: typesOf('constructs') },
  });
  const starts = new Map<string, number[]>();
  for (const d of program.getSemanticDiagnostics()) {
    if (!NEEDS_OVERRIDE.has(d.code) || !d.file || d.start === undefined) continue;
    starts.set(d.file.fileName, [...(starts.get(d.file.fileName) ?? []), d.start]);
  }
  for (const [fileName, at] of starts) {
    const source = program.getSourceFile(fileName)!;
    const inserts = at.map((start) => insertionFor(ts, source, start)).sort((a, b) => b.pos - a.pos);
    let text = await readFile(fileName, 'utf8');
    for (const { pos, insert } of inserts) text = text.slice(0, pos) + insert + text.slice(pos);
    await writeFile(fileName, text);
  }
}

/** After the declaration's access modifiers (`protected override x`), or before the declaration when it has none. */
function insertionFor(ts: Ts, source: import('typescript').SourceFile, start: number): { pos: number; insert: string } {
  let found: import('typescript').Node | undefined;
  const visit = (node: import('typescript').Node): void => {
    const name = (node as { name?: import('typescript').Node }).name;
    const declares = ts.isClassElement(node) || ts.isParameter(node);
    // Member diagnostics point at the name, parameter-property ones at the first modifier.
    if (declares && (node.getStart(source) === start || name?.getStart(source) === start)) found = node;
    else ts.forEachChild(node, visit);
  };
  visit(source);
  if (!found) throw new Error(`no declaration named at offset ${start} of ${source.fileName}`);
  const modifiers = ts.canHaveModifiers(found) ? (ts.getModifiers(found) ?? []) : [];
  const last = modifiers[modifiers.length - 1];
  return last ? { pos: last.getEnd(), insert: ' override' } : { pos: found.getStart(source), insert: 'override ' };
}
