import { EXIT_OK } from '../run.js';
import type { Io } from '../io.js';
import { loadFor } from './common.js';

export async function validate(paths: string[], io: Io): Promise<number> {
  const desired = await loadFor(paths, io);
  const counts = [...desired.config.objects].filter(([, objects]) => objects.length > 0).map(([kind, objects]) => `${objects.length} ${kind}${objects.length === 1 ? '' : 's'}`);
  io.out(`The configuration is valid${counts.length > 0 ? `: ${counts.join(', ')}` : ''}.\n`);
  return EXIT_OK;
}
