/** Where the benchmarks find the built CLI and their own helpers. */
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const CLI = path.join(ROOT, 'dist/cli/main.js');
export const USAGE_PRELOAD = path.join(ROOT, 'bench/lib/usage-report.mjs');
export const ICON = path.join(ROOT, 'examples/gitops/assets/widget.png');
