import path from 'node:path';
import { UserError } from '../../errors.js';
import { hasChanges, type Plan } from '../../engine/plan/plan.js';
import type { StepResult } from '../../engine/apply/executor.js';
import type { EngineMessage } from '../../engine/messages.js';
import { renderApplyMarkdown } from '../../engine/render/markdown.js';
import { applyCounts, renderApplySummary, renderPlanText } from '../../engine/render/text.js';
import { safeJson, visible } from '../../util/visible.js';
import { driftSinceSaved, readSavedPlan } from '../../engine/plan/saved-plan.js';
import type { RunIo } from '../io.js';
import { createProgress, progressMode, type Progress } from '../progress.js';
import { reportPlanErrors, warnOnStderr } from '../warnings.js';
import { EXIT_ERROR, EXIT_OK } from '../exit-codes.js';
import type { UnitSelection } from '../../engine/units.js';
import { shardText } from '../shard.js';
import { loadFor, runOptionsFromSaved, runOptionsOf, unitSelectionFromSaved, unitSelectionOf, withSession, withShard, type ScopeFlags } from './common.js';

export interface ApplyFlags extends ScopeFlags {
  autoApprove?: boolean;
  concurrency: number;
  quiet?: boolean;
  json?: boolean;
  /** Append the results as Markdown to $GITHUB_STEP_SUMMARY when it is set. */
  summary?: boolean;
  /** How long to wait for another run's state lock, in ms. */
  lockTimeout: number;
}

export async function apply(paths: string[], flags: ApplyFlags, io: RunIo): Promise<number> {
  const saved = paths.length === 1 ? await readSavedPlan(path.resolve(io.cwd, paths[0]!), paths[0]) : undefined;
  if (saved && saved.environment !== flags.env) throw new UserError(otherEnvironment(paths[0]!, saved.environment, flags.env));
  const desired = await loadFor(saved ? saved.saved.config_paths : paths, io, flags);
  const options = saved ? runOptionsFromSaved(saved.saved) : runOptionsOf(flags);
  const asked = unitSelectionOf(flags);
  const units = saved ? unitSelectionFromSaved(saved.saved) : asked;
  if (saved && asked && JSON.stringify(asked) !== JSON.stringify(units)) {
    throw new UserError(`${paths[0]} was planned for ${selectionText(units)}: apply it without --instance/--shard (or with the same ones), or plan again`);
  }

  const lock = { timeoutMs: flags.lockTimeout, command: 'deskform apply', notify: (message: string) => io.err(visible(message, '\n')) };
  // Progress is shown once the plan is printed and approved; until then the session's messages are not shown.
  let progress: Progress | undefined;
  const onMessage = (message: EngineMessage) => progress?.onMessage(message);
  return withSession(desired, io, flags.state, async (session) => {
    const planned = await session.plan(desired, options);
    const run = { ...planned, plan: withShard(planned.plan, units?.shard, planned.units) };
    if (saved) {
      const drift = driftSinceSaved(saved, run.plan);
      if (drift.length > 0) {
        throw new UserError(`the saved plan ${paths[0]} is stale; run plan again:\n${drift.map((d) => `  - ${d}`).join('\n')}`);
      }
    }
    const mode = progressMode(io, flags);
    if (mode === 'json') {
      io.out(safeJson({ type: 'plan', time: new Date().toISOString(), plan: run.plan }) + '\n');
      warnOnStderr(run.plan, io);
    }
    else if (mode !== 'quiet') io.out(renderPlanText(run.plan, io));
    if (!hasChanges(run.plan)) {
      await writeStepSummary(flags, io, [], run.plan);
      return reportPlanErrors(run.plan, io) ? EXIT_ERROR : EXIT_OK;
    }
    if (!saved && !flags.autoApprove) {
      if (!io.isTTY || mode === 'json') throw new UserError('refusing to apply without --auto-approve: not running on a terminal');
      // As Terraform: declining is not success, so a script that asked does not carry on as if applied.
      if (!(await io.confirm('\nApply these changes? Only "yes" is accepted: '))) {
        io.out('Apply cancelled.\n');
        return EXIT_ERROR;
      }
    }
    if (mode !== 'json' && mode !== 'quiet') io.out('\n');
    progress = createProgress(mode, io);
    const results = await session.apply(run, { concurrency: flags.concurrency }).finally(() => progress?.finish());
    const ok = results.every((r) => r.status === 'ok') && !run.plan.errors?.length;
    if (mode === 'json') io.out(JSON.stringify({ type: 'summary', time: new Date().toISOString(), ok, ...countResults(results) }) + '\n');
    else io.out((mode === 'quiet' ? '' : '\n') + renderApplySummary(results));
    await writeStepSummary(flags, io, results, run.plan);
    // The instances that planned were applied; those that could not still fail the run.
    return reportPlanErrors(run.plan, io) || !ok ? EXIT_ERROR : EXIT_OK;
  }, { lock, onMessage, ...(units ? { units } : {}) });
}

/** The config digest would differ too; the environment says why. */
function otherEnvironment(file: string, planned: string | undefined, given: string | undefined): string {
  const made = planned === undefined ? 'without --env' : `for environment "${planned}"`;
  const asked = given === undefined ? 'without --env' : `with --env ${given}`;
  const again = planned === undefined ? 'without --env' : `with --env ${planned}`;
  return `the saved plan ${file} was made ${made}, and is applied ${asked}: apply it ${again}, or plan again`;
}

/** The results for the job summary; provider instances that could not be planned are named above them. */
async function writeStepSummary(flags: ApplyFlags, io: RunIo, results: readonly StepResult[], plan: Plan): Promise<void> {
  const stepSummary = io.env.GITHUB_STEP_SUMMARY;
  if (flags.summary && stepSummary) await io.writeFile(path.resolve(io.cwd, stepSummary), renderApplyMarkdown(results, undefined, plan.errors) + '\n', 'append');
  else if (flags.summary) io.err('--summary: GITHUB_STEP_SUMMARY is not set (it is, in GitHub Actions); nothing written\n');
}

function countResults(results: readonly StepResult[]): Record<string, number> {
  const count = (status: StepResult['status']) => results.filter((r) => r.status === status).length;
  return { succeeded: count('ok'), failed: count('failed'), skipped: count('skipped'), ...applyCounts(results) };
}

function selectionText(units: UnitSelection | undefined): string {
  if (!units) return 'every provider instance';
  const parts = [...(units.names ? [`--instance ${units.names.join(' --instance ')}`] : []), ...(units.shard ? [`--shard ${shardText(units.shard)}`] : [])];
  return parts.join(' ');
}
