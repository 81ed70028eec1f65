/** Delete waits on plain objects: one poller per kind, shared by every wait of a run. */
import { describe, expect, it } from 'vitest';
import { DeleteWaits } from '../../src/engine/apply/delete-settle.js';
import type { Kind, LiveObject } from '../../src/kinds/types.js';
import type { VendorClients } from '../../src/vendors/index.js';

const live = (id: string) => ({ id, key: `inbox ${id}`, wire: {} }) as unknown as LiveObject;

/** A kind deleting in the background whose n-th list (from 1) is `lists(n)`, or fails when that throws. */
function backgroundKind(lists: (n: number) => string[]) {
  let looks = 0;
  const kind = {
    kind: 'inbox',
    deletesInBackground: true,
    readLive: async () => lists(++looks).map(live),
  } as unknown as Kind;
  return { kind, looks: () => looks };
}

const FAST = { timeoutMs: 10_000, intervalMs: 1, maxIntervalMs: 1 };

describe('delete waits', () => {
  it('share each list among the waits of a kind, and resolve each as its object goes', async () => {
    const fake = backgroundKind((n) => ['1', '2'].slice(n - 1));
    const waits = new DeleteWaits({} as VendorClients, FAST);
    const seen: string[] = [];
    const [one, two] = await Promise.all([
      waits.settle(fake.kind, live('1'), () => seen.push('1 waits')),
      waits.settle(fake.kind, live('2'), () => seen.push('2 waits')),
    ]);
    expect([one.gone, two.gone]).toEqual([true, true]);
    expect(seen).toEqual(['1 waits', '2 waits', '2 waits']);
    expect(fake.looks()).toBe(3);
  });

  it('fail every wait of the kind with the error of a list that fails', async () => {
    const fake = backgroundKind((n) => {
      if (n === 2) throw new Error('chatwoot: GET /inboxes returned 500');
      return ['1', '2'];
    });
    const waits = new DeleteWaits({} as VendorClients, FAST);
    const settled = await Promise.allSettled([waits.settle(fake.kind, live('1')), waits.settle(fake.kind, live('2'))]);
    expect(settled.map((s) => (s.status === 'rejected' ? (s.reason as Error).message : 'resolved'))).toEqual([
      'chatwoot: GET /inboxes returned 500',
      'chatwoot: GET /inboxes returned 500',
    ]);
  });

  it('give up on an object still listed at the bound', async () => {
    const fake = backgroundKind(() => ['1']);
    const settled = await new DeleteWaits({} as VendorClients, { timeoutMs: 20, intervalMs: 5, maxIntervalMs: 5 }).settle(fake.kind, live('1'));
    expect(settled.gone).toBe(false);
  });
});
