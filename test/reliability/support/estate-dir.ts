/** Lays an estate out on disk: the config, the "before" config and the icon files, one directory per seed. */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { EngineWhere } from './engine-run.js';
import type { Estate } from './estate.js';

export interface EstateDir {
  dir: string;
  /** The desired config. */
  where: EngineWhere;
  /** The config applied before the campaign run, with the same ledger. */
  before: EngineWhere;
}

export function writeEstate(root: string, seed: number, estate: Estate, env: Record<string, string>): EstateDir {
  const dir = path.join(root, `seed-${seed}`);
  mkdirSync(path.join(dir, 'icons'), { recursive: true });
  for (const [file, bytes] of Object.entries(estate.icons)) writeFileSync(path.join(dir, file), bytes);
  writeFileSync(path.join(dir, 'deskform.yaml'), estate.config);
  writeFileSync(path.join(dir, 'before.yaml'), estate.before);
  const common = { dir, env, stateFile: path.join(dir, '.deskform', 'state.json') };
  return { dir, where: { ...common, file: 'deskform.yaml' }, before: { ...common, file: 'before.yaml' } };
}
