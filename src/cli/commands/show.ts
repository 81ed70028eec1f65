import path from 'node:path';
import { combinePlanFiles } from '../../engine/plan/combine.js';
import { hasChanges } from '../../engine/plan/plan.js';
import { readPlanFile } from '../../engine/plan/saved-plan.js';
import { renderPlanMarkdown } from '../../engine/render/markdown.js';
import { renderPlanText } from '../../engine/render/text.js';
import { safeJson } from '../../util/visible.js';
import type { RunIo } from '../io.js';
import { EXIT_CHANGES, EXIT_ERROR, EXIT_OK } from '../exit-codes.js';
import { reportPlanErrors } from '../warnings.js';

export interface ShowFlags {
  format: 'text' | 'json' | 'markdown';
  detailedExitcode?: boolean;
}

/** Prints saved or JSON plans, several (the shards of a CI matrix) as one. Sends no request. */
export async function show(files: string[], flags: ShowFlags, io: RunIo): Promise<number> {
  const plans = await Promise.all(files.map(async (file) => ({ name: file, plan: await readPlanFile(path.resolve(io.cwd, file), file) })));
  const plan = combinePlanFiles(plans);
  const render = { text: () => renderPlanText(plan, io), json: () => safeJson(plan, 2) + '\n', markdown: () => renderPlanMarkdown(plan) };
  io.out(render[flags.format]());
  if (reportPlanErrors(plan, io)) return EXIT_ERROR;
  return flags.detailedExitcode && hasChanges(plan) ? EXIT_CHANGES : EXIT_OK;
}
