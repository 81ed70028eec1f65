import { configJsonSchema } from '../../config/json-schema.js';
import { KINDS } from '../../kinds/registry.js';
import type { Io } from '../io.js';
import { EXIT_OK } from '../run.js';

export function schema(io: Io): Promise<number> {
  io.out(JSON.stringify(configJsonSchema(KINDS), null, 2) + '\n');
  return Promise.resolve(EXIT_OK);
}
