/**
 * CDKTF constructs for the deskform provider, generated from its schema by
 * `npm run gen` (see generate.ts). Needs `cdktf` and `constructs` installed
 * alongside deskform; nothing else in deskform imports this module. The build
 * emits the same module bound to CDK Terrain's `cdktn` as dist/cdktn
 * (scripts/cdktn-bindings.mjs).
 */
export * from './generated/provider/index.js';
export * from './generated/portal/index.js';
export * from './generated/inbox/index.js';
export * from './generated/webchat/index.js';
export * from './generated/channel/index.js';
export * from './generated/data-deskform-prompt/index.js';
export * from './generated/data-deskform-pipeline/index.js';
