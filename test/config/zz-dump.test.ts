import { test } from 'vitest';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../../src/config/load.js';
import { CORPUS_KINDS } from './corpus-kinds.js';
test('dump', async () => {
  const dir = path.resolve('test/fixtures/invalid');
  for (const name of readdirSync(dir).sort()) {
    if (name.endsWith('.json') || Number(name.slice(0, 2)) >= 50) continue;
    try { await loadConfig([name], CORPUS_KINDS, { env: {}, cwd: dir }); console.log('OK??', name); }
    catch (e) { console.log('### ' + name + '\n' + (e as Error).message.split('\n').slice(0, 4).join('\n') + ((e as Error).message.split('\n').length > 4 ? '\n...' + (e as Error).message.split('\n').length : '')); }
  }
});
