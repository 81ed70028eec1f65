/**
 * The provider's resources and data sources, driven through its tfplugin6
 * handlers against the emulator (no terraform binary: see terraform.e2e.test.ts).
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ChatwootClient } from '../../src/vendors/index.js';
import { isUnknown, type CtyValue } from '../../src/provider/cty-codec.js';
import { createHarness, useConfiguredHarness, pathOf } from './support/harness.js';

const h = useConfiguredHarness();

const PORTAL = 'deskform_portal';
const INBOX = 'deskform_inbox';
const CHANNEL = 'deskform_channel';
const WEBCHAT = 'deskform_webchat';

const portalRows = () => (h().emulator.control.state().chatwoot as { portals: Array<{ id: number; slug: string; name: string; color: string }> }).portals;
const healthingChannel = (id: number) =>
  (h().emulator.control.state().healthing as { channels: Array<{ id: number; assignment_mode: string | null; business_hours: unknown }> }).channels.find(
    (c) => c.id === id,
  );
const chatwoot = () => new ChatwootClient({ url: h().emulator.urls.chatwoot, account_id: 1, api_token: 'demo-chatwoot-admin-token' });

const widget = (extra: Record<string, CtyValue> = {}) => ({
  name: 'Website',
  channel: { type: 'web_widget', website_url: 'https://acme.test', widget_color: '#ff0000' },
  ...extra,
});

describe('metadata', () => {
  it('lists the resource types and data sources without building the schema messages', async () => {
    const meta = await h().call('GetMetadata', {});
    expect(meta.resources.map((r: { type_name: string }) => r.type_name).sort()).toEqual([CHANNEL, INBOX, PORTAL, WEBCHAT]);
    expect(meta.data_sources.map((r: { type_name: string }) => r.type_name).sort()).toEqual(['deskform_pipeline', 'deskform_prompt']);
    expect(meta.server_capabilities).toEqual({ get_provider_schema_optional: true });
  });
});

describe('validation', () => {
  it('reports zod problems at the attribute, with the kind’s own messages', async () => {
    const diags = await h().validate(PORTAL, { slug: 'bad slug', name: 'Help', color: 'blue' });
    expect(diags.map((d) => [pathOf(d), d.detail])).toEqual([
      [['slug'], 'slug: may contain only letters, digits and "-" (Chatwoot cannot address other slugs)'],
      [['color'], 'color: must be a hex colour like "#1F93FF"'],
    ]);
  });

  it('points nested problems at what Terraform can locate, naming the full path in the text', async () => {
    const diags = await h().validate(INBOX, {
      name: 'Website',
      channel: { type: 'web_widget', website_url: 'https://acme.test', email: 'a@b.test' },
      working_hours: [{ day_of_week: 1, open_hour: 17, close_hour: 9 }],
    });
    expect(diags.map((d) => [pathOf(d), d.detail])).toEqual([
      [['channel'], 'channel.email: "email" cannot be set when type is "web_widget"'],
      [['working_hours', 0], 'working_hours[0].close_hour: closing time must be after opening time'],
    ]);
  });

  it('leaves values that are not known yet for later', async () => {
    const { unknown } = await import('../../src/provider/cty-codec.js');
    expect(await h().validate(PORTAL, { slug: unknown(), name: 'Help', color: unknown({ stringPrefix: '#' }) })).toEqual([]);
    // Cross-field rules wait too: exactly one of prompt / prompt_id, when prompt_id is not known.
    const webchat = { name: 'W', background_color: '#fff', primary_color: '#000', secondary_color: '#111', allowed_domains: [], initial_stage: 'new', prompt_id: unknown() };
    expect(await h().validate(WEBCHAT, webchat)).toEqual([]);
    expect((await h().validate(WEBCHAT, { ...webchat, prompt_id: null })).map(pathOf)).toEqual([['prompt']]);
  });

  it('checks the provider block, with environment fallbacks', async () => {
    const bad = await h().call('ValidateProviderConfig', {
      config: { json: Buffer.from(JSON.stringify({ chatwoot: { url: 'ftp://x', account_id: 1, api_token: null }, tether: null, healthing: null })) },
    });
    expect((bad.diagnostics as Array<{ attribute: unknown }>).map((d) => d.attribute)).toEqual([
      { steps: [{ attribute_name: 'chatwoot' }, { attribute_name: 'url' }] },
      { steps: [{ attribute_name: 'chatwoot' }, { attribute_name: 'api_token' }] },
    ]);
    const fromEnv = await createHarness({ env: { CHATWOOT_URL: h().emulator.urls.chatwoot, CHATWOOT_ACCOUNT_ID: '1', CHATWOOT_API_TOKEN: 'demo-chatwoot-admin-token' } });
    try {
      expect(await fromEnv.configure({ chatwoot: null, tether: null, healthing: null })).toEqual([]);
      const state = await fromEnv.converge(PORTAL, null, { slug: 'env', name: 'From env' });
      expect(state.id).toMatch(/^\d+$/);
      // Without any healthing settings, using a channel says what to set.
      const plan = await fromEnv.plan(CHANNEL, null, { name: 'WhatsApp main' });
      expect(plan.diagnostics[0]?.detail).toContain('$HEALTHING_URL');
    } finally {
      await fromEnv.close();
    }
  });
});

describe('portal lifecycle', () => {
  it('plans computed attributes as unknown, creates, and fills them from the live object', async () => {
    const plan = await h().plan(PORTAL, null, { slug: 'help', name: 'Help', color: '#1f93ff' });
    expect(plan.diagnostics).toEqual([]);
    expect(isUnknown(plan.planned?.id)).toBe(true);
    expect(isUnknown(plan.planned?.default_locale)).toBe(true);
    expect(plan.planned?.color).toBe('#1f93ff');
    const { newState, diagnostics } = await h().apply(PORTAL, null, plan.planned!, { slug: 'help', name: 'Help', color: '#1f93ff' });
    expect(diagnostics).toEqual([]);
    // The config's spelling stays (#1f93ff), the server's defaults fill the rest.
    expect(newState).toMatchObject({ slug: 'help', name: 'Help', color: '#1f93ff', default_locale: 'en', allowed_locales: ['en'], archived: false });
    expect(portalRows().find((p) => p.slug === 'help')).toMatchObject({ name: 'Help', id: Number(newState!.id) });
  });

  it('refreshes without phantom diffs, and shows drift made outside Terraform', async () => {
    const state = await h().converge(PORTAL, null, { slug: 'help', name: 'Help', color: '#1f93ff' });
    expect((await h().read(PORTAL, state)).newState).toEqual(state);
    await chatwoot().updatePortal('help', { portal: { name: 'Help', color: '#000000' } });
    await h().restart();
    const drifted = (await h().read(PORTAL, state)).newState!;
    expect(drifted.color).toBe('#000000');
    expect({ ...drifted, color: state.color }).toEqual(state);
    // The plan brings it back.
    const plan = await h().plan(PORTAL, drifted, { slug: 'help', name: 'Help', color: '#1f93ff' });
    expect(plan.planned?.color).toBe('#1f93ff');
    const applied = await h().apply(PORTAL, drifted, plan.planned, { slug: 'help', name: 'Help', color: '#1f93ff' });
    expect(applied.newState?.color).toBe('#1f93ff');
    expect(portalRows().find((p) => p.slug === 'help')?.color?.toLowerCase()).toBe('#1f93ff');
  });

  it('updates in place, replaces on a slug change, reports a vanished object as gone, deletes', async () => {
    const state = await h().converge(PORTAL, null, { slug: 'help', name: 'Help' });
    const renamed = await h().plan(PORTAL, state, { slug: 'help', name: 'Help Centre' });
    expect(renamed.requiresReplace).toEqual([]);
    const updated = await h().apply(PORTAL, state, renamed.planned, { slug: 'help', name: 'Help Centre' });
    expect(portalRows().find((p) => p.slug === 'help')?.name).toBe('Help Centre');
    expect((await h().plan(PORTAL, updated.newState, { slug: 'docs', name: 'Help Centre' })).requiresReplace).toEqual([['slug']]);
    const destroyed = await h().apply(PORTAL, updated.newState, null, null);
    expect(destroyed).toEqual({ newState: null, diagnostics: [] });
    expect(portalRows().some((p) => p.slug === 'help')).toBe(false);
    expect((await h().read(PORTAL, updated.newState!)).newState).toBeNull();
  });

  it('records a created object even when reading it back fails', async () => {
    await h().converge(PORTAL, null, { slug: 'first', name: 'First' });
    h().emulator.control.setFaults({ seed: 1, rules: [{ vendor: 'chatwoot', method: 'GET', path: '/portals', error_rate: 1, error_status: 500 }] });
    const plan = await h().plan(PORTAL, null, { slug: 'second', name: 'Second' });
    const applied = await h().apply(PORTAL, null, plan.planned, { slug: 'second', name: 'Second' });
    h().emulator.control.clearFaults();
    expect(applied.diagnostics).toEqual([expect.objectContaining({ severity: 2, summary: 'deskform_portal not read back' })]);
    expect(applied.newState).toMatchObject({ slug: 'second', name: 'Second', id: String(portalRows().find((p) => p.slug === 'second')?.id) });
    await h().restart();
    expect((await h().read(PORTAL, applied.newState!)).newState).toMatchObject({ default_locale: 'en', archived: false });
  });

  it('keeps the prior state when an update fails, so the object is not dropped from state', async () => {
    const state = await h().converge(PORTAL, null, { slug: 'help', name: 'Help' });
    h().emulator.control.setFaults({ seed: 1, rules: [{ vendor: 'chatwoot', method: 'PATCH', error_rate: 1, error_status: 500, times: 10 }] });
    const plan = await h().plan(PORTAL, state, { slug: 'help', name: 'Renamed' });
    const applied = await h().apply(PORTAL, state, plan.planned, { slug: 'help', name: 'Renamed' });
    expect(applied.diagnostics[0]?.summary).toBe('Apply failed');
    expect(applied.newState).toEqual(state);
  });
});

describe('references', () => {
  it('links a portal to its live-chat inbox once this apply creates the inbox (the cycle Terraform cannot order)', async () => {
    const portal = await h().converge(PORTAL, null, { slug: 'help', name: 'Help', live_chat_inbox: 'Website' });
    expect(portal.live_chat_inbox).toBe('Website');
    const inboxOf = async () => (await chatwoot().listPortals()).find((p) => p.slug === 'help')?.inbox?.name;
    expect(await inboxOf()).toBeUndefined();
    await h().converge(INBOX, null, widget({ portal: 'help' }));
    expect(await inboxOf()).toBe('Website');
    await h().restart();
    expect((await h().read(PORTAL, portal)).newState).toEqual(portal);
  });

  it('refuses to link an existing object to something that does not exist', async () => {
    const portal = await h().converge(PORTAL, null, { slug: 'help', name: 'Help' });
    const plan = await h().plan(PORTAL, portal, { slug: 'help', name: 'Help', live_chat_inbox: 'Nope' });
    const applied = await h().apply(PORTAL, portal, plan.planned, { slug: 'help', name: 'Help', live_chat_inbox: 'Nope' });
    expect(applied.diagnostics.map((d) => d.detail)).toEqual(['live_chat_inbox: there is no live inbox "Nope" to link to']);
    expect(applied.newState).toEqual(portal);
  });
});

describe('inbox', () => {
  it('creates with nested channel and working hours, converges, and replaces on a channel type change', async () => {
    const config = widget({ working_hours: [{ day_of_week: 1, open_hour: 9, close_hour: 17 }], greeting_enabled: true, greeting_message: 'Hi' });
    const state = await h().converge(INBOX, null, config);
    expect(state.working_hours).toEqual([{ day_of_week: 1, open_hour: 9, close_hour: 17, open_minutes: null, close_minutes: null, closed_all_day: null, open_all_day: null }]);
    expect((await h().read(INBOX, state)).newState).toEqual(state);
    const replan = await h().plan(INBOX, state, config);
    expect(replan.planned).toEqual(state);
    const toApi = await h().plan(INBOX, state, { ...config, channel: { type: 'api' } });
    expect(toApi.requiresReplace).toEqual([['channel', 'type']]);
  });

  it('keeps server-filled working hours when the config leaves them unset', async () => {
    const state = await h().converge(INBOX, null, { name: 'Intake', channel: { type: 'api' } });
    expect(state.working_hours).toHaveLength(7);
    const replan = await h().plan(INBOX, state, { name: 'Intake', channel: { type: 'api' } });
    expect(replan.planned).toEqual(state);
  });

  it('imports by id and by name, and refuses an ambiguous name', async () => {
    const state = await h().converge(INBOX, null, widget());
    const byName = await h().importState(INBOX, 'Website');
    expect(byName.state?.id).toBe(state.id);
    expect(byName.state?.channel).toMatchObject({ type: 'web_widget', website_url: 'https://acme.test', widget_color: '#ff0000' });
    expect((await h().importState(INBOX, String(state.id))).state?.id).toBe(state.id);
    await h().converge(INBOX, null, widget());
    const ambiguous = await h().importState(INBOX, 'Website');
    expect(ambiguous.state).toBeNull();
    expect(ambiguous.diagnostics[0]?.detail).toMatch(/"Website" names 2 live inbox objects \(ids \d+, \d+\): import one of them by id/);
    expect((await h().importState(INBOX, 'Nope')).diagnostics[0]?.detail).toBe('no live inbox has the id or natural key "Nope"');
  });
});

describe('inbox channel fields the configuration leaves unset', () => {
  const required = { name: 'Legacy', channel: { type: 'web_widget', website_url: 'https://legacy.test' } };

  it('plans no change after importing an inbox whose configuration declares only the required fields', async () => {
    const live = await chatwoot().createInbox({ name: 'Legacy', channel: { type: 'web_widget', website_url: 'https://legacy.test', welcome_title: 'Hello' } });
    const imported = (await h().importState(INBOX, String(live.id))).state!;
    const plan = await h().plan(INBOX, imported, required);
    expect(plan.diagnostics).toEqual([]);
    expect(plan.planned).toEqual(imported);
  });

  it('records the live values on create, so the re-plan is empty', async () => {
    const created = await h().converge(INBOX, null, required);
    expect(created.channel).toMatchObject({ website_url: 'https://legacy.test', reply_time: 'in_a_few_minutes', imap_password: null });
    expect((await h().plan(INBOX, created, required)).planned).toEqual(created);
  });

  it('sends a value the user sets, and plans no change once the user removes it (the field is unmanaged again)', async () => {
    const created = await h().converge(INBOX, null, required);
    const withTitle = { ...required, channel: { ...required.channel, welcome_title: 'Hello' } };
    const set = await h().converge(INBOX, created, withTitle);
    expect((await chatwoot().listInboxes()).find((i) => i.name === 'Legacy')?.welcome_title).toBe('Hello');
    expect((await h().plan(INBOX, set, required)).planned).toEqual(set);
  });
});

describe('channel (adopt-only)', () => {
  const hours = { monday: { enabled: true, start: '09:00', end: '17:00' } };

  it('adopts the existing channel on create, keeps write-only hours in state, and forgets on destroy', async () => {
    const state = await h().converge(CHANNEL, null, { name: 'WhatsApp main', assignment_mode: 'round_robin', business_hours: hours });
    expect(state).toMatchObject({ id: '1', channel_type: 'whatsapp', assignment_mode: 'round_robin' });
    expect(healthingChannel(1)?.business_hours).toMatchObject({ monday: { enabled: true, start: '09:00', end: '17:00' }, tuesday: { enabled: false } });
    // Healthing never returns business_hours: the refresh keeps what state holds, the plan compares with it.
    expect((await h().read(CHANNEL, state)).newState).toEqual(state);
    const changed = { name: 'WhatsApp main', assignment_mode: 'round_robin', business_hours: { monday: { enabled: true, start: '10:00', end: '17:00' } } };
    const plan = await h().plan(CHANNEL, state, changed);
    expect(plan.requiresReplace).toEqual([]);
    h().emulator.control.resetRequests();
    await h().apply(CHANNEL, state, plan.planned, changed);
    expect(h().requests().filter((r) => r.method === 'PUT')).toHaveLength(1);
    expect(healthingChannel(1)?.business_hours).toMatchObject({ monday: { start: '10:00' } });

    const forgotten = await h().apply(CHANNEL, plan.planned, null, null);
    expect(forgotten.newState).toBeNull();
    expect(forgotten.diagnostics).toEqual([
      expect.objectContaining({ severity: 2, summary: 'deskform_channel forgotten, not deleted', detail: expect.stringContaining('"WhatsApp main" (id 1)') }),
    ]);
    expect(healthingChannel(1)).toBeDefined();
  });

  it('fails the plan, not the apply, when nothing can be adopted', async () => {
    const plan = await h().plan(CHANNEL, null, { name: 'Telegram' });
    expect(plan.diagnostics.map((d) => d.detail)).toEqual([
      'no live channel matches "Telegram", and healthing cannot create one through its API: create it in healthing itself, then apply again',
    ]);
    const pinned = await h().plan(CHANNEL, null, { name: 'WhatsApp main', id: '99' });
    expect(pinned.diagnostics.map((d) => [pathOf(d), d.detail])).toEqual([[['id'], 'no live channel has id 99']]);
  });

  it('replaces (forget, then adopt another) when the name changes', async () => {
    const state = await h().converge(CHANNEL, null, { name: 'WhatsApp main' });
    expect((await h().plan(CHANNEL, state, { name: 'WhatsApp backup' })).requiresReplace).toEqual([['name']]);
  });
});

describe('webchat', () => {
  const base = {
    name: 'Site chat',
    background_color: '#ffffff',
    primary_color: '#1f93ff',
    secondary_color: '#000000',
    allowed_domains: ['acme.test'],
    prompt: 'Support assistant',
    initial_stage: 'new',
  };

  it('resolves names through look-ups and fills the ids they stand for', async () => {
    const state = await h().converge(WEBCHAT, null, { ...base, pipeline: 'default' });
    expect(state).toMatchObject({ prompt: 'Support assistant', prompt_id: '65f0000000000000000000b2', pipeline: 'default', pipeline_id: '65f0000000000000000000d1' });
    expect((await h().read(WEBCHAT, state)).newState).toEqual(state);
    // Switching prompt by name makes the followed id unknown until apply.
    const plan = await h().plan(WEBCHAT, state, { ...base, pipeline: 'default', prompt: 'Sales assistant' });
    expect(isUnknown(plan.planned?.prompt_id)).toBe(true);
    const unknownPrompt = await h().plan(WEBCHAT, null, { ...base, prompt: 'Nobody' });
    expect(unknownPrompt.diagnostics.map(pathOf)).toEqual([['prompt']]);
  });

  it('uploads an icon file, and plans a new upload when only the file content changed', async () => {
    writeFileSync(path.join(h().cwd, 'logo.png'), 'first');
    const state = await h().converge(WEBCHAT, null, { ...base, icon: 'logo.png' });
    expect(state.icon).toBe('logo.png');
    expect(state.icon_key).toMatch(/logo-[0-9a-f]{16}\.png$/);
    expect((await h().plan(WEBCHAT, state, { ...base, icon: 'logo.png' })).planned).toEqual(state);
    writeFileSync(path.join(h().cwd, 'logo.png'), 'second');
    const plan = await h().plan(WEBCHAT, state, { ...base, icon: 'logo.png' });
    expect(isUnknown(plan.planned?.icon_key)).toBe(true);
    const applied = await h().apply(WEBCHAT, state, plan.planned, { ...base, icon: 'logo.png' });
    expect(applied.newState?.icon_key).not.toBe(state.icon_key);
    const escaping = await h().plan(WEBCHAT, null, { ...base, icon: '../outside.png' });
    expect(escaping.diagnostics.map(pathOf)).toEqual([['icon']]);
  });
});

describe('data sources', () => {
  const read = async (type: string, config: Record<string, CtyValue>) => {
    const { typeOf } = await import('./support/harness.js');
    const { encodeMsgpack, decodeMsgpack } = await import('../../src/provider/cty-codec.js');
    const res = await h().call('ReadDataSource', { type_name: type, config: { msgpack: encodeMsgpack(typeOf(type), config) } });
    return { state: res.state?.msgpack ? decodeMsgpack(typeOf(type), res.state.msgpack) : null, diagnostics: res.diagnostics ?? [] };
  };

  it('validates data source configuration', async () => {
    const { typeOf } = await import('./support/harness.js');
    const { encodeMsgpack } = await import('../../src/provider/cty-codec.js');
    const res = await h().call('ValidateDataResourceConfig', { type_name: 'deskform_pipeline', config: { msgpack: encodeMsgpack(typeOf('deskform_pipeline'), { type: 'Bogus' }) } });
    expect(res.diagnostics.map((d: { attribute: unknown; detail: string }) => [d.attribute, d.detail])).toEqual([
      [{ steps: [{ attribute_name: 'type' }] }, 'type must be one of "Contact", "Application"'],
    ]);
  });

  it('looks a prompt up by name', async () => {
    expect((await read('deskform_prompt', { name: 'Support assistant' })).state).toMatchObject({ id: '65f0000000000000000000b2' });
    const missing = await read('deskform_prompt', { name: 'Nope' });
    expect(missing.diagnostics[0]).toMatchObject({ summary: 'Prompt not found', attribute: { steps: [{ attribute_name: 'name' }] } });
    expect(missing.diagnostics[0].detail).toContain('"Sales assistant", "Support assistant"');
  });

  it('reads the default pipeline or one by id, with stages in order', async () => {
    const dflt = await read('deskform_pipeline', {});
    expect(dflt.state).toMatchObject({ id: '65f0000000000000000000d1', name: 'Sales', is_default: true, type: 'Contact' });
    expect((dflt.state as { stages: Array<{ name: string }> }).stages.map((s) => s.name)).toEqual(['new', 'qualified', 'won']);
    const partners = await read('deskform_pipeline', { id: '65f0000000000000000000d2' });
    expect(partners.state).toMatchObject({ name: 'Partners', is_default: false });
    const missing = await read('deskform_pipeline', { id: '65f00000000000000000ffff' });
    expect(missing.diagnostics[0]).toMatchObject({ summary: 'Pipeline not found', attribute: { steps: [{ attribute_name: 'id' }] } });
  });
});

describe('refresh cost', () => {
  it('serves many reads of one kind from one list request', async () => {
    const states = [];
    for (let i = 0; i < 20; i++) states.push(await h().converge(PORTAL, null, { slug: `p${i}`, name: `Portal ${i}` }));
    await h().restart();
    h().emulator.control.resetRequests();
    const refreshed = await Promise.all(states.map((s) => h().read(PORTAL, s)));
    expect(refreshed.map((r) => r.newState)).toEqual(states);
    expect(h().requests().map((r) => `${r.method} ${r.path}`)).toEqual(['GET /api/v1/accounts/1/portals']);
  });

  it('re-lists after a write, so the next read sees it', async () => {
    const state = await h().converge(PORTAL, null, { slug: 'help', name: 'Help' });
    await h().read(PORTAL, state);
    const plan = await h().plan(PORTAL, state, { slug: 'help', name: 'Renamed' });
    const applied = await h().apply(PORTAL, state, plan.planned, { slug: 'help', name: 'Renamed' });
    expect((await h().read(PORTAL, applied.newState!)).newState?.name).toBe('Renamed');
  });
});

describe('state upgrade', () => {
  it('reads stored JSON, dropping attributes the schema no longer has and null-filling new ones', async () => {
    const { decodeMsgpack } = await import('../../src/provider/cty-codec.js');
    const { typeOf } = await import('./support/harness.js');
    const res = await h().call('UpgradeResourceState', {
      type_name: PORTAL,
      version: 0,
      raw_state: { json: Buffer.from(JSON.stringify({ id: '7', slug: 'help', name: 'Help', retired_attribute: 1 })) },
    });
    const value = decodeMsgpack(typeOf(PORTAL), res.upgraded_state.msgpack) as Record<string, unknown>;
    expect(value).toMatchObject({ id: '7', slug: 'help', name: 'Help', color: null });
    expect(value).not.toHaveProperty('retired_attribute');
    const newer = await h().call('UpgradeResourceState', { type_name: PORTAL, version: 3, raw_state: { json: Buffer.from('{}') } });
    expect(newer.diagnostics[0].summary).toBe('State from a newer provider');
  });
});
