import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, AGENT, OTHER, createInbox, createPortal, startChatwoot, widgetInbox, type Chatwoot } from './chatwoot-helpers.js';

const DEFAULT_HOURS = [
  { day_of_week: 0, closed_all_day: true, open_hour: null, open_minutes: null, close_hour: null, close_minutes: null, open_all_day: false },
  ...[1, 2, 3, 4, 5].map((d) => ({ day_of_week: d, closed_all_day: false, open_hour: 9, open_minutes: 0, close_hour: 17, close_minutes: 0, open_all_day: false })),
  { day_of_week: 6, closed_all_day: true, open_hour: null, open_minutes: null, close_hour: null, close_minutes: null, open_all_day: false },
];

const ERROR_500 = { status: 500, error: 'Internal Server Error' };

describe('chatwoot emulator: inboxes', () => {
  let cw: Chatwoot;
  beforeAll(async () => {
    cw = await startChatwoot();
  });
  afterAll(async () => cw.emu.close());

  it('creates a web widget with 200, defaults, flattened channel fields and generated tokens', async () => {
    const r = await cw.acct('POST', 1, '/inboxes', {
      token: ADMIN,
      body: { name: 'Website', channel: { type: 'web_widget', website_url: 'https://acme.test', bogus: 1 }, bogus: 2, working_hours: [{ day_of_week: 0, open_all_day: true }] },
    });
    expect(r.status).toBe(200);
    const i = r.body;
    expect(i).toMatchObject({
      name: 'Website', channel_type: 'Channel::WebWidget', avatar_url: '',
      greeting_enabled: false, greeting_message: null, working_hours_enabled: false, enable_email_collect: true,
      csat_survey_enabled: false, csat_config: {}, enable_auto_assignment: true, auto_assignment_config: {},
      out_of_office_message: null, timezone: 'UTC', callback_webhook_url: null, allow_messages_after_resolved: true,
      lock_to_single_conversation: false, sender_name_type: 'friendly', business_name: null,
      website_url: 'https://acme.test', allowed_domains: '', widget_color: '#1f93ff', hmac_mandatory: false,
      welcome_title: null, welcome_tagline: null, selected_feature_flags: ['attachments', 'emoji_picker', 'end_conversation'],
      reply_time: 'in_a_few_minutes', pre_chat_form_enabled: false, continuity_via_email: true,
      phone_number: null, messaging_service_sid: null, provider: null,
    });
    // Working hours are ignored on create.
    expect(i.working_hours).toEqual(DEFAULT_HOURS);
    expect(i.website_token).toMatch(/^[1-9A-HJ-NP-Za-km-z]{24}$/);
    expect(i.hmac_token).toMatch(/^[1-9A-HJ-NP-Za-km-z]{24}$/);
    expect(i.web_widget_script).toContain(i.website_token);
    expect(i.pre_chat_form_options.pre_chat_message).toBe('Share your queries or comments here.');
    expect(i.pre_chat_form_options.pre_chat_fields.map((f: any) => f.name)).toEqual(['emailAddress', 'fullName', 'phoneNumber']);
    for (const absent of ['help_center', 'email', 'webhook_url', 'inbox_identifier', 'bogus', 'created_at']) expect(i).not.toHaveProperty(absent);
  });

  it('creates API and email inboxes with their own keys, secrets for admins only', async () => {
    const api = await createInbox(cw, { name: 'API', channel: { type: 'api', webhook_url: 'https://hook.test', additional_attributes: { owner: 'deskform' } } });
    expect(api).toMatchObject({ channel_type: 'Channel::Api', webhook_url: 'https://hook.test', additional_attributes: { owner: 'deskform' }, hmac_mandatory: false, website_url: null });
    expect(api.inbox_identifier).toHaveLength(24);
    expect(api.hmac_token).toHaveLength(24);

    const email = await createInbox(cw, { name: 'Mail', channel: { type: 'email', email: 'help@acme.test', imap_password: 's3cret' } });
    expect(email).toMatchObject({
      channel_type: 'Channel::Email', email: 'help@acme.test', forwarding_enabled: true, imap_password: 's3cret',
      imap_enabled: false, imap_port: 0, imap_enable_ssl: true, smtp_authentication: 'login', smtp_openssl_verify_mode: 'none', hmac_mandatory: null,
    });
    expect(email.forward_to_email).toMatch(/^[0-9a-f]{32}@/);

    // An agent who is a member sees the inboxes without admin-only keys.
    for (const inbox of [api, email]) {
      await cw.acct('POST', 1, '/inbox_members', { token: ADMIN, body: { inbox_id: inbox.id, user_ids: [2] } });
    }
    const agentApi = await cw.acct('GET', 1, `/inboxes/${api.id}`, { token: AGENT });
    expect(agentApi.body).not.toHaveProperty('hmac_token');
    expect(agentApi.body.inbox_identifier).toBe(api.inbox_identifier);
    const agentEmail = await cw.acct('GET', 1, `/inboxes/${email.id}`, { token: AGENT });
    expect(agentEmail.body.email).toBe('help@acme.test');
    for (const secret of ['imap_password', 'smtp_password', 'imap_login']) expect(agentEmail.body).not.toHaveProperty(secret);
  });

  it('fails creates the way the server does', async () => {
    const post = (body: unknown) => cw.acct('POST', 1, '/inboxes', { token: ADMIN, body });
    expect(await post({ name: 'No channel' }).then((r) => [r.status, r.body])).toEqual([500, ERROR_500]);
    expect(await post({ name: 'X', channel: { type: 'carrier_pigeon' } }).then((r) => [r.status, r.body]))
      .toEqual([422, { message: 'Channel must exist', attributes: ['channel'] }]);
    expect(await post({ name: 'X', channel: { type: 'web_widget' } }).then((r) => r.body))
      .toEqual({ message: "Website url can't be blank", attributes: ['website_url'] });
    expect(await post(widgetInbox('X', { widget_color: '' })).then((r) => r.body))
      .toEqual({ message: "Widget color can't be blank", attributes: ['widget_color'] });
    expect(await post({ name: 'X', channel: { type: 'email' } }).then((r) => r.status)).toBe(500);
    expect(await post({ name: 'X', channel: { type: 'email', email: 'help@acme.test' } }).then((r) => r.body))
      .toEqual({ message: 'Email has already been taken', attributes: ['email'] });
    expect(await post({ name: 'null', channel: { type: 'api' } }).then((r) => [r.status, r.body]))
      .toEqual([422, { message: "Name can't be blank", attributes: ['name'] }]);
    expect(await post({ name: 'X', timezone: 'Eastern Time (US & Canada)', channel: { type: 'api' } }).then((r) => r.body))
      .toEqual({ message: 'Timezone is not included in the list', attributes: ['timezone'] });
    expect(await post({ name: 'X', greeting_message: 'g'.repeat(10_001), channel: { type: 'api' } }).then((r) => r.body))
      .toEqual({ message: 'Greeting message is too long (maximum is 10000 characters)', attributes: ['greeting_message'] });
    expect(await post({ name: 'X', portal_id: 4242, channel: { type: 'api' } }).then((r) => r.status)).toBe(500);
    expect(await post({ name: 'X', sender_name_type: 'formal', channel: { type: 'api' } }).then((r) => r.status)).toBe(500);
    expect(await post(widgetInbox('X', { reply_time: 'never' })).then((r) => r.status)).toBe(500);
    expect(await post(widgetInbox('X', { selected_feature_flags: ['teleport'] })).then((r) => r.status)).toBe(500);
    // None of the failures left anything behind.
    const names = (await cw.acct('GET', 1, '/inboxes', { token: ADMIN })).body.payload.map((i: any) => i.name);
    expect(names).not.toContain('X');
  });

  it('accepts IANA timezones and non-unique names', async () => {
    const a = await createInbox(cw, { name: 'Twin', timezone: 'America/New_York', channel: { type: 'api' } });
    const b = await createInbox(cw, { name: 'Twin', timezone: 'Etc/UTC', channel: { type: 'api' } });
    expect(a.timezone).toBe('America/New_York');
    expect(b.id).not.toBe(a.id);
    const list = await cw.acct('GET', 1, '/inboxes', { token: ADMIN });
    expect(list.body.payload.filter((i: any) => i.name === 'Twin')).toHaveLength(2);
    expect(Object.keys(list.body)).toEqual(['payload']);
  });

  it('updates partially, applies working hours per day and silently skips invalid rows', async () => {
    const inbox = await createInbox(cw, widgetInbox('Hours'));
    const r = await cw.acct('PATCH', 1, `/inboxes/${inbox.id}`, {
      token: ADMIN,
      body: {
        working_hours_enabled: true,
        timezone: 'Europe/Berlin',
        working_hours: [
          { day_of_week: 0, closed_all_day: false, open_all_day: true },
          { day_of_week: 1, open_hour: 18, open_minutes: 0, close_hour: 8, close_minutes: 0 },
          { day_of_week: 2, open_hour: 10, open_minutes: 30, close_hour: 16, close_minutes: 0 },
        ],
      },
    });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ name: 'Hours', working_hours_enabled: true, timezone: 'Europe/Berlin', website_url: 'https://acme.test' });
    expect(r.body.working_hours[0]).toEqual({ day_of_week: 0, closed_all_day: false, open_hour: 0, open_minutes: 0, close_hour: 23, close_minutes: 59, open_all_day: true });
    expect(r.body.working_hours[1]).toEqual(DEFAULT_HOURS[1]);
    expect(r.body.working_hours[2]).toMatchObject({ open_hour: 10, open_minutes: 30, close_hour: 16 });

    const put = await cw.acct('PUT', 1, `/inboxes/${inbox.id}`, { token: ADMIN, body: { greeting_enabled: true, greeting_message: 'Hi' } });
    expect(put.body).toMatchObject({ greeting_enabled: true, greeting_message: 'Hi', working_hours_enabled: true });

    const badDay = await cw.acct('PATCH', 1, `/inboxes/${inbox.id}`, { token: ADMIN, body: { name: 'Hours 2', working_hours: [{ day_of_week: 7 }] } });
    expect(badDay.status).toBe(500);
    // The inbox columns were committed before the working-hours step failed.
    expect((await cw.acct('GET', 1, `/inboxes/${inbox.id}`, { token: ADMIN })).body.name).toBe('Hours 2');
  });

  it('saves inbox fields and working hours, then 500s when channel.type is sent on update', async () => {
    const inbox = await createInbox(cw, widgetInbox('Typed'));
    const r = await cw.acct('PATCH', 1, `/inboxes/${inbox.id}`, {
      token: ADMIN,
      body: { name: 'Typed 2', working_hours: [{ day_of_week: 6, closed_all_day: true }, { day_of_week: 3, open_all_day: true }], channel: { type: 'web_widget', widget_color: '#000000' } },
    });
    expect([r.status, r.body]).toEqual([500, ERROR_500]);
    const after = (await cw.acct('GET', 1, `/inboxes/${inbox.id}`, { token: ADMIN })).body;
    expect(after.name).toBe('Typed 2');
    expect(after.working_hours[3]).toMatchObject({ open_all_day: true, close_hour: 23 });
    expect(after.widget_color).toBe('#1f93ff');
  });

  it('filters channel attributes by the existing type and replaces what §3.6 says it replaces', async () => {
    const widget = await createInbox(cw, widgetInbox('Filtered'));
    const r = await cw.acct('PATCH', 1, `/inboxes/${widget.id}`, {
      token: ADMIN,
      body: {
        channel: { webhook_url: 'https://ignored.test', widget_color: '#ABCDEF', selected_feature_flags: ['use_inbox_avatar_for_bot', 'attachments'], pre_chat_form_options: { pre_chat_message: 'lost', require_email: true } },
        csat_config: { display_type: 'star', template: { name: 't' } },
      },
    });
    expect(r.status).toBe(200);
    expect(r.body).not.toHaveProperty('webhook_url');
    expect(r.body.widget_color).toBe('#ABCDEF');
    expect(r.body.selected_feature_flags).toEqual(['attachments', 'use_inbox_avatar_for_bot']);
    expect(r.body.pre_chat_form_options.pre_chat_message).toBe('Share your queries or comments here.');
    expect(r.body.pre_chat_form_options).not.toHaveProperty('require_email');
    expect(r.body.csat_config).toEqual({
      display_type: 'star', message: '', survey_rules: { operator: 'contains', values: [] }, button_text: 'Please rate us', language: 'en', template: { name: 't' },
    });

    // Not re-sent keys are dropped; an empty csat_config is skipped; [] clears the flags.
    const again = await cw.acct('PATCH', 1, `/inboxes/${widget.id}`, { token: ADMIN, body: { csat_config: { message: 'Rate' }, channel: { selected_feature_flags: [] } } });
    expect(again.body.csat_config).toEqual({ display_type: 'emoji', message: 'Rate', survey_rules: { operator: 'contains', values: [] }, button_text: 'Please rate us', language: 'en' });
    expect(again.body.selected_feature_flags).toEqual([]);
    const skipped = await cw.acct('PATCH', 1, `/inboxes/${widget.id}`, { token: ADMIN, body: { csat_config: {} } });
    expect(skipped.body.csat_config.message).toBe('Rate');

    const created = await createInbox(cw, { name: 'Raw csat', csat_config: { message: 'as sent' }, channel: { type: 'api' } });
    expect(created.csat_config).toEqual({ message: 'as sent' });
  });

  it('links and unlinks the help center through portal_id', async () => {
    const portal = await createPortal(cw, { name: 'Centre', slug: 'centre' });
    const inbox = await createInbox(cw, { name: 'With centre', portal_id: portal.id, channel: { type: 'api' } });
    expect(inbox.help_center).toEqual({ name: 'Centre', slug: 'centre' });
    const unlinked = await cw.acct('PATCH', 1, `/inboxes/${inbox.id}`, { token: ADMIN, body: { portal_id: 'null' } });
    expect(unlinked.body).not.toHaveProperty('help_center');
    expect((await cw.acct('PATCH', 1, `/inboxes/${inbox.id}`, { token: ADMIN, body: { portal_id: 777 } })).status).toBe(500);
  });

  it('isolates accounts and scopes agents to their memberships', async () => {
    const inbox = await createInbox(cw, { name: 'Private', channel: { type: 'api' } });
    const foreign = await cw.acct('GET', 2, `/inboxes/${inbox.id}`, { token: OTHER });
    expect([foreign.status, foreign.body]).toEqual([404, { error: 'Resource could not be found' }]);
    expect((await cw.acct('PATCH', 2, `/inboxes/${inbox.id}`, { token: OTHER, body: { name: 'x' } })).status).toBe(404);
    expect((await cw.acct('GET', 1, '/inboxes/not-a-number', { token: ADMIN })).status).toBe(404);

    const agentShow = await cw.acct('GET', 1, `/inboxes/${inbox.id}`, { token: AGENT });
    expect([agentShow.status, agentShow.body]).toEqual([401, { error: 'You are not authorized to do this action' }]);
    const agentList = (await cw.acct('GET', 1, '/inboxes', { token: AGENT })).body.payload.map((i: any) => i.id);
    expect(agentList).not.toContain(inbox.id);

    const added = await cw.acct('POST', 1, '/inbox_members', { token: ADMIN, body: { inbox_id: inbox.id, user_ids: [2] } });
    expect(added.status).toBe(200);
    expect(added.body.payload).toEqual([expect.objectContaining({ id: 2, role: 'agent', email: 'agent@acme.test', account_id: 1 })]);
    expect((await cw.acct('GET', 1, '/inboxes', { token: AGENT })).body.payload.map((i: any) => i.id)).toContain(inbox.id);
    expect((await cw.acct('GET', 1, `/inboxes/${inbox.id}`, { token: AGENT })).status).toBe(200);
    const agentPatch = await cw.acct('PATCH', 1, `/inboxes/${inbox.id}`, { token: AGENT, body: { name: 'Mine' } });
    expect([agentPatch.status, agentPatch.body]).toEqual([401, { error: 'You are not authorized to do this action' }]);
  });

  it('manages inbox members with add, replace and remove semantics', async () => {
    const inbox = await createInbox(cw, { name: 'Team', channel: { type: 'api' } });
    const m = (method: string, body: unknown) => cw.acct(method, 1, '/inbox_members', { token: ADMIN, body });
    // User 3 exists (another account): added, never listed.
    expect((await m('POST', { inbox_id: inbox.id, user_ids: [1, 3] })).body.payload.map((u: any) => u.id)).toEqual([1]);
    expect((await m('POST', { inbox_id: inbox.id, user_ids: [1, 2] })).body.payload.map((u: any) => u.id)).toEqual([1, 2]);
    expect(await m('POST', { inbox_id: inbox.id, user_ids: [99] }).then((r) => [r.status, r.body]))
      .toEqual([422, { message: 'User must exist', attributes: ['user'] }]);
    expect(await m('POST', { inbox_id: inbox.id, user_ids: ['2'] }).then((r) => r.body))
      .toEqual({ message: 'User has already been taken', attributes: ['user'] });
    expect((await m('POST', { inbox_id: inbox.id })).status).toBe(500);
    expect((await m('PATCH', { inbox_id: inbox.id, user_ids: [2] })).body.payload.map((u: any) => u.id)).toEqual([2]);
    const removed = await m('DELETE', { inbox_id: inbox.id, user_ids: [2, 42] });
    expect([removed.status, removed.text]).toEqual([200, '']);
    const show = await cw.acct('GET', 1, `/inbox_members/${inbox.id}`, { token: ADMIN });
    expect(show.body).toEqual({ payload: [] });
    expect((await m('POST', { inbox_id: 99999, user_ids: [1] })).status).toBe(404);
    expect((await cw.acct('PATCH', 1, '/inbox_members', { token: AGENT, body: { inbox_id: inbox.id, user_ids: [] } })).status).toBe(401);
  });

  it('deletes asynchronously: visible until the clock passes the delay or jobs drain', async () => {
    const widget = await createInbox(cw, widgetInbox('Doomed'));
    const mail = await createInbox(cw, { name: 'Doomed mail', channel: { type: 'email', email: 'doomed@acme.test' } });
    const portal = await createPortal(cw, { name: 'Linked', slug: 'linked' }, { inbox_id: widget.id });
    expect(portal.inbox.id).toBe(widget.id);

    const del = await cw.acct('DELETE', 1, `/inboxes/${widget.id}`, { token: ADMIN });
    expect([del.status, del.body]).toEqual([200, { message: 'Your inbox deletion request will be processed in some time.' }]);
    expect((await cw.acct('DELETE', 1, `/inboxes/${widget.id}`, { token: ADMIN })).status).toBe(200);
    expect((await cw.acct('GET', 1, `/inboxes/${widget.id}`, { token: ADMIN })).status).toBe(200);
    expect((await cw.acct('GET', 1, '/inboxes', { token: ADMIN })).body.payload.map((i: any) => i.id)).toContain(widget.id);
    expect((await cw.acct('GET', 1, '/portals/linked', { token: ADMIN })).body.inbox.id).toBe(widget.id);

    cw.emu.control.advanceClock(1000);
    expect((await cw.acct('GET', 1, `/inboxes/${widget.id}`, { token: ADMIN })).status).toBe(200);
    cw.emu.control.advanceClock(1500);
    const gone = await cw.acct('GET', 1, `/inboxes/${widget.id}`, { token: ADMIN });
    expect([gone.status, gone.body]).toEqual([404, { error: 'Resource could not be found' }]);
    expect((await cw.acct('GET', 1, '/portals/linked', { token: ADMIN })).body).not.toHaveProperty('inbox');

    await cw.acct('DELETE', 1, `/inboxes/${mail.id}`, { token: ADMIN });
    const reuse = await cw.acct('POST', 1, '/inboxes', { token: ADMIN, body: { name: 'New mail', channel: { type: 'email', email: 'doomed@acme.test' } } });
    expect(reuse.body).toEqual({ message: 'Email has already been taken', attributes: ['email'] });
    cw.emu.control.drainJobs();
    expect((await cw.acct('GET', 1, `/inboxes/${mail.id}`, { token: ADMIN })).status).toBe(404);
    expect((await cw.acct('POST', 1, '/inboxes', { token: ADMIN, body: { name: 'New mail', channel: { type: 'email', email: 'doomed@acme.test' } } })).status).toBe(200);
  });

  it('keeps its state JSON-serialisable for persistence', () => {
    const state = cw.emu.control.state().chatwoot;
    expect(JSON.parse(JSON.stringify(state))).toEqual(state);
  });

  it('produces the same tokens for the same seed', async () => {
    const [a, b] = [await startChatwoot(), await startChatwoot()];
    try {
      const [x, y] = [await createInbox(a, widgetInbox()), await createInbox(b, widgetInbox())];
      expect(x.website_token).toBe(y.website_token);
      expect(x.hmac_token).toBe(y.hmac_token);
    } finally {
      await Promise.all([a.emu.close(), b.emu.close()]);
    }
  });
});
