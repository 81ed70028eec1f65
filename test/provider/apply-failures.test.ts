/**
 * Applies that fail part-way: what the provider tells Terraform about objects
 * it created, concurrent applies of a reference cycle, and plans whose
 * configuration is not wholly known yet.
 */
import { describe, expect, it } from 'vitest';
import { isUnknown, unknown, type CtyValue } from '../../src/provider/cty-codec.js';
import { ChatwootClient } from '../../src/vendors/index.js';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { useConfiguredHarness, defaultProviderBlock } from './support/harness.js';

const h = useConfiguredHarness();

const INBOX = 'deskform_inbox';
const PORTAL = 'deskform_portal';
const inboxRows = () => (h().emulator.control.state().chatwoot as { inboxes: Array<{ id: number; name: string }> }).inboxes;
const chatwoot = () => new ChatwootClient({ url: h().emulator.urls.chatwoot, account_id: 1, api_token: 'demo-chatwoot-admin-token' });
const linkedInbox = async (slug: string) => (await chatwoot().listPortals()).find((p) => p.slug === slug)?.inbox?.name;
const widget = (extra: Record<string, CtyValue> = {}) => ({
  name: 'Website',
  channel: { type: 'web_widget', website_url: 'https://acme.test', widget_color: '#ff0000' },
  ...extra,
});

describe('a create that fails after the vendor made the object', () => {
  it('records the created inbox with an error when its working-hours update fails, so the next apply does not duplicate it', async () => {
    const config = widget({ working_hours: [{ day_of_week: 1, open_hour: 9, close_hour: 17 }] });
    const plan = await h().plan(INBOX, null, config);
    h().emulator.control.setFaults({ seed: 1, rules: [{ vendor: 'chatwoot', method: 'PATCH', path: '/inboxes', error_rate: 1, error_status: 500, times: 10 }] });
    const applied = await h().apply(INBOX, null, plan.planned, config);
    h().emulator.control.clearFaults();
    const created = inboxRows().filter((i) => i.name === 'Website');
    expect(created).toHaveLength(1);
    expect(applied.diagnostics).toEqual([expect.objectContaining({ severity: 1, summary: 'deskform_inbox created, but not completed' })]);
    expect(applied.diagnostics[0]?.detail).toContain(`inbox id ${created[0]!.id} was created`);
    expect(applied.newState).toMatchObject({ id: String(created[0]!.id), name: 'Website' });
  });
});

describe('a delete the vendor refuses', () => {
  it('leaves the referrers linked to the object that is still there when another object of its name is created', async () => {
    const inbox = await h().converge(INBOX, null, widget());
    await h().converge(PORTAL, null, { slug: 'help', name: 'Help', live_chat_inbox: 'Website' });
    h().emulator.control.setFaults({ seed: 1, rules: [{ vendor: 'chatwoot', method: 'DELETE', path: '/inboxes', error_rate: 1, error_status: 500, times: 10 }] });
    expect((await h().apply(INBOX, inbox, null, null)).diagnostics).toEqual([expect.objectContaining({ severity: 1 })]);
    h().emulator.control.clearFaults();
    const plan = await h().plan(INBOX, null, widget());
    expect((await h().apply(INBOX, null, plan.planned, widget())).diagnostics).toEqual([]);
    expect((await chatwoot().listPortals()).find((p) => p.slug === 'help')?.inbox?.id).toBe(Number(inbox.id));
  });
});

describe('the portal ↔ inbox cycle applied concurrently', () => {
  it('links the portal when the inbox is written before the portal registers its pending link', async () => {
    const portalConfig = { slug: 'help', name: 'Help', live_chat_inbox: 'Website' };
    const [portalPlan, inboxPlan] = await Promise.all([h().plan(PORTAL, null, portalConfig), h().plan(INBOX, null, widget())]);
    // The portal's create answers late: the inbox is created and settled meanwhile.
    h().emulator.control.setFaults({ seed: 1, rules: [{ vendor: 'chatwoot', method: 'POST', path: '/portals', latency_ms: 300, times: 1 }] });
    const [portal, inbox] = await Promise.all([h().apply(PORTAL, null, portalPlan.planned, portalConfig), h().apply(INBOX, null, inboxPlan.planned, widget())]);
    expect([...portal.diagnostics, ...inbox.diagnostics]).toEqual([]);
    expect(portal.newState?.live_chat_inbox).toBe('Website');
    expect(await linkedInbox('help')).toBe('Website');
  });
});

describe('a live-chat inbox deleted and re-created in one apply (apply -replace)', () => {
  const portalConfig = { slug: 'help', name: 'Help', live_chat_inbox: 'Website' };

  it('links the portal to the new inbox, although Terraform plans nothing for the portal', async () => {
    const inbox = await h().converge(INBOX, null, widget());
    await h().converge(PORTAL, null, portalConfig);
    expect((await h().apply(INBOX, inbox, null, null)).diagnostics).toEqual([]);
    const plan = await h().plan(INBOX, null, widget());
    const created = await h().apply(INBOX, null, plan.planned, widget());
    expect(created.diagnostics).toEqual([]);
    const portals = await chatwoot().listPortals();
    expect(portals.find((p) => p.slug === 'help')?.inbox?.id).toBe(Number(created.newState?.id));
  });

  it('links the inboxes to a portal re-created in the same apply', async () => {
    const portal = await h().converge(PORTAL, null, { slug: 'help', name: 'Help' });
    await h().converge(INBOX, null, widget({ portal: 'help' }));
    expect((await h().apply(PORTAL, portal, null, null)).diagnostics).toEqual([]);
    const plan = await h().plan(PORTAL, null, { slug: 'help', name: 'Help' });
    expect((await h().apply(PORTAL, null, plan.planned, { slug: 'help', name: 'Help' })).diagnostics).toEqual([]);
    const inboxes = await chatwoot().listInboxes();
    expect(inboxes.find((i) => i.name === 'Website')?.help_center?.slug).toBe('help');
  });

  it('leaves the portal as its own apply wrote it when that apply comes between', async () => {
    const inbox = await h().converge(INBOX, null, widget());
    await h().converge(INBOX, null, widget({ name: 'Other' }));
    const portal = await h().converge(PORTAL, null, portalConfig);
    await h().apply(INBOX, inbox, null, null);
    await h().converge(PORTAL, portal, { ...portalConfig, live_chat_inbox: 'Other' });
    const plan = await h().plan(INBOX, null, widget());
    expect((await h().apply(INBOX, null, plan.planned, widget())).diagnostics).toEqual([]);
    expect(await linkedInbox('help')).toBe('Other');
  });
});

describe('a plan with values not known yet', () => {
  it('makes icon_key unknown when the icon file changed, although another attribute is unknown', async () => {
    const base = { name: 'Site chat', background_color: '#ffffff', primary_color: '#1f93ff', secondary_color: '#000000', allowed_domains: ['acme.test'], prompt: 'Support assistant', initial_stage: 'new', icon: 'logo.png' };
    writeFileSync(path.join(h().cwd, 'logo.png'), 'first');
    const state = await h().converge('deskform_webchat', null, base);
    writeFileSync(path.join(h().cwd, 'logo.png'), 'second');
    const first = await h().plan('deskform_webchat', state, { ...base, background_color: unknown() });
    expect(first.diagnostics).toEqual([]);
    expect(isUnknown(first.planned?.icon_key)).toBe(true);
    writeFileSync(path.join(h().cwd, 'logo.png'), 'first');
    const same = await h().plan('deskform_webchat', state, { ...base, background_color: unknown() });
    expect(same.planned?.icon_key).toBe(state.icon_key);
  });
});

describe('a provider block known only after apply', () => {
  it('configures without errors, plans without vendor checks and refreshes to the prior state', async () => {
    const state = await h().converge(PORTAL, null, { slug: 'help', name: 'Help' });
    await h().restart();
    const block = defaultProviderBlock(h().emulator);
    expect(await h().configure({ ...block, chatwoot: { ...(block.chatwoot as object), api_token: unknown() } })).toEqual([]);
    const before = h().requests().length;
    expect((await h().read(PORTAL, state)).newState).toEqual(state);
    // Pinned to an id no inbox has: once configured, this plan reports it.
    const plan = await h().plan(INBOX, null, widget({ id: '12345' }));
    expect(plan.diagnostics).toEqual([]);
    expect(h().requests()).toHaveLength(before);
  });
});
