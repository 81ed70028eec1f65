import { configSchema } from '../../engine/load/config-sections.js';
import type { Io } from '../io.js';
import { EXIT_OK } from '../exit-codes.js';

export function schema(io: Io): Promise<number> {
  io.out(JSON.stringify(configSchema(), null, 2) + '\n');
  return Promise.resolve(EXIT_OK);
}
