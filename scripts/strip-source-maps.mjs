/**
 * Run by `prepack` after the build: the published package carries no source
 * maps. Its JavaScript is unminified ES2022 that keeps the sources' names and
 * comments, so stack traces already read well; maps holding their sources
 * would more than double dist/ (3 MB of maps for 2 MB of code) for every
 * install, and maps without their sources point at files the package lacks.
 * `npm run build` keeps them for work in the repository.
 */
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const DIST = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../dist');
const MAP_COMMENT = /\n\/\/# sourceMappingURL=[^\n]*\n?$/;

let maps = 0;
for (const entry of readdirSync(DIST, { recursive: true, withFileTypes: true })) {
  const file = path.join(entry.parentPath, entry.name);
  if (entry.name.endsWith('.map')) {
    rmSync(file);
    maps += 1;
  } else if (entry.name.endsWith('.js')) {
    const code = readFileSync(file, 'utf8');
    if (MAP_COMMENT.test(code)) writeFileSync(file, code.replace(MAP_COMMENT, '\n'));
  }
}
console.log(`removed ${maps} source maps from dist/`);
