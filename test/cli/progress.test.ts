/** How each progress mode shows a delete waiting for the vendor's background job. */
import { describe, expect, it } from 'vitest';
import type { Io } from '../../src/cli/io.js';
import { createProgress, type ProgressMode } from '../../src/cli/progress.js';

function shown(mode: ProgressMode, waits: number[] = [1200]): string {
  let text = '';
  const io = { out: (t: string) => (text += t), isTTY: mode === 'live', color: false } as unknown as Io;
  const progress = createProgress(mode, io, () => 0);
  progress.onMessage({ type: 'apply.start', level: 'info', total: 1 });
  progress.onMessage({ type: 'apply.step_start', level: 'info', kind: 'inbox', key: 'Old', action: 'delete' });
  for (const waited_ms of waits) progress.onMessage({ type: 'apply.step_wait', level: 'info', kind: 'inbox', key: 'Old', waited_ms });
  progress.finish();
  return text;
}

describe('progress of a delete waiting to finish', () => {
  const WAIT = 'inbox "Old": deleted, waiting for it to stop listing (1.2s)';

  it('redraws the live line with the wait, and prints a line in CI logs', () => {
    expect(shown('live')).toContain(`[0/1] ${WAIT} … 0.0s`);
    expect(shown('lines')).toBe(`… ${WAIT}\n`);
    expect(shown('quiet')).toBe('');
  });

  it('prints the wait once in CI logs, however often it is polled, while the live line keeps counting', () => {
    expect(shown('lines', [1200, 3200, 5200])).toBe(`… ${WAIT}\n`);
    expect(shown('live', [1200, 3200, 5200])).toContain('waiting for it to stop listing (5.2s)');
  });

  it('streams it as a JSON event', () => {
    const event = JSON.parse(shown('json').trim().split('\n')[2]!) as Record<string, unknown>;
    expect(event).toMatchObject({ type: 'step_wait', kind: 'inbox', key: 'Old', waited_ms: 1200, time: expect.any(String) });
  });
});

describe('progress among the other engine messages', () => {
  it('passes over HTTP attempts and plan warnings in every mode', () => {
    for (const mode of ['live', 'lines', 'quiet', 'json'] as const) {
      let text = '';
      const io = { out: (t: string) => (text += t), isTTY: mode === 'live', color: false } as unknown as Io;
      const progress = createProgress(mode, io, () => 0);
      progress.onMessage({ type: 'http.attempt', level: 'debug', vendor: 'chatwoot', method: 'GET', path: '/a', status: 200, attempt: 1, durationMs: 3, outcome: 'ok' });
      progress.onMessage({ type: 'plan.warning', level: 'warning', code: 'protected_kept', kind: 'inbox', key: 'Old', text: 'kept' });
      progress.finish();
      expect(text.replace(/\r\u001b\[K/g, ''), mode).toBe('');
    }
  });
});
