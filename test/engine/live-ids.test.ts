/** The name → id map the executor and the Terraform provider link references with. */
import { describe, expect, it } from 'vitest';
import { liveIds } from '../../src/engine/apply/live-ids.js';
import type { LiveObject } from '../../src/kinds/types.js';

const live = (id: string, key: string): LiveObject => ({ id, key, wire: {} });

describe('liveIds', () => {
  it('maps a name one live object has alone to its id, per kind', () => {
    const { ids, shared } = liveIds([
      ['inbox', [live('3', 'Website'), live('4', 'Email')]],
      ['portal', [live('3', 'Website')]],
    ]);
    expect(ids).toEqual(new Map([['inbox/Website', '3'], ['inbox/Email', '4'], ['portal/Website', '3']]));
    expect(shared).toEqual(new Map());
  });

  it('resolves no name several live objects share, whatever the list order, and names their ids', () => {
    for (const objects of [[live('3', 'Website'), live('9', 'Website')], [live('9', 'Website'), live('3', 'Website')]]) {
      const { ids, shared } = liveIds([['inbox', [...objects, live('4', 'Email')]]]);
      expect(ids).toEqual(new Map([['inbox/Email', '4']]));
      expect(shared.get('inbox/Website')?.sort()).toEqual(['3', '9']);
    }
  });
});
