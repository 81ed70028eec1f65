import { describe, expect, it } from 'vitest';
import { logSink } from '../../src/cli/log.js';
import type { Io } from '../../src/cli/io.js';
import type { EngineMessage } from '../../src/engine/messages.js';

const MESSAGES: EngineMessage[] = [
  { type: 'http.attempt', level: 'debug', vendor: 'tether', method: 'GET', path: '/webchats', status: 200, attempt: 1, durationMs: 4, outcome: 'ok' },
  { type: 'apply.start', level: 'info', total: 2 },
  { type: 'plan.warning', level: 'warning', code: 'partial_plan', text: 'partial plan' },
];

function logged(level: 'debug' | 'info' | 'warn'): { out: string; err: string } {
  const printed = { out: '', err: '' };
  const io: Io = { out: (t) => void (printed.out += t), err: (t) => void (printed.err += t), isTTY: false, color: false, env: {}, cwd: '/', confirm: async () => false };
  const sink = logSink(io, level);
  for (const m of MESSAGES) sink(m);
  return printed;
}

describe('logSink', () => {
  it('writes the messages at or above its level to stderr only, one line each', () => {
    expect(logged('debug')).toEqual({ out: '', err: '[DEBUG] tether GET /webchats → 200 in 4 ms (attempt 1, ok)\n[INFO] applying 2 steps\n[WARN] partial plan\n' });
    expect(logged('info').err).toBe('[INFO] applying 2 steps\n[WARN] partial plan\n');
    expect(logged('warn').err).toBe('[WARN] partial plan\n');
  });
});
