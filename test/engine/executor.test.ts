/** The executor's own guards and links, on plain planned steps. */
import { describe, expect, it, vi } from 'vitest';
import { executePlan } from '../../src/engine/apply/executor.js';
import type { Ledger } from '../../src/engine/apply/ledger.js';
import type { PlannedStep } from '../../src/engine/plan/plan.js';
import { kindNamed } from '../../src/kinds/registry.js';
import type { LiveObject } from '../../src/kinds/types.js';
import type { VendorClients } from '../../src/vendors/index.js';
import { declared, liveInbox, livePortal, snapshot } from '../support/declared.js';

describe('executor', () => {
  it('refuses to remove an object the config protects, even when a (saved or hand-edited) plan says to', async () => {
    const deleted: string[] = [];
    const kind = { ...kindNamed('portal')!, delete: vi.fn(async (live: LiveObject) => void deleted.push(live.key)) };
    const removal = (live: LiveObject): PlannedStep => ({
      step: { kind: 'portal', key: live.key, action: 'delete', id: live.id, changed_fields: [], depends_on: [], fingerprint: null },
      kind,
      live,
      changed: new Set(),
      deferred: new Map(),
      want: {},
      mode: 'delete',
    });
    const legacy = livePortal({ id: 1, slug: 'legacy-a', name: 'Legacy' });
    const stray = livePortal({ id: 2, slug: 'stray', name: 'Stray' });
    // A hand-edited step key does not hide what the live object is.
    const disguised = { ...removal(livePortal({ id: 3, slug: 'legacy-b', name: 'Legacy' })), step: { ...removal(stray).step, id: '3' } };
    const ledger = { isProtected: () => false, pendingDeletes: () => [], applied: () => [], forget: async () => {} } as unknown as Ledger;
    const results = await executePlan([removal(legacy), removal(stray), disguised], {
      clients: {} as VendorClients,
      live: snapshot({ portal: [legacy, stray] }),
      ledger,
      protect: new Map([['portal', new Set(['legacy-*'])]]),
    });
    expect(results.map((r) => [r.key, r.status, r.error])).toEqual([
      ['legacy-a', 'failed', "refused: the config's protect: section covers portal \"legacy-a\""],
      ['stray', 'ok', undefined],
      ['stray', 'failed', "refused: the config's protect: section covers portal \"legacy-b\""],
    ]);
    expect(deleted).toEqual(['stray']);
  });

  it('links a name several live objects share only to the one the plan matched (a pinned id), never by list order', async () => {
    const linked: Array<string | undefined> = [];
    const portal = {
      ...kindNamed('portal')!,
      create: vi.fn(async (_value: unknown, ctx: { idOf(kind: string, key: string): string | undefined }) => {
        linked.push(ctx.idOf('inbox', 'Website'));
        return livePortal({ id: 5, slug: 'help', name: 'Help' });
      }),
    };
    const inboxes = [liveInbox({ id: 3, name: 'Website' }), liveInbox({ id: 9, name: 'Website' })];
    const createPortal: PlannedStep = {
      step: { kind: 'portal', key: 'help', action: 'create', changed_fields: [], depends_on: [], fingerprint: null },
      kind: portal,
      desired: declared('portal', { slug: 'help', name: 'Help', live_chat_inbox: 'Website' }),
      changed: new Set(['name', 'live_chat_inbox']),
      deferred: new Map(),
      want: {},
    };
    const pinned: PlannedStep = {
      step: { kind: 'inbox', key: 'Website', action: 'noop', id: '9', changed_fields: [], depends_on: [], fingerprint: null },
      kind: kindNamed('inbox')!,
      desired: declared('inbox', { id: '9', name: 'Website', channel: { type: 'web_widget', website_url: 'https://example.com' } }),
      live: inboxes[1],
      changed: new Set(),
      deferred: new Map(),
      want: {},
    };
    const ledger = { isProtected: () => false, pendingDeletes: () => [], applied: () => [], record: async () => {} } as unknown as Ledger;
    const env = { clients: {} as VendorClients, live: snapshot({ inbox: inboxes }), ledger };
    expect((await executePlan([createPortal], env)).map((r) => r.status)).toEqual(['ok']);
    expect((await executePlan([pinned, createPortal], env)).map((r) => r.status)).toEqual(['ok']);
    expect(linked).toEqual([undefined, '9']);
  });
});
