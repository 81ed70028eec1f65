import { KINDS } from '../../kinds/registry.js';
import { EXIT_OK } from '../exit-codes.js';
import type { RunIo } from '../io.js';
import { loadFor, type ReadFlags } from './common.js';

export async function validate(paths: string[], flags: ReadFlags, io: RunIo): Promise<number> {
  const desired = await loadFor(paths, io, flags);
  const counts = KINDS.flatMap((kind) => {
    const n = desired.config.objects.get(kind.kind)?.length ?? 0;
    return n === 0 ? [] : [`${n} ${n === 1 ? kind.kind : kind.configKey}`];
  });
  io.out(`The configuration is valid${counts.length > 0 ? `: ${counts.join(', ')}` : ''}.\n`);
  return EXIT_OK;
}
