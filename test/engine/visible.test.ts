/** Terminal control characters from names, keys and vendor messages are shown as visible escapes, never sent raw. */
import { describe, expect, it } from 'vitest';
import { createProgress } from '../../src/cli/progress.js';
import type { StepResult } from '../../src/engine/apply/executor.js';
import { PLAN_FORMAT_VERSION, summarise, type Plan, type PlanStep } from '../../src/engine/plan/plan.js';
import { renderPlanMarkdown } from '../../src/engine/render/markdown.js';
import { renderApplySummary, renderPlanText, renderResultLine } from '../../src/engine/render/text.js';
import { safeJson, visible } from '../../src/util/visible.js';

/** Every character that can drive a terminal or reorder what it shows. */
const RAW = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;
const HOSTILE = 'Web\u001b[31mred\u202eevil\u0007\u009b2J';
const SHOWN = 'Web\\x1b[31mred\\u202eevil\\x07\\x9b2J';

const step = (key: string, action: PlanStep['action'], after: unknown = key): PlanStep => ({
  kind: 'inbox',
  key,
  action,
  ...(action === 'create' ? {} : { id: '7' }),
  changed_fields: action === 'delete' ? [] : [{ path: 'name', before: action === 'create' ? null : 'Old', after }],
  depends_on: [],
  fingerprint: null,
});
const planOf = (steps: PlanStep[], warnings?: string[]): Plan => ({
  format_version: PLAN_FORMAT_VERSION,
  config_digest: 'c'.repeat(32),
  steps,
  summary: summarise(steps),
  ...(warnings ? { warnings } : {}),
});
const failed: StepResult = { kind: 'inbox', key: HOSTILE, action: 'create', status: 'failed', error: `chatwoot: POST /inboxes returned 422: ${HOSTILE}`, duration_ms: 5 };

describe('visible', () => {
  it('escapes C0, DEL, C1 and bidi controls, and nothing else', () => {
    expect(visible(HOSTILE)).toBe(SHOWN);
    expect(visible('a\tb\nc\u007f\u200e\u200f\u061c\u2066\u2069\u202a')).toBe('a\\x09b\\x0ac\\x7f\\u200e\\u200f\\u061c\\u2066\\u2069\\u202a');
    expect(visible('Café ☕ 日本 "quoted" \\ back')).toBe('Café ☕ 日本 "quoted" \\ back');
  });

  it('keeps the characters it is told to keep (line breaks of multi-line messages)', () => {
    expect(visible('line one\u001b\nline two\r', '\n')).toBe('line one\\x1b\nline two\\x0d');
  });

  it('safeJson is still JSON of the same value, with C1 and bidi controls escaped as well', () => {
    const value = { key: HOSTILE, n: 1 };
    const text = safeJson(value, 2);
    expect(text).not.toMatch(RAW);
    expect(text).toContain('\\u202e');
    expect(text).toContain('\\u009b');
    expect(JSON.parse(text)).toEqual(value);
  });
});

describe('renderers', () => {
  const plan = planOf([step(HOSTILE, 'create'), step(`${HOSTILE}2`, 'update'), step(`${HOSTILE}3`, 'delete')], [`inbox "${HOSTILE}" is protected: it is kept`]);

  it('the text plan shows keys, values and warnings with visible escapes', () => {
    const text = renderPlanText(plan, { color: false });
    expect(text).not.toMatch(RAW);
    expect(text).toContain(`inbox "${SHOWN}" will be created`);
    expect(text).toContain(`Warning: inbox "${SHOWN}" is protected`);
    // Values are shown as JSON, so they keep JSON's escapes.
    expect(text).toContain('+ name = "Web\\u001b[31mred\\u202eevil\\u0007\\u009b2J"');
  });

  it('the Markdown plan shows them with visible escapes too', () => {
    const md = renderPlanMarkdown(plan);
    expect(md).not.toMatch(RAW);
    expect(md).toContain('\\x1b[31mred\\u202eevil');
    expect(md).toContain('\\u202e');
  });

  it('result lines and the apply summary escape keys and vendor messages', () => {
    const line = renderResultLine(failed, { color: false });
    const summary = renderApplySummary([failed]);
    for (const text of [line, summary]) {
      expect(text).not.toMatch(RAW);
      expect(text).toContain(`inbox "${SHOWN}": `);
      expect(text).toContain(`returned 422: ${SHOWN}`);
    }
  });

  it('the live progress line escapes the key of the step in flight', () => {
    let out = '';
    const io = { out: (t: string) => void (out += t), err: () => undefined, isTTY: true, color: false, env: {}, cwd: '.', confirm: async () => false };
    const progress = createProgress('live', io, () => 0);
    progress.onMessage({ type: 'apply.start', level: 'info', total: 2 });
    progress.onMessage({ type: 'apply.step_start', level: 'info', kind: 'inbox', key: HOSTILE, action: 'create' });
    progress.finish();
    expect(out).toContain(`create inbox "${SHOWN}"`);
    expect(out.replace(/\r\u001b\[K/g, '')).not.toMatch(RAW);
  });
});
