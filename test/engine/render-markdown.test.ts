/** The Markdown plan renderer, on plain Plan objects: structure, redaction, escaping and the size budget. */
import { describe, expect, it } from 'vitest';
import { CELL_LIMIT, DEFAULT_MARKDOWN_BUDGET, renderApplyMarkdown, renderPlanMarkdown } from '../../src/engine/render/markdown.js';
import { PLAN_FORMAT_VERSION, SENSITIVE, summarise, type FieldChange, type Plan, type PlanStep } from '../../src/engine/plan/plan.js';

function step(kind: string, key: string, action: PlanStep['action'], changed_fields: FieldChange[] = [], id?: string): PlanStep {
  return { kind, key, action, ...(id ? { id } : {}), changed_fields, depends_on: [], fingerprint: action === 'create' ? null : 'f'.repeat(32) };
}

function planOf(steps: PlanStep[], extra: Partial<Plan> = {}): Plan {
  return { format_version: PLAN_FORMAT_VERSION, config_digest: 'c'.repeat(32), steps, summary: summarise(steps), ...extra };
}

const mixed = planOf([
  step('portal', 'old-docs', 'delete', [], '12'),
  step('inbox', 'Legacy', 'delete', [], '40'),
  step('portal', 'handbook', 'update', [{ path: 'name', before: 'Handbook', after: 'Help center' }], '3'),
  step('portal', 'faq', 'noop', [], '4'),
  step('inbox', 'Website', 'create', [
    { path: 'name', before: null, after: 'Website' },
    { path: 'channel.type', before: null, after: 'web_widget' },
  ]),
  step('inbox', 'API intake', 'update', [{ path: 'channel.hmac_token', before: SENSITIVE, after: SENSITIVE }], '41'),
  step('channel', 'WhatsApp main', 'adopt', [
    { path: 'business_hours.monday', before: null, after: { enabled: true, start: '09:00', end: '18:00' }, note: 'cannot verify: write-only and not applied by deskform yet' },
  ], '7'),
]);

/** The per-object <details> sections in order, as [summary line, body]. */
function sections(md: string): Array<{ summary: string; body: string }> {
  return [...md.matchAll(/<details><summary>(.*?)<\/summary>\n([\s\S]*?)<\/details>/g)].map((m) => ({ summary: m[1]!, body: m[2]! }));
}

/** Table rows (not the header or separator) of a block of Markdown, split into cells on unescaped pipes. */
function rows(block: string): string[][] {
  const lines = block.split('\n').filter((l) => l.startsWith('|'));
  return lines.slice(2).map(cells);
}

/** Pipes inside values are escaped (`\\|`), so an unescaped " | " always separates cells. */
function cells(line: string): string[] {
  return line.slice(2, -2).split(' | ');
}

function expectWellFormed(md: string): void {
  expect(md.split('<details>').length).toBe(md.split('</details>').length);
  let depth = 0;
  for (const tag of md.matchAll(/<\/?details>/g)) {
    depth += tag[0] === '<details>' ? 1 : -1;
    expect(depth === 0 || depth === 1).toBe(true);
  }
  expect(depth).toBe(0);
  // Every table keeps the column count of its header: no table is cut mid-row.
  for (const table of md.split(/\n\n+/).filter((b) => b.startsWith('|'))) {
    const lines = table.trimEnd().split('\n');
    const width = cells(lines[0]!).length;
    expect(lines[1]).toMatch(/^\|( -+:? \|)+$/);
    for (const line of lines) expect(cells(line), line).toHaveLength(width);
  }
}

describe('renderPlanMarkdown: structure', () => {
  const md = renderPlanMarkdown(mixed);

  it('starts with the heading, then the delete callout, then the summary', () => {
    expect(md.startsWith('## deskform plan\n\n> [!CAUTION]\n> **⚠️ 2 objects will be deleted**\n')).toBe(true);
    expect(md).toContain('> - portal `old-docs` (id `12`)\n> - inbox `Legacy` (id `40`)\n');
    expect(md.indexOf('[!CAUTION]')).toBeLessThan(md.indexOf('**Plan: 1 to add, 2 to change, 2 to destroy, 1 to adopt.**'));
    expect(md.indexOf('**Plan:')).toBeLessThan(md.indexOf('<details>'));
    expectWellFormed(md);
  });

  it('summarises each kind in one table row, in config order, with unchanged counted', () => {
    const summary = md.slice(md.indexOf('| kind |'), md.indexOf('<details>'));
    expect(summary.split('\n')[0]).toBe('| kind | create | update | delete | adopt | unchanged |');
    expect(rows(summary)).toEqual([
      ['portal', '0', '1', '1', '0', '1'],
      ['inbox', '1', '1', '1', '0', '0'],
      ['channel', '0', '0', '0', '1', '0'],
    ]);
  });

  it('has one section per changed object other than deletes, and none for unchanged objects', () => {
    expect(sections(md).map((s) => s.summary)).toEqual([
      '<code>~</code> portal <b>handbook</b>: update (id 3)',
      '<code>+</code> inbox <b>Website</b>: create',
      '<code>~</code> inbox <b>API intake</b>: update (id 41)',
      '<code>&lt;=</code> channel <b>WhatsApp main</b>: adopt (take under management) (id 7)',
    ]);
    expect(md).not.toContain('faq');
  });

  it('lists each delete once, in the callout, even when the plan does not put deletes first', () => {
    const reordered = renderPlanMarkdown(planOf([...mixed.steps].reverse()));
    expect(reordered.startsWith('## deskform plan\n\n> [!CAUTION]\n> **⚠️ 2 objects will be deleted**\n>\n> - inbox `Legacy` (id `40`)\n> - portal `old-docs` (id `12`)\n')).toBe(true);
    for (const out of [md, reordered]) {
      expect(out.match(/Legacy/g)).toHaveLength(1);
      expect(out.match(/old-docs/g)).toHaveLength(1);
    }
  });

  it('still calls out a plan that only deletes', () => {
    const only = renderPlanMarkdown(planOf(mixed.steps.filter((s) => s.action === 'delete' || s.action === 'noop')));
    expect(only).toContain('> **⚠️ 2 objects will be deleted**');
    expect(only).toContain('**Plan: 0 to add, 0 to change, 2 to destroy.**');
    expect(sections(only)).toEqual([]);
  });

  it('tables only the changed fields, as JSON in inline code; a create has no before', () => {
    const [handbook, website] = sections(md);
    expect(rows(handbook!.body)).toEqual([['`name`', '`"Handbook"`', '`"Help center"`']]);
    expect(rows(website!.body)).toEqual([
      ['`name`', '—', '`"Website"`'],
      ['`channel.type`', '—', '`"web_widget"`'],
    ]);
  });

  it('shows notes in their own column, with an unknown before', () => {
    const whatsapp = sections(md)[3]!;
    expect(whatsapp.body).toContain('\n| field | before | after | note |\n');
    expect(rows(whatsapp.body)).toEqual([
      ['`business_hours.monday`', '—', '`{"enabled":true,"start":"09:00","end":"18:00"}`', 'cannot verify: write-only and not applied by deskform yet'],
    ]);
  });

  it('shows secrets only as (sensitive)', () => {
    const api = sections(md)[2]!;
    expect(rows(api.body)).toEqual([['`channel.hmac_token`', '`(sensitive)`', '`(sensitive)`']]);
  });

  it('uses the given title and lists warnings', () => {
    const warned = renderPlanMarkdown(planOf(mixed.steps, { warnings: ['portal "keep" is not declared but protected: it is kept'] }), { title: 'Plan for prod' });
    expect(warned.startsWith('## Plan for prod\n\n')).toBe(true);
    expect(warned).toContain('> [!NOTE]\n> - portal "keep" is not declared but protected: it is kept\n');
  });

  it('says so when nothing changes', () => {
    const md = renderPlanMarkdown(planOf([step('portal', 'faq', 'noop', [], '4'), step('inbox', 'Website', 'noop', [], '5')]));
    expect(md).toBe('## deskform plan\n\nNo changes. The live state matches the configuration (2 objects checked).\n');
  });

  it('names the environment under the heading, with or without changes', () => {
    const changed = renderPlanMarkdown(planOf(mixed.steps, { environment: 'staging' }));
    expect(changed.startsWith('## deskform plan\n\nEnvironment: `staging`\n\n> [!CAUTION]')).toBe(true);
    const unchanged = renderPlanMarkdown(planOf([step('portal', 'faq', 'noop', [], '4')], { environment: 'staging' }));
    expect(unchanged).toBe('## deskform plan\n\nEnvironment: `staging`\n\nNo changes. The live state matches the configuration (1 object checked).\n');
  });

  it('has no callout without deletes', () => {
    const md = renderPlanMarkdown(planOf(mixed.steps.filter((s) => s.action !== 'delete')));
    expect(md).not.toContain('CAUTION');
    expect(md).not.toContain('deleted');
    expect(md.startsWith('## deskform plan\n\n**Plan:')).toBe(true);
  });
});

describe('renderPlanMarkdown: escaping', () => {
  const tricky = planOf([
    step('webchat', 'a|b <script>`x`', 'update', [
      { path: 'starter_message', before: 'one | two', after: 'line 1\nline 2 `code`' },
      { path: 'allowed_domains', before: ['https://a.example'], after: ['x'.repeat(CELL_LIMIT * 3)] },
    ], '9'),
  ]);
  const md = renderPlanMarkdown(tricky);

  it('keeps a value in its cell: pipes escaped, newlines JSON-escaped, backticks fenced', () => {
    const [row1, row2] = rows(sections(md)[0]!.body);
    expect(row1).toEqual(['`starter_message`', '`"one \\| two"`', '`` "line 1\\nline 2 `code`" ``']);
    expect(row2![1]).toBe('`["https://a.example"]`');
    expectWellFormed(md);
  });

  it('truncates long values with an ellipsis at the cell limit', () => {
    const after = rows(sections(md)[0]!.body)[1]![2]!;
    expect(after.startsWith('`["xxx')).toBe(true);
    expect(after.endsWith('…`')).toBe(true);
    expect(Array.from(after.slice(1, -1))).toHaveLength(CELL_LIMIT);
  });

  it('escapes pipes only inside tables', () => {
    const md = renderPlanMarkdown(planOf([step('inbox', 'x|y', 'delete', [], '5')]));
    expect(md).toContain('> - inbox `x|y` (id `5`)\n');
  });

  it('escapes HTML in the section summary', () => {
    expect(sections(md)[0]!.summary).toBe('<code>~</code> webchat <b>a|b &lt;script&gt;&#96;x&#96;</b>: update (id 9)');
    expect(md).not.toContain('<script>');
  });
});

describe('renderApplyMarkdown', () => {
  it('leads with the summary line, adopts counted apart, failures first, user text escaped', () => {
    const md = renderApplyMarkdown([
      { kind: 'portal', key: 'handbook', action: 'create', status: 'ok', id: '3', duration_ms: 5 },
      { kind: 'channel', key: 'WhatsApp main', action: 'adopt', status: 'ok', id: '7', duration_ms: 5 },
      { kind: 'inbox', key: 'a|b', action: 'update', status: 'failed', id: '9', error: 'chatwoot PUT /inboxes/9: 422 <b>bad</b> | x', duration_ms: 5 },
    ]);
    expect(md.split('\n').slice(0, 6)).toEqual([
      '## deskform apply',
      '',
      '**Apply failed: 1 failed, 0 skipped; 1 added, 0 changed, 0 destroyed, 1 adopted.**',
      '',
      '| kind | object | result |',
      '| --- | --- | --- |',
    ]);
    expect(rows(md)).toEqual([
      ['inbox', '`a\\|b`', '❌ update failed: chatwoot PUT /inboxes/9: 422 &lt;b&gt;bad&lt;/b&gt; \\| x'],
      ['portal', '`handbook`', 'created (id `3`)'],
      ['channel', '`WhatsApp main`', 'adopted (id `7`)'],
    ]);
  });
});

describe('renderPlanMarkdown: size budget', () => {
  const big = (n: number, deletes = 0): Plan => {
    const steps: PlanStep[] = [];
    for (let i = 0; i < deletes; i += 1) steps.push(step('inbox', `gone-${i}`, 'delete', [], String(1000 + i)));
    for (let i = 0; i < n; i += 1) {
      const fields = Array.from({ length: 1 + (i % 3) }, (_, f) => ({ path: `field_${f}`, before: 'b'.repeat(150), after: 'a'.repeat(150) }));
      steps.push(step('portal', `portal-${i}`, 'update', fields, String(i)));
    }
    return planOf(steps);
  };

  it('renders everything, with no footer, when it fits', () => {
    const md = renderPlanMarkdown(big(10));
    expect(md.length).toBeLessThanOrEqual(DEFAULT_MARKDOWN_BUDGET);
    expect(sections(md)).toHaveLength(10);
    expect(md).not.toContain('not shown');
  });

  it('never exceeds the default budget and counts what it leaves out', () => {
    const plan = big(400, 3);
    const md = renderPlanMarkdown(plan);
    expect(md.length).toBeLessThanOrEqual(DEFAULT_MARKDOWN_BUDGET);
    expect(md.length).toBeGreaterThan(DEFAULT_MARKDOWN_BUDGET - 2_000);
    expectTruncatedConsistently(md, plan);
  });

  it('keeps header, callout and summary and whole sections at every budget', () => {
    const plan = big(30, 2);
    const full = renderPlanMarkdown(plan, { budget: Number.MAX_SAFE_INTEGER });
    let previousShown = Infinity;
    const budgets = [full.length, full.length - 1, ...Array.from({ length: 24 }, (_, i) => Math.round(full.length - ((i + 1) * (full.length - 1_200)) / 24))];
    for (const budget of budgets) {
      const md = renderPlanMarkdown(plan, { budget });
      expect(md.length).toBeLessThanOrEqual(budget);
      const shown = sections(md).length;
      expect(shown).toBeLessThanOrEqual(previousShown);
      previousShown = shown;
      if (budget === full.length) expect(md).toBe(full);
      else expectTruncatedConsistently(md, plan, budget);
    }
  });

  it('shortens a long delete list in the callout rather than exceed the budget', () => {
    const plan = big(5, 2_000);
    const md = renderPlanMarkdown(plan, { budget: 10_000 });
    expect(md.length).toBeLessThanOrEqual(10_000);
    expect(md).toContain('> **⚠️ 2000 objects will be deleted**');
    const listed = md.split('\n').filter((l) => /^> - inbox `gone-\d+`/.test(l)).length;
    expect(listed).toBeGreaterThan(10);
    expect(md).toContain(`> - … and ${2_000 - listed} more\n`);
    expect(md).toContain('| portal | 0 | 5 | 0 | 0 | 0 |');
    expect(md).toContain('| inbox | 0 | 0 | 2000 | 0 | 0 |');
    expect(md).toMatch(/… and 5 more objects not shown \(9 field changes\); see the full plan in the job log\/artifact\n$/);
    expectWellFormed(md);
  });

  it('refuses a budget too small for the summary instead of exceeding it', () => {
    expect(() => renderPlanMarkdown(big(5), { budget: 200 })).toThrow(RangeError);
  });
});

const renderedInFull = new WeakMap<Plan, ReturnType<typeof sections>>();
function fullSections(plan: Plan) {
  if (!renderedInFull.has(plan)) renderedInFull.set(plan, sections(renderPlanMarkdown(plan, { budget: Number.MAX_SAFE_INTEGER })));
  return renderedInFull.get(plan)!;
}

const changedOf = (plan: Plan) => plan.steps.filter((s) => s.action !== 'delete' && s.action !== 'noop');

function footerFor(rest: readonly PlanStep[]): string {
  if (rest.length === 0) return '';
  const fields = rest.reduce((n, s) => n + s.changed_fields.length, 0);
  const objects = rest.length === 1 ? '1 more object' : `${rest.length} more objects`;
  return `… and ${objects} not shown (${fields} field change${fields === 1 ? '' : 's'}); see the full plan in the job log/artifact\n`;
}

/** The sections shown are a prefix of the changed objects, the footer counts the rest, and the next section would not have fit. */
function expectTruncatedConsistently(md: string, plan: Plan, budget = DEFAULT_MARKDOWN_BUDGET): void {
  expectWellFormed(md);
  expect(md).toContain('| kind | create | update | delete | adopt | unchanged |');
  const changed = changedOf(plan);
  const shown = sections(md);
  expect(shown.map((s) => s.summary)).toEqual(changed.slice(0, shown.length).map((s) => expect.stringContaining(`<b>${s.key}</b>`)));
  const rest = changed.slice(shown.length);
  expect(rest.length).toBeGreaterThan(0);
  expect(md.endsWith(`\n\n${footerFor(rest)}`)).toBe(true);
  const next = fullSections(plan)[shown.length]!;
  const nextLength = `<details><summary>${next.summary}</summary>\n${next.body}</details>\n\n`.length;
  expect(md.length - footerFor(rest).length + nextLength + footerFor(rest.slice(1)).length).toBeGreaterThan(budget);
}
