/** Human plan and apply output in Terraform's idiom: `+` create, `~` update, `-` delete. */
import type { StepResult } from '../apply/executor.js';
import { hasChanges, summarise, type Action, type FieldChange, type Plan, type PlanStep } from '../plan/plan.js';
import { safeJson, visible } from '../../util/visible.js';

export interface TextStyle {
  color: boolean;
}

const SYMBOL: Record<Action, string> = { create: '+', update: '~', delete: '-', adopt: '<=', noop: ' ' };
const VERB: Record<Action, string> = {
  create: 'will be created',
  update: 'will be updated in-place',
  delete: 'will be deleted',
  adopt: 'will be adopted (taken under management)',
  noop: 'is unchanged',
};
const COLOUR: Record<Action, string> = { create: '32', update: '33', delete: '31', adopt: '36', noop: '0' };

export function renderPlanText(plan: Plan, style: TextStyle): string {
  const header = plan.environment === undefined ? '' : `Environment: ${visible(plan.environment)}\n\n`;
  const warnings = (plan.warnings ?? []).map((w) => `Warning: ${visible(w)}\n`).join('');
  if (!hasChanges(plan)) return `${header}${warnings}${noChanges(plan)}\n`;
  const paint = painter(style);
  const lines = [...(plan.warnings ?? []).map((w) => `Warning: ${visible(w)}`), 'deskform will perform the following actions:', ''];
  for (const step of plan.steps) {
    if (step.action === 'noop') continue;
    lines.push(...renderStep(step, paint), '');
  }
  lines.push(summaryLine(plan), ...instancePlanLines(plan));
  return header + lines.join('\n') + '\n';
}

/** A plan that left out instances it could not read cannot say that everything matches. */
function noChanges(plan: Plan): string {
  const failed = plan.errors ?? [];
  if (failed.length === 0) return 'No changes. The live state matches the configuration.';
  return `No changes in the provider instances that were planned; ${failed.length} could not be planned (${failed.map((e) => visible(e.instance)).join(', ')}: see the errors).`;
}

function renderStep(step: PlanStep, paint: Painter): string[] {
  const title = titleOf(step);
  const symbol = paint(step.action, SYMBOL[step.action]);
  const out = [`  # ${title} ${VERB[step.action]}`];
  if (step.action === 'delete') return [...out, `  ${symbol} ${title}${step.id ? ` (id ${visible(step.id)})` : ''}`];
  out.push(`  ${symbol} ${title} {`);
  const width = Math.max(0, ...step.changed_fields.map((c) => visible(c.path).length));
  for (const change of step.changed_fields) out.push(`      ${renderChange(step.action, change, width, paint)}`);
  out.push('    }');
  return out;
}

function renderChange(action: Action, change: FieldChange, width: number, paint: Painter): string {
  const name = visible(change.path).padEnd(width);
  const note = change.note ? `  # ${visible(change.note)}` : '';
  if (action === 'create') return `${paint('create', '+')} ${name} = ${value(change.after)}${note}`;
  // A write-only field has no readable "before": show what will be sent, and why.
  if (change.note && change.before === null) return `${paint('update', '~')} ${name} = ${value(change.after)}${note}`;
  return `${paint('update', '~')} ${name} = ${value(change.before)} -> ${value(change.after)}${note}`;
}

function value(v: unknown): string {
  return v === null || v === undefined ? 'null' : safeJson(v);
}

/**
 * `inbox "Website"`, or `[brand_a] inbox "Website"` in a named provider
 * instance: the key comes from a config or a vendor, so its control characters are escaped.
 */
export function titleOf(o: { instance?: string; kind: string; key: string }): string {
  return `${o.instance === undefined ? '' : `[${visible(o.instance)}] `}${o.kind} "${visible(o.key)}"`;
}

const planCounts = (s: Plan['summary']) => `${s.create} to add, ${s.update} to change, ${s.delete} to destroy${s.adopt > 0 ? `, ${s.adopt} to adopt` : ''}`;

export function summaryLine(plan: Plan): string {
  return `Plan: ${planCounts(plan.summary)}.`;
}

/** One line per provider instance, when the plan names any: what each account will see. */
function instancePlanLines(plan: Plan): string[] {
  return [...byInstance(plan.steps)].map(([instance, steps]) => `  ${visible(instance)}: ${planCounts(summarise(steps))}.`);
}

/** Steps or results of named provider instances, by instance in the order met; empty when there are none. */
function byInstance<T extends { instance?: string }>(items: readonly T[]): Map<string, T[]> {
  const out = new Map<string, T[]>();
  if (items.every((i) => i.instance === undefined)) return out;
  for (const item of items) {
    const name = item.instance ?? 'default';
    let mine = out.get(name);
    if (!mine) out.set(name, (mine = []));
    mine.push(item);
  }
  return out;
}

/** What a step that succeeded did, in the past tense. */
export const DONE: Record<Action, string> = { create: 'created', update: 'updated', delete: 'deleted', adopt: 'adopted', noop: 'unchanged' };

/** One line per finished step, as printed during apply. */
export function renderResultLine(r: StepResult, style: TextStyle): string {
  const paint = painter(style);
  const title = titleOf(r);
  const took = `${(r.duration_ms / 1000).toFixed(1)}s`;
  if (r.status === 'ok') return `${paint(r.action, SYMBOL[r.action])} ${title}: ${DONE[r.action]}${r.id ? ` (id ${visible(r.id)})` : ''} [${took}]`;
  if (r.status === 'skipped') return `! ${title}: ${visible(r.error ?? 'skipped')}`;
  return `${paint('delete', '✗')} ${title}: failed: ${visible(r.error ?? 'unknown error')}`;
}

export interface ApplyCounts {
  added: number;
  changed: number;
  destroyed: number;
  /** Taken under management: counted apart, as Terraform counts imports, since nothing else may have changed. */
  adopted: number;
}

/** Steps that succeeded, by what they did. */
export function applyCounts(results: readonly StepResult[]): ApplyCounts {
  const ok = (action: Action) => results.filter((r) => r.status === 'ok' && r.action === action).length;
  return { added: ok('create'), changed: ok('update'), destroyed: ok('delete'), adopted: ok('adopt') };
}

/** `1 added, 0 changed, 0 destroyed` and `, 1 adopted` when any was, as the plan's summary line says `1 to adopt`. */
export function applyCountsText(c: ApplyCounts): string {
  return `${c.added} added, ${c.changed} changed, ${c.destroyed} destroyed${c.adopted > 0 ? `, ${c.adopted} adopted` : ''}`;
}

/** `Apply complete: …` or `Apply failed: 1 failed, 0 skipped; …`, without the failures' errors. */
export function applySummaryLine(results: readonly StepResult[]): string {
  const bad = results.filter((r) => r.status !== 'ok').length;
  const failed = results.filter((r) => r.status === 'failed').length;
  const counts = applyCountsText(applyCounts(results));
  return bad === 0 ? `Apply complete: ${counts}.` : `Apply failed: ${failed} failed, ${bad - failed} skipped; ${counts}.`;
}

/** One line per provider instance, when the results name any: each account's outcome on its own. */
function instanceApplyLines(results: readonly StepResult[]): string[] {
  return [...byInstance(results)].map(([instance, own]) => {
    const failures = own.filter((r) => r.status !== 'ok').length;
    return `  ${visible(instance)}: ${failures === 0 ? 'complete' : `${failures} not done`}; ${applyCountsText(applyCounts(own))}.`;
  });
}

export function renderApplySummary(results: readonly StepResult[]): string {
  const lines = [applySummaryLine(results), ...instanceApplyLines(results)];
  for (const r of results) if (r.status === 'failed') lines.push(`  ${titleOf(r)}: ${visible(r.error ?? 'unknown error')}`);
  return lines.join('\n') + '\n';
}

type Painter = (action: Action, text: string) => string;

function painter(style: TextStyle): Painter {
  return style.color ? (action, text) => `\u001b[${COLOUR[action]}m${text}\u001b[0m` : (_action, text) => text;
}
