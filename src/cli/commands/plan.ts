import path from 'node:path';
import { writeFileAtomic } from '../../engine/atomic-file.js';
import { hasChanges } from '../../engine/plan.js';
import { renderPlanText } from '../../engine/render/text.js';
import type { Io } from '../io.js';
import { EXIT_CHANGES, EXIT_OK } from '../run.js';
import { loadFor, withSession } from './common.js';

export interface PlanFlags {
  format: 'text' | 'json';
  detailedExitcode?: boolean;
  out?: string;
  prune?: boolean;
  state: string;
}

export async function plan(paths: string[], flags: PlanFlags, io: Io): Promise<number> {
  const desired = await loadFor(paths, io);
  const run = await withSession(desired, io, flags.state, (session) => session.plan(desired, { prune: flags.prune }));
  const json = JSON.stringify(run.plan, null, 2) + '\n';
  if (flags.out) {
    const saved = { ...run.plan, saved: { config_paths: paths, prune: Boolean(flags.prune) } };
    await writeFileAtomic(path.resolve(io.cwd, flags.out), JSON.stringify(saved, null, 2) + '\n');
  }
  io.out(flags.format === 'json' ? json : renderPlanText(run.plan, io));
  return flags.detailedExitcode && hasChanges(run.plan) ? EXIT_CHANGES : EXIT_OK;
}
