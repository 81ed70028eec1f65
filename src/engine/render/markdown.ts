/**
 * The plan as GitHub-flavoured Markdown, for pull-request comments and the
 * job summary. GitHub rejects comments over 65,536 characters, so the output
 * fits a budget: past it, whole per-object sections are left out and counted,
 * never a table or a <details> block cut in half. Deletes are listed in the
 * callout at the top, and only there.
 */
import type { StepResult } from '../apply/executor.js';
import { SENSITIVE, type Action, type FieldChange, type Plan, type PlanStep } from '../plan/plan.js';
import { applySummaryLine, DONE, summaryLine } from './text.js';
import { safeJson, visible } from '../../util/visible.js';

export interface MarkdownOptions {
  /** Most characters (UTF-16 code units, which never undercount GitHub's limit) the output may have. */
  budget?: number;
  title?: string;
}

/** A little under GitHub's 65,536 so a CI job can add its comment marker. */
export const DEFAULT_MARKDOWN_BUDGET = 65_000;
/** Longest value shown in a table cell, in characters of its JSON text. */
export const CELL_LIMIT = 200;

const SYMBOL: Record<Action, string> = { create: '+', update: '~', delete: '-', adopt: '<=', noop: ' ' };
const VERB: Record<Action, string> = {
  create: 'create',
  update: 'update',
  delete: 'delete',
  adopt: 'adopt (take under management)',
  noop: 'unchanged',
};
const COLUMNS: readonly Action[] = ['create', 'update', 'delete', 'adopt', 'noop'];

export function renderPlanMarkdown(plan: Plan, options: MarkdownOptions = {}): string {
  const budget = options.budget ?? DEFAULT_MARKDOWN_BUDGET;
  const environment = plan.environment === undefined ? '' : `Environment: ${code(plan.environment)}\n\n`;
  const heading = `## ${options.title ?? 'deskform plan'}\n\n${environment}${errorsCallout(plan)}`;
  // Deletes are listed once, in the callout: they have no fields to show, so a section would only repeat them.
  const deletes = plan.steps.filter(isDelete);
  const changed = plan.steps.filter((s) => !isDelete(s) && s.action !== 'noop');
  if (changed.length === 0 && deletes.length === 0) {
    const checked = plan.steps.length;
    return within(budget, heading + `No changes. The live state matches the configuration (${plural(checked, 'object')} checked).\n`);
  }

  const tail = summaryBlock(plan) + warningsBlock(plan);
  const sections = changed.map(renderSection);
  const full = heading + deleteCallout(deletes) + tail + sections.join('');
  if (full.length <= budget) return full;

  // Over budget: the header, the callout (as much of its list as fits) and the summary always come first.
  const fieldsFrom = suffixSums(changed.map((s) => s.changed_fields.length));
  const footerFrom = (i: number) => (i < changed.length ? footer(changed.length - i, fieldsFrom[i]!) : '');
  const roomForList = budget - heading.length - tail.length - footerFrom(0).length;
  const head = heading + fittedCallout(deletes, roomForList) + tail;
  if (head.length + footerFrom(0).length > budget) {
    throw new RangeError(`a Markdown budget of ${budget} characters cannot hold this plan's summary (${head.length + footerFrom(0).length} needed)`);
  }
  let out = head;
  let shown = 0;
  while (shown < sections.length && out.length + sections[shown]!.length + footerFrom(shown + 1).length <= budget) {
    out += sections[shown];
    shown += 1;
  }
  return out + footerFrom(shown);
}

const isDelete = (s: PlanStep) => s.action === 'delete';

/**
 * Apply results for the job summary: the summary line, then one row per step
 * (failures first). GitHub takes up to 1 MiB per step summary, about ten
 * thousand rows, so no budget is applied.
 */
export function renderApplyMarkdown(results: readonly StepResult[], title = 'deskform apply', errors: Plan['errors'] = []): string {
  const heading = `## ${title}\n\n${errorsCallout({ errors })}**${escapeInline(applySummaryLine(results))}**\n`;
  if (results.length === 0) return heading;
  const order = [...results.filter((r) => r.status !== 'ok'), ...results.filter((r) => r.status === 'ok')];
  const rows = order.map((r) => `| ${kindCell(r)} | ${cellCode(r.key)} | ${resultCell(r)} |\n`);
  return `${heading}\n| kind | object | result |\n| --- | --- | --- |\n${rows.join('')}`;
}

function resultCell(r: StepResult): string {
  const id = r.id ? ` (id ${cellCode(r.id)})` : '';
  if (r.status === 'ok') return `${DONE[r.action]}${id}`;
  if (r.status === 'skipped') return `⏭️ skipped: ${escapeInline(r.error ?? r.action)}`;
  return `❌ ${r.action} failed: ${escapeInline(r.error ?? 'unknown error')}`;
}

function within(budget: number, text: string): string {
  if (text.length > budget) throw new RangeError(`a Markdown budget of ${budget} characters cannot hold this plan (${text.length} needed)`);
  return text;
}

function deleteCallout(deletes: readonly PlanStep[]): string {
  if (deletes.length === 0) return '';
  return calloutHead(deletes.length) + deletes.map(deleteItem).join('') + '\n';
}

/** The callout listing as many deletes as fit in `room`, then a count of the others. */
function fittedCallout(deletes: readonly PlanStep[], room: number): string {
  if (deletes.length === 0) return '';
  let out = calloutHead(deletes.length);
  let listed = 0;
  for (const step of deletes) {
    const item = deleteItem(step);
    const left = deletes.length - listed - 1;
    if (out.length + item.length + (left > 0 ? moreItem(left).length : 0) + 1 > room) break;
    out += item;
    listed += 1;
  }
  return out + (listed < deletes.length ? moreItem(deletes.length - listed) : '') + '\n';
}

function calloutHead(total: number): string {
  return `> [!CAUTION]\n> **⚠️ ${total} ${total === 1 ? 'object will be deleted' : 'objects will be deleted'}**\n>\n`;
}

const moreItem = (n: number) => `> - … and ${n} more\n`;

function deleteItem(step: PlanStep): string {
  return `> - ${kindCell(step)} ${code(step.key)}${step.id ? ` (id ${code(step.id)})` : ''}\n`;
}

/** `inbox`, or `brand_a · inbox` for an object of a named provider instance. */
function kindCell(o: { instance?: string; kind: string }): string {
  return o.instance === undefined ? html(o.kind) : `${html(o.instance)} · ${html(o.kind)}`;
}

function summaryBlock(plan: Plan): string {
  const kinds: string[] = [];
  // Deletes are listed first in a plan; order kinds as the config does instead.
  for (const step of [...plan.steps.filter((s) => !isDelete(s)), ...plan.steps.filter(isDelete)]) {
    if (!kinds.includes(kindCell(step))) kinds.push(kindCell(step));
  }
  const rows = kinds.map((kind) => {
    const counts = COLUMNS.map((action) => plan.steps.filter((s) => kindCell(s) === kind && s.action === action).length);
    return `| ${kind} | ${counts.join(' | ')} |\n`;
  });
  const table = '| kind | create | update | delete | adopt | unchanged |\n| --- | ---: | ---: | ---: | ---: | ---: |\n' + rows.join('');
  return `**${summaryLine(plan)}**\n\n${table}\n`;
}

/** Provider instances that could not be planned come first: the rest of the comment is not the whole story. */
function errorsCallout(plan: Pick<Plan, 'errors'>): string {
  const errors = plan.errors ?? [];
  if (errors.length === 0) return '';
  const items = errors.map((e) => `> - ${code(e.instance)}: ${escapeInline(e.message)}\n`).join('');
  return `> [!WARNING]\n> **${plural(errors.length, 'provider instance')} could not be planned**\n>\n${items}\n`;
}

function warningsBlock(plan: Plan): string {
  const warnings = plan.warnings ?? [];
  if (warnings.length === 0) return '';
  return `> [!NOTE]\n${warnings.map((w) => `> - ${escapeInline(w)}\n`).join('')}\n`;
}

function renderSection(step: PlanStep): string {
  const id = step.id ? ` (id ${html(step.id)})` : '';
  const summary = `<code>${html(SYMBOL[step.action])}</code> ${kindCell(step)} <b>${html(step.key)}</b>: ${VERB[step.action]}${id}`;
  return `<details><summary>${summary}</summary>\n\n${sectionBody(step)}\n</details>\n\n`;
}

function sectionBody(step: PlanStep): string {
  if (step.changed_fields.length === 0) return 'No field changes.\n';
  const notes = step.changed_fields.some((c) => c.note);
  const header = notes ? '| field | before | after | note |\n| --- | --- | --- | --- |\n' : '| field | before | after |\n| --- | --- | --- |\n';
  const rows = step.changed_fields.map((change) => {
    const cells = [cellCode(change.path), before(step.action, change), value(change.after)];
    if (notes) cells.push(change.note ? escapeInline(change.note) : '');
    return `| ${cells.join(' | ')} |\n`;
  });
  return header + rows.join('');
}

/** A create has no before; a write-only field's before is unknown (its note says why). */
function before(action: Action, change: FieldChange): string {
  if (action === 'create' || (change.note && change.before === null)) return '—';
  return value(change.before);
}

/** A value as inline code: its JSON text, shortened past the cell limit; secrets only ever as the placeholder. */
function value(v: unknown): string {
  if (v === SENSITIVE) return cellCode(SENSITIVE);
  const json = v === undefined ? 'null' : safeJson(v);
  const chars = Array.from(json);
  return cellCode(chars.length > CELL_LIMIT ? chars.slice(0, CELL_LIMIT - 1).join('') + '…' : json);
}

/** Inline code, fenced past any backticks inside. */
function code(raw: string): string {
  const text = visible(raw);
  const longestRun = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longestRun + 1);
  const pad = longestRun > 0 || text.startsWith(' ') || text.endsWith(' ') ? ' ' : '';
  return `${fence}${pad}${text}${pad}${fence}`;
}

/** Inline code inside a table cell, where GitHub reads `\\|` as a pipe even in code (and a bare one as a cell border). */
function cellCode(text: string): string {
  return code(text.replace(/\|/g, '\\|'));
}

/** Plain text safe in a Markdown line or table cell. */
function escapeInline(text: string): string {
  return html(text).replace(/([\\[\]|])/g, '\\$1').replace(/\r?\n/g, ' ');
}

/**
 * Text safe both as HTML and as Markdown: entities, unlike backslash escapes,
 * mean the same whether or not GitHub reads Markdown inside the tag.
 */
function html(text: string): string {
  return visible(text).replace(/[&<>`*_]/g, (c) => ENTITY[c]!);
}

const ENTITY: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '`': '&#96;', '*': '&#42;', _: '&#95;' };

/** sums[i] = counts[i] + counts[i + 1] + … */
function suffixSums(counts: readonly number[]): number[] {
  const sums = new Array<number>(counts.length + 1).fill(0);
  for (let i = counts.length - 1; i >= 0; i -= 1) sums[i] = sums[i + 1]! + counts[i]!;
  return sums;
}

function footer(objects: number, fields: number): string {
  const more = objects === 1 ? '1 more object' : `${objects} more objects`;
  return `… and ${more} not shown (${plural(fields, 'field change')}); see the full plan in the job log/artifact\n`;
}

function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
