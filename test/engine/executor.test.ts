/** The executor's own guard: a removal of a protected object is refused whatever plan it comes from. */
import { describe, expect, it, vi } from 'vitest';
import { executePlan } from '../../src/engine/apply/executor.js';
import type { Ledger } from '../../src/engine/apply/ledger.js';
import type { PlannedStep } from '../../src/engine/plan/plan.js';
import { kindNamed } from '../../src/kinds/registry.js';
import type { LiveObject } from '../../src/kinds/types.js';
import type { VendorClients } from '../../src/vendors/index.js';
import { livePortal, snapshot } from '../support/declared.js';

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
});
