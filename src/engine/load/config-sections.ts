/**
 * Top-level config sections the engine reads besides `providers` and the
 * kinds' lists, and the JSON Schema of the whole file that includes them.
 */
import { z } from 'zod';
import { configJsonSchema } from '../../config/json-schema.js';
import { KINDS } from '../../kinds/registry.js';

export const EXTRA_SECTIONS = {
  protect: z
    .strictObject(Object.fromEntries(KINDS.map((k) => [k.configKey, z.array(z.string().min(1)).optional()])))
    .describe('Objects --prune must never delete, even when not declared: natural keys or globs on them (* and ?, as --target takes)'),
  prune_mode: z.enum(['delete', 'archive']).describe('How --prune removes portals: delete them, or archive them'),
};

export function configSchema(): Record<string, unknown> {
  return configJsonSchema(KINDS, EXTRA_SECTIONS);
}
