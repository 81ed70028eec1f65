import { ConfigError, type ConfigProblem } from '../../errors.js';
import { KINDS } from '../../kinds/registry.js';
import { safeJson } from '../../util/visible.js';
import { EXIT_ERROR, EXIT_OK } from '../exit-codes.js';
import type { RunIo } from '../io.js';
import { loadFor, type ReadFlags } from './common.js';

export interface ValidateFlags extends ReadFlags {
  format: 'text' | 'json';
}

export async function validate(paths: string[], flags: ValidateFlags, io: RunIo): Promise<number> {
  if (flags.format === 'json') return validateJson(paths, flags, io);
  const desired = await loadFor(paths, io, flags);
  const counts = KINDS.flatMap((kind) => {
    const n = desired.config.objects.get(kind.kind)?.length ?? 0;
    return n === 0 ? [] : [`${n} ${n === 1 ? kind.kind : kind.configKey}`];
  });
  const environment = desired.config.environment === undefined ? '' : ` for environment ${desired.config.environment}`;
  io.out(`The configuration is valid${environment}${counts.length > 0 ? `: ${counts.join(', ')}` : ''}.\n`);
  return EXIT_OK;
}

/** For editors and CI annotations: every located problem as data on stdout, the same exit codes as text. */
async function validateJson(paths: string[], flags: ValidateFlags, io: RunIo): Promise<number> {
  try {
    await loadFor(paths, io, flags);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    io.out(safeJson({ valid: false, problems: err.problems.map(problemJson) }, 2) + '\n');
    return EXIT_ERROR;
  }
  io.out(safeJson({ valid: true, problems: [] }, 2) + '\n');
  return EXIT_OK;
}

/** `path` names what the problem is about (e.g. `inbox "Website"`), empty for a file-level problem. */
function problemJson(p: ConfigProblem): Record<string, unknown> {
  return { file: p.file, line: p.line, column: p.col, path: p.subject, message: p.message };
}
