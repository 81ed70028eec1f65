/** The engine's one message stream: typed plan warnings behind plan.warnings, and one session sink fed by planner and executor. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { DeclaredObject, LoadedConfig } from '../../src/config/types.js';
import { UserError } from '../../src/errors.js';
import type { DesiredState } from '../../src/engine/load/desired.js';
import type { EngineMessage } from '../../src/engine/messages.js';
import { computePlan } from '../../src/engine/plan/planner.js';
import { Session } from '../../src/engine/session.js';
import { kindNamed } from '../../src/kinds/registry.js';
import type { Kind, LiveObject } from '../../src/kinds/types.js';
import { byKind, declared, livePortal, noLedger, snapshot } from '../support/declared.js';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('plan warnings', () => {
  it('come as typed messages in plan order, and the plan keeps their texts', () => {
    const live = ['handbook', 'legacy', 'gone'].map((slug, i) => livePortal({ id: i + 1, slug, name: slug }));
    const ledger = { ...noLedger, pendingDeletes: (kind: string) => (kind === 'portal' ? [{ id: '3', since: '2026-01-01T00:00:00Z' }] : []) };
    const { plan, warnings } = computePlan({
      kinds: [kindNamed('portal')!],
      declared: byKind(declared('portal', { slug: 'handbook', name: 'Handbook' })),
      presentKinds: new Set(['portals']),
      live: snapshot({ portal: live }),
      ledger,
      options: { prune: true, force: true, protect: new Map([['portal', new Set(['legacy', 'old-*'])]]) },
      configDigest: 'test',
    });
    expect(warnings.map(({ type, level, code, kind, key }) => ({ type, level, code, kind, key }))).toEqual([
      { type: 'plan.warning', level: 'warning', code: 'delete_still_listed', kind: 'portal', key: 'gone' },
      { type: 'plan.warning', level: 'warning', code: 'protected_kept', kind: 'portal', key: 'legacy' },
      { type: 'plan.warning', level: 'warning', code: 'protect_unmatched', kind: 'portal', key: undefined },
    ]);
    expect('key' in warnings[2]!).toBe(false);
    expect(plan.warnings).toEqual(warnings.map((w) => w.text));
    expect(plan.warnings![2]).toBe('protect: portals "old-*" matches no live portal');
  });
});

describe("a session's message sink", () => {
  const SECRET = 'hunter2-secret';

  /** A portal kind reading `live` instead of Chatwoot, whose delete of "broken" fails. */
  function portalKind(live: LiveObject[]): Kind {
    return {
      ...kindNamed('portal')!,
      readLive: async () => live,
      delete: async (l: LiveObject) => {
        if (l.key.startsWith('broken')) throw new UserError(`the vendor refused ${l.key}`);
      },
    };
  }

  function desiredOf(objects: DeclaredObject[], protect: Map<string, Set<string>>): DesiredState {
    const config = { providers: {}, objects: byKind(...objects), presentKinds: new Set(['portals']), files: [], extra: {}, secrets: [SECRET] } as LoadedConfig;
    return { config, protect, pruneMode: 'delete', declared: config.objects, digest: 'test' };
  }

  it('receives the plan warnings, redacted, then the apply progress, with failed steps at level warning', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'deskform-messages-'));
    dirs.push(dir);
    const live = ['Handbook', `legacy-${SECRET}`, 'stray', `broken-${SECRET}`].map((name, i) => livePortal({ id: i + 1, slug: name.toLowerCase(), name }));
    const messages: EngineMessage[] = [];
    const session = await Session.open({}, { cwd: dir, kinds: [portalKind(live)], onMessage: (m) => messages.push(m) });
    try {
      const desired = desiredOf([declared('portal', { slug: 'handbook', name: 'Handbook' })], new Map([['portal', new Set(['legacy-*'])]]));
      const run = await session.plan(desired, { prune: true, force: true });
      expect(messages).toEqual(run.warnings);
      expect(messages).toMatchObject([{ type: 'plan.warning', code: 'protected_kept', kind: 'portal' }]);
      expect(JSON.stringify(messages)).not.toContain(SECRET);
      expect(run.plan.warnings).toEqual(run.warnings.map((w) => w.text));

      messages.length = 0;
      await session.apply(run);
      const shown = messages.map((m) => {
        if (m.type === 'apply.step_end') return `${m.type} ${m.level} ${m.result.key} ${m.result.status}`;
        if (m.type === 'apply.step_start') return `${m.type} ${m.level} ${m.key}`;
        return `${m.type} ${m.level}`;
      });
      expect(shown[0]).toBe('apply.start info');
      expect(shown.slice(1).sort()).toEqual([
        'apply.step_end info stray ok',
        'apply.step_end warning broken-(sensitive) failed',
        'apply.step_start info broken-(sensitive)',
        'apply.step_start info stray',
      ]);
      expect(JSON.stringify(messages)).not.toContain(SECRET);
    } finally {
      await session.close();
    }
  });
});
