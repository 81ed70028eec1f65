import path from 'node:path';
import { UserError } from '../../errors.js';
import { hasChanges } from '../../engine/plan.js';
import { renderApplySummary, renderPlanText, renderResultLine } from '../../engine/render/text.js';
import { driftSinceSaved, readSavedPlan } from '../../engine/saved-plan.js';
import type { Io } from '../io.js';
import { EXIT_ERROR, EXIT_OK } from '../run.js';
import { loadFor, withSession } from './common.js';

export interface ApplyFlags {
  autoApprove?: boolean;
  prune?: boolean;
  concurrency: number;
  state: string;
}

export async function apply(paths: string[], flags: ApplyFlags, io: Io): Promise<number> {
  const saved = paths.length === 1 ? await readSavedPlan(path.resolve(io.cwd, paths[0]!)) : undefined;
  const desired = await loadFor(saved ? saved.saved.config_paths : paths, io);
  const prune = saved ? saved.saved.prune : Boolean(flags.prune);

  return withSession(desired, io, flags.state, async (session) => {
    const run = await session.plan(desired, { prune });
    if (saved) {
      const drift = driftSinceSaved(saved, run.plan);
      if (drift.length > 0) {
        throw new UserError(`the saved plan ${paths[0]} is stale; run plan again:\n${drift.map((d) => `  - ${d}`).join('\n')}`);
      }
    }
    io.out(renderPlanText(run.plan, io));
    if (!hasChanges(run.plan)) return EXIT_OK;
    if (!saved && !flags.autoApprove) {
      if (!io.isTTY) throw new UserError('refusing to apply without --auto-approve: not running on a terminal');
      if (!(await io.confirm('\nApply these changes? Only "yes" is accepted: '))) {
        io.out('Apply cancelled.\n');
        return EXIT_OK;
      }
    }
    io.out('\n');
    const results = await session.apply(run, {
      concurrency: flags.concurrency,
      onEvent: (event) => {
        if (event.type === 'step_end') io.out(renderResultLine(event.result, io) + '\n');
      },
    });
    io.out('\n' + renderApplySummary(results));
    return results.every((r) => r.status === 'ok') ? EXIT_OK : EXIT_ERROR;
  });
}
