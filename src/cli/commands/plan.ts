import path from 'node:path';
import { hasChanges } from '../../engine/plan/plan.js';
import { renderPlanMarkdown } from '../../engine/render/markdown.js';
import { renderPlanText } from '../../engine/render/text.js';
import { safeJson } from '../../util/visible.js';
import { reportPlanErrors, warnOnStderr } from '../warnings.js';
import type { RunIo } from '../io.js';
import { EXIT_CHANGES, EXIT_ERROR, EXIT_OK } from '../exit-codes.js';
import { loadFor, runOptionsOf, savedOptionsOf, unitSelectionOf, withSession, withShard, type ScopeFlags } from './common.js';

export interface PlanFlags extends ScopeFlags {
  format: 'text' | 'json' | 'markdown';
  /** Append the Markdown plan to $GITHUB_STEP_SUMMARY when it is set. */
  summary?: boolean;
  detailedExitcode?: boolean;
  out?: string;
}

export async function plan(paths: string[], flags: PlanFlags, io: RunIo): Promise<number> {
  const desired = await loadFor(paths, io, flags);
  const options = runOptionsOf(flags);
  const units = unitSelectionOf(flags);
  const run = await withSession(desired, io, flags.state, (session) => session.plan(desired, options), units ? { units } : {});
  const plan = withShard(run.plan, flags.shard, run.units);
  if (flags.out) {
    const saved = { ...plan, saved: savedOptionsOf(paths, options, units) };
    await io.writeFile(path.resolve(io.cwd, flags.out), safeJson(saved, 2) + '\n');
  }
  const render = {
    text: () => renderPlanText(plan, io),
    json: () => safeJson(plan, 2) + '\n',
    markdown: () => renderPlanMarkdown(plan),
  };
  io.out(render[flags.format]());
  if (flags.format !== 'text') warnOnStderr(plan, io);
  const stepSummary = io.env.GITHUB_STEP_SUMMARY;
  if (flags.summary && stepSummary) await io.writeFile(path.resolve(io.cwd, stepSummary), render.markdown() + '\n', 'append');
  else if (flags.summary) io.err('--summary: GITHUB_STEP_SUMMARY is not set (it is, in GitHub Actions); nothing written\n');
  if (reportPlanErrors(plan, io)) return EXIT_ERROR;
  return flags.detailedExitcode && hasChanges(plan) ? EXIT_CHANGES : EXIT_OK;
}
