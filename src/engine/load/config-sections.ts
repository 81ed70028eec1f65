/**
 * Top-level config sections the engine reads besides `providers` and the
 * kinds' lists, and the JSON Schema of the whole file that includes them.
 */
import * as z from 'zod';
import { doc, documentedEnum } from '../../config/field-docs.js';
import { configJsonSchema } from '../../config/json-schema.js';
import { KINDS } from '../../kinds/registry.js';

export const EXTRA_SECTIONS = {
  protect: z
    .strictObject(
      Object.fromEntries(
        KINDS.map((k) => [
          k.configKey,
          z
            .array(z.string().min(1))
            .optional()
            .meta(doc(`Protected ${k.configKey}`, `Keys of ${k.configKey} (\`${k.kind}\` natural keys) or globs on them that \`--prune\` never deletes.`)),
        ]),
      ),
    )
    .meta(
      doc(
        'Protect',
        'Objects `--prune` must never delete, even when not declared: natural keys or globs on them (`*` any run of characters, `?` one), matched as `--target` matches.',
      ),
    ),
  prune_mode: documentedEnum({
    delete: 'Delete the portals `--prune` removes.',
    archive: 'Archive them instead (`archived: true`): visitors no longer see them, and they can be restored.',
  }).meta(doc('Prune mode', 'How `--prune` removes portals: delete them (default), or archive them.')),
};

export function configSchema(): Record<string, unknown> {
  return configJsonSchema(KINDS, EXTRA_SECTIONS);
}
