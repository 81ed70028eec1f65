import { describe, expect, it } from 'vitest';
import { logLine } from '../../src/engine/render/log-line.js';

describe('logLine', () => {
  it('writes an HTTP attempt at debug level with vendor, method, path, answer and outcome', () => {
    const line = logLine(
      { type: 'http.attempt', level: 'debug', vendor: 'chatwoot', method: 'GET', path: '/api/v1/accounts/1/inboxes', status: 503, attempt: 2, durationMs: 12.4, outcome: 'retry', error: 'Service Unavailable' },
      'deskform provider: ',
    );
    expect(line).toBe('[DEBUG] deskform provider: chatwoot GET /api/v1/accounts/1/inboxes → 503 in 12 ms (attempt 2, retry): Service Unavailable');
  });

  it('names the provider instance of a named unit once: before HTTP lines and the apply start, in step titles', () => {
    const http = logLine({ type: 'http.wait', level: 'debug', vendor: 'tether', method: 'GET', path: '/webchats', reason: 'pacing', waitMs: 10, attempt: 1, instance: 'brand_a' });
    expect(http).toBe('[DEBUG] [brand_a] tether GET /webchats: waiting 10 ms pacing to the rate limit, before sending (attempt 1)');
    expect(logLine({ type: 'apply.start', level: 'info', total: 2, instance: 'brand_a' })).toBe('[INFO] [brand_a] applying 2 steps');
    const step = { type: 'apply.step_start', level: 'info', kind: 'inbox', key: 'Web', action: 'create', instance: 'brand_a' } as const;
    expect(logLine(step)).toBe('[INFO] create [brand_a] inbox "Web"');
  });

  it('says when no response arrived', () => {
    const line = logLine({ type: 'http.attempt', level: 'debug', vendor: 'tether', method: 'POST', path: '/webchats', status: undefined, attempt: 1, durationMs: 3, outcome: 'error' });
    expect(line).toBe('[DEBUG] tether POST /webchats → no response in 3 ms (attempt 1, error)');
  });

  it('writes a wait before a retry or paced to a rate limit, with the attempt it precedes', () => {
    const retry = logLine({ type: 'http.wait', level: 'debug', vendor: 'healthing', method: 'GET', path: '/roles', reason: 'retry', waitMs: 1500.4, attempt: 2 });
    expect(retry).toBe('[DEBUG] healthing GET /roles: waiting 1500 ms before retrying (attempt 2)');
    const paced = logLine({ type: 'http.wait', level: 'debug', vendor: 'tether', method: 'PUT', path: '/webchats/1', reason: 'pacing', waitMs: 50, attempt: 1 });
    expect(paced).toBe('[DEBUG] tether PUT /webchats/1: waiting 50 ms pacing to the rate limit, before sending (attempt 1)');
  });

  it('keeps the level of warnings and of steps that did not succeed', () => {
    expect(logLine({ type: 'plan.warning', level: 'warning', code: 'protect_unmatched', kind: 'portal', text: 'protect: portals "x*" matches no live portal' })).toBe(
      '[WARN] protect: portals "x*" matches no live portal',
    );
    const failed = { kind: 'inbox', key: 'Web', action: 'create' as const, status: 'failed' as const, error: 'chatwoot: POST … 422', duration_ms: 40 };
    expect(logLine({ type: 'apply.step_end', level: 'warning', result: failed })).toBe('[WARN] create inbox "Web": failed (chatwoot: POST … 422) in 40 ms');
    const done = { kind: 'inbox', key: 'Web', action: 'delete' as const, status: 'ok' as const, id: '7', duration_ms: 5 };
    expect(logLine({ type: 'apply.step_end', level: 'info', result: done })).toBe('[INFO] delete inbox "Web": ok (id 7) in 5 ms');
  });

  it('writes progress at info level', () => {
    expect(logLine({ type: 'apply.start', level: 'info', total: 1 })).toBe('[INFO] applying 1 step');
    expect(logLine({ type: 'apply.step_start', level: 'info', kind: 'portal', key: 'help', action: 'update' })).toBe('[INFO] update portal "help"');
    expect(logLine({ type: 'apply.step_wait', level: 'info', kind: 'inbox', key: 'Web', waited_ms: 2400 })).toBe('[INFO] inbox "Web" still listed 2 s after its delete');
  });

  it('shows control characters from outside as escapes: one message is one line', () => {
    const line = logLine({ type: 'plan.warning', level: 'warning', code: 'not_managed', kind: 'inbox', key: 'a\nb', text: 'inbox "a\nb\u001b[2J" is kept' });
    expect(line).toBe('[WARN] inbox "a\\x0ab\\x1b[2J" is kept');
  });
});
