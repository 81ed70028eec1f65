/**
 * A reference names its target (a portal's live chat is an inbox name), and
 * Chatwoot lets several inboxes share a name. Like the YAML executor, the
 * provider never links one of them by list order.
 */
import { describe, expect, it } from 'vitest';
import type { CtyValue } from '../../src/provider/cty-codec.js';
import { ChatwootClient } from '../../src/vendors/index.js';
import { useConfiguredHarness } from './support/harness.js';

const h = useConfiguredHarness();

const PORTAL = 'deskform_portal';
const INBOX = 'deskform_inbox';
const website = { name: 'Website', channel: { type: 'web_widget', website_url: 'https://acme.test', widget_color: '#ff0000' } };
const chatwoot = () => new ChatwootClient({ url: h().emulator.urls.chatwoot, account_id: 1, api_token: 'demo-chatwoot-admin-token' });
const portal = async (slug: string) => (await chatwoot().listPortals()).find((p) => p.slug === slug);

async function applyNew(type: string, config: Record<string, CtyValue>) {
  const plan = await h().plan(type, null, config);
  expect(plan.diagnostics).toEqual([]);
  return h().apply(type, null, plan.planned, config);
}

describe('a reference to a name several live objects share', () => {
  it('is refused on create, naming the ids, and nothing is created', async () => {
    const first = await h().converge(INBOX, null, website);
    const second = await h().converge(INBOX, null, website);
    const applied = await applyNew(PORTAL, { slug: 'help', name: 'Help', live_chat_inbox: 'Website' });
    expect(applied.diagnostics.map((d) => d.detail)).toEqual([
      `live_chat_inbox: 2 live inbox objects are named "Website" (ids ${first.id}, ${second.id}), so the link cannot tell which is meant: rename or delete all but one of them`,
    ]);
    expect(applied.newState).toBeNull();
    expect(await portal('help')).toBeUndefined();
  });

  it('is refused on an update that sends it, and does not stop one that leaves it alone', async () => {
    await h().converge(INBOX, null, website);
    const linked = await h().converge(PORTAL, null, { slug: 'help', name: 'Help', live_chat_inbox: 'Website' });
    const unlinked = await h().converge(PORTAL, null, { slug: 'other', name: 'Other' });
    await h().converge(INBOX, null, website);
    const renamed = await h().converge(PORTAL, linked, { slug: 'help', name: 'Renamed', live_chat_inbox: 'Website' });
    expect(renamed.name).toBe('Renamed');
    const config = { slug: 'other', name: 'Other', live_chat_inbox: 'Website' };
    const applied = await h().apply(PORTAL, unlinked, (await h().plan(PORTAL, unlinked, config)).planned, config);
    expect(applied.diagnostics.map((d) => d.detail)).toEqual([expect.stringMatching(/^live_chat_inbox: 2 live inbox objects are named "Website"/)]);
    expect(applied.newState).toEqual(unlinked);
    expect((await portal('other'))?.inbox).toBeUndefined();
  });

  it('leaves a pending link unmade, with a warning, when the object it waited for comes under a shared name', async () => {
    await applyNew(PORTAL, { slug: 'help', name: 'Help', live_chat_inbox: 'Website' });
    await chatwoot().createInbox({ name: 'Website', channel: { type: 'web_widget', website_url: 'https://other.test' } });
    const applied = await applyNew(INBOX, website);
    expect(applied.newState?.id).toEqual(expect.any(String));
    expect(applied.diagnostics.map((d) => [d.summary, d.detail])).toEqual([
      ['portal not linked yet', expect.stringMatching(/^linking portal id \d+ \(live_chat_inbox\) to inbox\/Website failed: live_chat_inbox: 2 live inbox objects are named "Website"/)],
    ]);
    expect((await portal('help'))?.inbox).toBeUndefined();
  });
});
