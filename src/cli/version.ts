import { createRequire } from 'node:module';

/** From package.json, which sits two levels above both src/cli and dist/cli. */
export const VERSION: string = (createRequire(import.meta.url)('../../package.json') as { version: string }).version;
