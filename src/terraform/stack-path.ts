/**
 * Paths ending in `.tf.json` are read as synthesized CDKTF stacks (Terraform's
 * own suffix for JSON configuration): told apart by name, so a YAML run never
 * loads the stack reader.
 */
export const isStackPath = (p: string): boolean => p.endsWith('.tf.json');
