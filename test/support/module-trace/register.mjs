// `node --import <this file>`: records every module of ours the process loads (see hooks.mjs),
// and at exit every Node built-in it loaded (as `node:<name>`).
import { appendFileSync } from 'node:fs';
import { register } from 'node:module';

register('./hooks.mjs', import.meta.url);

const builtinsAtStart = new Set(process.moduleLoadList);
process.on('exit', () => {
  const loaded = process.moduleLoadList.filter((m) => !builtinsAtStart.has(m) && m.startsWith('NativeModule '));
  appendFileSync(process.env.DESKFORM_MODULE_TRACE, loaded.map((m) => `node:${m.slice('NativeModule '.length)}\n`).join(''));
});
