/** The one matcher the planner and the provider's adoption both pair declared objects with live ones through. */
import { describe, expect, it } from 'vitest';
import { indexLive, matchLive } from '../../src/engine/plan/live-match.js';
import { kindNamed } from '../../src/kinds/registry.js';

const inbox = kindNamed('inbox')!;
const channel = kindNamed('channel')!;
const live = (id: string, key: string) => ({ id, key, wire: {} });

describe('matchLive', () => {
  const index = indexLive([live('1', 'Website'), live('2', 'Support'), live('3', 'Support')]);

  it('pairs by pinned id before the key, and reports a pin naming nothing', () => {
    expect(matchLive(inbox, { name: 'Support', id: '2' }, 'Support', index)).toEqual({ live: live('2', 'Support') });
    expect(matchLive(inbox, { name: 'Support', id: '9' }, 'Support', index)).toEqual({ problem: 'pin-missing', pin: '9' });
  });

  it('pairs by key, reports several candidates, and leaves an unmatched creatable object to be created', () => {
    expect(matchLive(inbox, { name: 'Website' }, 'Website', index)).toEqual({ live: live('1', 'Website') });
    expect(matchLive(inbox, { name: 'Support' }, 'Support', index)).toEqual({ problem: 'ambiguous', ids: ['2', '3'] });
    expect(matchLive(inbox, { name: 'New' }, 'New', index)).toEqual({ live: undefined });
  });

  it('reports an unmatched object of a kind the vendor cannot create', () => {
    expect(matchLive(channel, { name: 'Telegram' }, 'Telegram', indexLive([]))).toEqual({ problem: 'cannot-create' });
  });
});
