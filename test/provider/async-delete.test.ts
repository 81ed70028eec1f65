/**
 * The provider's destroy waits for Chatwoot's background inbox delete, so an
 * apply right after a destroy never links to the dying inbox.
 */
import { describe, expect, it } from 'vitest';
import { ChatwootClient } from '../../src/vendors/index.js';
import { useConfiguredHarness } from './support/harness.js';

const h = useConfiguredHarness();
const chatwoot = () => new ChatwootClient({ url: h().emulator.urls.chatwoot, account_id: 1, api_token: 'demo-chatwoot-admin-token' });
const widget = { name: 'Website', channel: { type: 'web_widget', website_url: 'https://acme.test' } };
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
});
