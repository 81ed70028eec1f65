/**
 * A reference names its target (a portal's live chat is an inbox name), and
 * Chatwoot lets several inboxes share a name: which one does the provider link?
 */
import { describe, expect, it } from 'vitest';
import { ChatwootClient } from '../../src/vendors/index.js';
import { useConfiguredHarness } from './support/harness.js';

const h = useConfiguredHarness();

const PORTAL = 'deskform_portal';
const INBOX = 'deskform_inbox';
const website = { name: 'Website', channel: { type: 'web_widget', website_url: 'https://acme.test', widget_color: '#ff0000' } };
const chatwoot = () => new ChatwootClient({ url: h().emulator.urls.chatwoot, account_id: 1, api_token: 'demo-chatwoot-admin-token' });
const linkedInbox = async (slug: string) => (await chatwoot().listPortals()).find((p) => p.slug === slug)?.inbox?.id;

describe('a reference to a name several live objects share', () => {
  it('links the last listed one', async () => {
    await h().converge(INBOX, null, website);
    const second = await h().converge(INBOX, null, website);
    await h().converge(PORTAL, null, { slug: 'help', name: 'Help', live_chat_inbox: 'Website' });
    expect(String(await linkedInbox('help'))).toBe(second.id);
  });
});
