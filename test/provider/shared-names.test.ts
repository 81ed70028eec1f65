/**
 * A reference names its target (a portal's live chat is an inbox name), and
 * Chatwoot lets several inboxes share a name. Like the YAML executor, the
 * provider never links one of them by list order: the name resolves only to
 * the one of them Terraform manages, or the one not being deleted.
 */
import { describe, expect, it, vi } from 'vitest';
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
      `live_chat_inbox: 2 live inbox objects are named "Website" (ids ${first.id}, ${second.id}), so the link cannot tell which is meant: rename or delete all but one of them, or import the one meant into Terraform`,
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

  it('links a pending link to the inbox Terraform created, though an unmanaged inbox shares its name', async () => {
    await applyNew(PORTAL, { slug: 'help', name: 'Help', live_chat_inbox: 'Website' });
    await chatwoot().createInbox({ name: 'Website', channel: { type: 'web_widget', website_url: 'https://other.test' } });
    const applied = await applyNew(INBOX, website);
    expect(applied.diagnostics).toEqual([]);
    expect((await portal('help'))?.inbox?.id).toBe(Number(applied.newState?.id));
  });

  it('links to the inbox Terraform manages (here imported by id) rather than an unmanaged one of the same name', async () => {
    const unmanaged = await chatwoot().createInbox({ name: 'Website', channel: { type: 'web_widget', website_url: 'https://other.test' } });
    const managed = await chatwoot().createInbox({ name: 'Website', channel: { type: 'web_widget', website_url: 'https://acme.test' } });
    expect((await h().importState(INBOX, String(managed.id))).diagnostics).toEqual([]);
    const applied = await applyNew(PORTAL, { slug: 'help', name: 'Help', live_chat_inbox: 'Website' });
    expect(applied.diagnostics).toEqual([]);
    expect((await portal('help'))?.inbox?.id).toBe(managed.id);
    expect(unmanaged.id).not.toBe(managed.id);
  });

  it('links to the one inbox of a shared name that this apply is not deleting', async () => {
    const going = await h().converge(INBOX, null, website);
    const staying = await chatwoot().createInbox({ name: 'Website', channel: { type: 'web_widget', website_url: 'https://other.test' } });
    const destroy = h().apply(INBOX, going, null, null);
    // Chatwoot still lists the deleted inbox while its background job runs: the portal is written meanwhile.
    await vi.waitUntil(() => h().logLines().some((l) => l.includes('still listed')), { timeout: 10_000, interval: 20 });
    const applied = await applyNew(PORTAL, { slug: 'help', name: 'Help', live_chat_inbox: 'Website' });
    h().emulator.control.drainJobs();
    expect((await destroy).diagnostics).toEqual([]);
    expect(applied.diagnostics).toEqual([]);
    expect((await portal('help'))?.inbox?.id).toBe(staying.id);
  });
});
