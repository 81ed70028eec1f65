/**
 * The provider's destroy waits for Chatwoot's background inbox delete, so an
 * apply right after a destroy never links to the dying inbox.
 */
import { describe, expect, it, vi } from 'vitest';
import { ChatwootClient } from '../../src/vendors/index.js';
import { useConfiguredHarness } from './support/harness.js';

const h = useConfiguredHarness();
const chatwoot = () => new ChatwootClient({ url: h().emulator.urls.chatwoot, account_id: 1, api_token: 'demo-chatwoot-admin-token' });
const widget = { name: 'Website', channel: { type: 'web_widget', website_url: 'https://acme.test' } };
/** The destroy's first look after its DELETE answered: the wait has begun. */
function polling(requests: Array<{ method: string; path: string }>): boolean {
  const deleted = requests.findIndex((r) => r.method === 'DELETE');
  return deleted >= 0 && requests.slice(deleted + 1).some((r) => r.method === 'GET' && r.path.endsWith('/inboxes'));
}
const portal = { slug: 'help', name: 'Help', live_chat_inbox: 'Website' };

describe('destroy, then apply', () => {
  it('links the portal to the new inbox, not the one Chatwoot is still deleting', async () => {
    const inbox = await h().converge('deskform_inbox', null, widget);
    const linked = await h().converge('deskform_portal', null, portal);
    expect((await h().apply('deskform_portal', linked, null, null)).diagnostics).toEqual([]);
    expect((await h().apply('deskform_inbox', inbox, null, null)).diagnostics).toEqual([]);

    await h().restart();
    await h().converge('deskform_portal', null, portal);
    const fresh = await h().converge('deskform_inbox', null, widget);
    expect(fresh.id).not.toBe(inbox.id);
    h().emulator.control.drainJobs();
    const live = (await chatwoot().listPortals()).find((p) => p.slug === 'help');
    expect(live?.inbox?.id).toBe(Number(fresh.id));
  });

  it('does not serve a list cached during the wait once the delete has finished', async () => {
    const dying = await h().converge('deskform_inbox', null, widget);
    const other = await h().converge('deskform_inbox', null, { ...widget, name: 'Other' });
    const destroy = h().apply('deskform_inbox', dying, null, null);
    // A parallel refresh lists the inboxes while Chatwoot still lists the dying one.
    await vi.waitUntil(() => polling(h().requests()), { timeout: 10_000, interval: 20 });
    expect((await h().read('deskform_inbox', other)).newState?.id).toBe(other.id);
    expect((await destroy).diagnostics).toEqual([]);
    expect((await h().read('deskform_inbox', dying)).newState).toBeNull();
  });
});
