/**
 * Bundles the CLI into dist/cli/main.js plus lazy chunks (run after tsc, whose
 * dist/cli/main.js it replaces): resolving and loading ~120 separate modules,
 * zod's many files among them, was a third of every command's start-up. Each
 * command stays a dynamic import, so its chunk loads only when it runs.
 * dist/cli/bundle-modules.json names the source modules each output file
 * holds, as tsc would emit them, and the packages bundled into it
 * (`npm:yaml`), for the test of what each command loads.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const OUT = path.join(ROOT, 'dist/cli');
const { version } = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'));

/** src/version.ts finds package.json relative to its own file, which bundling moves: bake the version in. */
const bakedVersion = {
  name: 'baked-version',
  setup(build) {
    build.onLoad({ filter: /[\\/]src[\\/]version\.ts$/ }, () => ({ contents: `export const VERSION = ${JSON.stringify(version)};`, loader: 'ts' }));
  },
};

/**
 * zod re-exports every locale (half of its code) as `z.locales`; deskform
 * speaks English only, so the CLI gets just `en` and parses half as much zod.
 */
const zodEnglishOnly = {
  name: 'zod-english-only',
  setup(build) {
    build.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) =>
      /[\\/]node_modules[\\/]zod[\\/]/.test(args.importer) ? { path: path.resolve(args.importer, '../../locales/en.js'), namespace: 'zod-english' } : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: 'zod-english' }, (args) => ({ contents: `export { default as en } from ${JSON.stringify(args.path)};`, resolveDir: path.dirname(args.path) }));
  },
};

/**
 * undici's package entry loads all of undici (fetch, WebSocket, caches, ...)
 * to offer Pool: about 100 ms of every plan's start-up. Our code imports Pool
 * from the public entry (so the library and the provider follow undici's
 * API); the CLI bundle gets the pool and its request method alone, built
 * from the locked undici. Its file layout is checked here, at build time:
 * should undici move or hide these files, the build fails, not a user's run.
 */
const undiciPoolOnly = {
  name: 'undici-pool-only',
  setup(build) {
    build.onResolve({ filter: /^undici$/ }, (args) => (/[\\/]node_modules[\\/]/.test(args.importer) ? undefined : { path: 'undici', namespace: 'undici-pool' }));
    build.onLoad({ filter: /.*/, namespace: 'undici-pool' }, () => ({
      contents: [
        "const Dispatcher = require('undici/lib/dispatcher/dispatcher.js');",
        "Dispatcher.prototype.request = require('undici/lib/api/api-request.js');",
        "module.exports = { Pool: require('undici/lib/dispatcher/pool.js') };",
      ].join('\n'),
      resolveDir: ROOT,
      loader: 'js',
    }));
  },
};

/**
 * Two Node built-ins that bundled packages load up front for paths the CLI
 * never takes: undici's HTTP/2 client (node:http2, and with it node:tls, about
 * 10 ms of every plan) and commander's executable subcommands
 * (node:child_process, about 7 ms of every command). Each is loaded on first
 * use instead; the loaded-modules test checks that neither is.
 */
const deferUnusedBuiltins = {
  name: 'defer-unused-builtins',
  setup(build) {
    const h2 = path.join(ROOT, 'node_modules/undici/lib/dispatcher/client-h2.js');
    build.onResolve({ filter: /^\.\/client-h2\.js$/ }, (args) =>
      /[\\/]undici[\\/]lib[\\/]dispatcher[\\/]client\.js$/.test(args.importer) ? { path: h2, namespace: 'deferred' } : undefined,
    );
    build.onResolve({ filter: /^node:child_process$/ }, (args) =>
      /[\\/]commander[\\/]lib[\\/]command\.js$/.test(args.importer) ? { path: 'node:child_process', namespace: 'deferred' } : undefined,
    );
    build.onLoad({ filter: /client-h2\.js$/, namespace: 'deferred' }, (args) => ({
      contents: `module.exports = function connectH2(...args) { return require(${JSON.stringify(args.path)})(...args); };`,
      resolveDir: ROOT,
      loader: 'js',
    }));
    build.onLoad({ filter: /^node:child_process$/, namespace: 'deferred' }, () => ({
      contents: "module.exports = { spawn: (...args) => require('node:child_process').spawn(...args) };",
      resolveDir: ROOT,
      loader: 'js',
    }));
  },
};

rmSync(path.join(OUT, 'chunks'), { recursive: true, force: true });
const result = await build({
  absWorkingDir: ROOT,
  entryPoints: ['src/cli/main.ts'],
  outdir: OUT,
  // One level below dist/cli, as dist/cli/commands is, so a path a command derives from its own URL still holds.
  chunkNames: 'chunks/[name]-[hash]',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  sourcemap: true,
  // The provider's gRPC stack and CDKTF stay packages.
  external: ['@grpc/*', '@msgpack/*', 'cdktf', 'constructs'],
  // The CommonJS packages bundled into ESM (commander) still call require() for Node's built-ins.
  banner: { js: "import { createRequire as __deskformRequire } from 'node:module'; const require = __deskformRequire(import.meta.url);" },
  metafile: true,
  plugins: [bakedVersion, zodEnglishOnly, undiciPoolOnly, deferUnusedBuiltins],
  logLevel: 'warning',
});

const SOURCE = /^src\/(.*)\.ts$/;
/** A bundled package is named `npm:<name>` once per output file. */
const PACKAGE = /(?:^|\/)node_modules\/((?:@[^/]+\/)?[^/]+)\//;
const modules = Object.fromEntries(
  Object.entries(result.metafile.outputs)
    .filter(([file]) => file.endsWith('.js'))
    .map(([file, output]) => [
      path.relative(OUT, path.join(ROOT, file)),
      [
        ...new Set(
          Object.keys(output.inputs).flatMap((input) => {
            const source = SOURCE.exec(input);
            if (source) return [`${source[1]}.js`];
            const pkg = PACKAGE.exec(input);
            return pkg ? [`npm:${pkg[1]}`] : [];
          }),
        ),
      ],
    ]),
);
writeFileSync(path.join(OUT, 'bundle-modules.json'), `${JSON.stringify(modules, null, 1)}\n`);
