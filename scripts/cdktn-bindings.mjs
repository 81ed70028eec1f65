/**
 * Emits dist/cdktn: the built CDKTF bindings (dist/cdktf) importing `cdktn`,
 * CDK Terrain's package, in place of `cdktf`; the package exports them as
 * `deskform/cdktn`. Constructs of one library cannot join an app of the
 * other (each checks its own classes), so the two entry points are the same
 * code bound to different packages, and a user installs only the one they
 * use. The names have the same length, so the copied source maps still fit.
 */
import { cpSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const DIST = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../dist');
const FROM = path.join(DIST, 'cdktf');
const TO = path.join(DIST, 'cdktn');
/** The generator's own modules, used by `npm run gen` only. */
const GENERATOR = /^(generate|override-modifiers)\./;
const CDKTF_SPECIFIER = /(\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*)(['"])cdktf(\/[^'"]*)?\2/g;

rmSync(TO, { recursive: true, force: true });
cpSync(FROM, TO, { recursive: true, filter: (source) => !GENERATOR.test(path.basename(source)) });

let rewritten = 0;
for (const entry of readdirSync(TO, { recursive: true, withFileTypes: true })) {
  if (!/\.(js|d\.ts)$/.test(entry.name)) continue;
  const file = path.join(entry.parentPath, entry.name);
  const code = readFileSync(file, 'utf8');
  const bound = code.replace(CDKTF_SPECIFIER, (_, keyword, quote, subpath = '') => `${keyword}${quote}cdktn${subpath}${quote}`);
  if (/['"]cdktf['"/]/.test(bound)) throw new Error(`${path.relative(DIST, file)} still names cdktf in a form this script does not rewrite`);
  if (bound !== code) {
    writeFileSync(file, bound);
    rewritten += 1;
  }
}
console.log(`wrote dist/cdktn (${rewritten} files bound to cdktn)`);
