/** A synthesized CDKTF stack (`cdk.tf.json`): told apart by name so a YAML run never loads the stack reader. */
export const isStackPath = (p: string): boolean => p.endsWith('.tf.json');
