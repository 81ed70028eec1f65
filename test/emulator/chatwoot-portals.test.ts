import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, AGENT, OTHER, createInbox, createPortal, startChatwoot, widgetInbox, type Chatwoot } from './chatwoot-helpers.js';

const LIST_META_NULLS = { all_articles_count: 0, archived_articles_count: null, published_count: null, draft_articles_count: null, categories_count: 0 };

describe('chatwoot emulator: portals (bug-compatible 4.9.1)', () => {
  let cw: Chatwoot;
  beforeAll(async () => {
    cw = await startChatwoot();
  });
  afterAll(async () => cw.emu.close());

  it('creates with 200 from a flat body, extracting the custom-domain host and rendering §2.2', async () => {
    const r = await cw.acct('POST', 1, '/portals', {
      token: ADMIN,
      body: { name: 'Help', slug: 'help', custom_domain: 'https://help.acme.test/docs', color: '#2781F6', header_text: '', homepage_link: '', unknown_field: 1 },
    });
    expect(r.status).toBe(200);
    expect(r.body).toEqual({
      id: r.body.id, color: '#2781F6', custom_domain: 'help.acme.test', header_text: '', homepage_link: null,
      name: 'Help', page_title: null, slug: 'help', archived: false, account_id: 1,
      config: { allowed_locales: [{ code: 'en', articles_count: 0, categories_count: 0 }] },
      meta: { ...LIST_META_NULLS, default_locale: 'en' },
    });
  });

  it('lists every portal with meta and shows by slug with show-style counts', async () => {
    await createPortal(cw, { name: 'Archived', slug: 'old', archived: true });
    const list = await cw.acct('GET', 1, '/portals?page=3', { token: AGENT });
    expect(list.status).toBe(200);
    expect(list.body.meta).toEqual({ current_page: '3', portals_count: 2 });
    expect(list.body.payload.map((p: any) => p.slug)).toEqual(['help', 'old']);
    expect((await cw.acct('GET', 1, '/portals', { token: ADMIN })).body.meta.current_page).toBe(1);

    const show = await cw.acct('GET', 1, '/portals/help', { token: AGENT });
    expect(show.status).toBe(200);
    expect(show.body.meta).toEqual({
      all_articles_count: 0, archived_articles_count: 0, published_count: 0, draft_articles_count: 0, categories_count: 0, default_locale: 'en',
    });
    expect(show.body).not.toHaveProperty('created_at');
    // Another account never sees it.
    expect((await cw.acct('GET', 2, '/portals', { token: OTHER })).body).toEqual({ payload: [], meta: { current_page: 1, portals_count: 0 } });
  });

  it('500s on create without custom_domain (row not saved) or with an unparseable one', async () => {
    const missing = await cw.acct('POST', 1, '/portals', { token: ADMIN, body: { portal: { name: 'N', slug: 'no-domain' } } });
    expect([missing.status, missing.body]).toEqual([500, { status: 500, error: 'Internal Server Error' }]);
    const bad = await cw.acct('POST', 1, '/portals', { token: ADMIN, body: { portal: { name: 'N', slug: 'no-domain', custom_domain: 'a b' } } });
    expect(bad.status).toBe(500);
    const list = await cw.acct('GET', 1, '/portals', { token: ADMIN });
    expect(list.body.payload.map((p: any) => p.slug)).not.toContain('no-domain');
  });

  it('rejects missing params and invalid records with the exact 422 bodies', async () => {
    const missing = await cw.acct('POST', 1, '/portals', { token: ADMIN, body: { inbox_id: 5 } });
    expect([missing.status, missing.body]).toEqual([422, { error: 'param is missing or the value is empty: portal' }]);
    const empty = await cw.acct('POST', 1, '/portals', { token: ADMIN, body: { portal: {} } });
    expect(empty.status).toBe(422);

    const blank = await cw.acct('POST', 1, '/portals', { token: ADMIN, body: { portal: { custom_domain: '' } } });
    expect([blank.status, blank.body]).toEqual([422, { message: "Name can't be blank, Slug can't be blank", attributes: ['name', 'slug'] }]);

    const long = await cw.acct('POST', 1, '/portals', { token: ADMIN, body: { name: 'x'.repeat(256), slug: 'long', custom_domain: '' } });
    expect([long.status, long.body]).toEqual([422, { message: 'Name is too long (maximum is 255 characters)', attributes: ['name'] }]);
  });

  it('keeps slug and custom domain unique across accounts', async () => {
    const slug = await cw.acct('POST', 2, '/portals', { token: OTHER, body: { name: 'Mine', slug: 'help', custom_domain: '' } });
    expect([slug.status, slug.body]).toEqual([422, { message: 'Slug has already been taken', attributes: ['slug'] }]);
    const domain = await cw.acct('POST', 2, '/portals', { token: OTHER, body: { name: 'Mine', slug: 'mine', custom_domain: 'help.acme.test' } });
    expect([domain.status, domain.body]).toEqual([422, { message: 'Custom domain has already been taken', attributes: ['custom_domain'] }]);
    // Case-sensitive.
    expect((await cw.acct('POST', 2, '/portals', { token: OTHER, body: { name: 'Mine', slug: 'HELP', custom_domain: '' } })).status).toBe(200);
  });

  it('updates partially, stores custom_domain literally, renames the slug', async () => {
    await createPortal(cw, { name: 'Docs', slug: 'docs', page_title: 'Docs' });
    const r = await cw.acct('PATCH', 1, '/portals/docs', { token: ADMIN, body: { portal: { custom_domain: 'https://docs.acme.test', slug: 'docs2' } } });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ name: 'Docs', page_title: 'Docs', slug: 'docs2', custom_domain: 'https://docs.acme.test' });
    expect(r.body.meta.archived_articles_count).toBeNull();
    expect((await cw.acct('GET', 1, '/portals/docs', { token: ADMIN })).status).toBe(500);
    const put = await cw.acct('PUT', 1, '/portals/docs2', { token: ADMIN, body: { homepage_link: '', custom_domain: '' } });
    expect(put.body).toMatchObject({ homepage_link: null, custom_domain: null, name: 'Docs' });
    const archived = await cw.acct('PATCH', 1, '/portals/docs2', { token: ADMIN, body: { portal: { archived: true } } });
    expect(archived.body.archived).toBe(true);
  });

  it('replaces config as a whole', async () => {
    await createPortal(cw, { name: 'Loc', slug: 'loc', config: { allowed_locales: ['en', 'fr'], default_locale: 'fr' } });
    const onlyLocales = await cw.acct('PATCH', 1, '/portals/loc', { token: ADMIN, body: { portal: { config: { allowed_locales: ['de', 'en'] } } } });
    expect(onlyLocales.body.config.allowed_locales.map((l: any) => l.code)).toEqual(['de', 'en']);
    expect(onlyLocales.body.meta.default_locale).toBe('en');

    // Only default_locale drops allowed_locales: the write commits, but rendering fails from now on.
    const onlyDefault = await cw.acct('PATCH', 1, '/portals/loc', { token: ADMIN, body: { portal: { config: { default_locale: 'de' } } } });
    expect([onlyDefault.status, onlyDefault.body]).toEqual([500, { status: 500, error: 'Internal Server Error' }]);
    expect((await cw.acct('GET', 1, '/portals/loc', { token: ADMIN })).status).toBe(500);
    expect((await cw.acct('GET', 1, '/portals', { token: ADMIN })).status).toBe(500);

    const fixed = await cw.acct('PATCH', 1, '/portals/loc', { token: ADMIN, body: { portal: { config: { allowed_locales: ['de'], default_locale: 'de' } } } });
    expect(fixed.status).toBe(200);
    expect(fixed.body.config).toEqual({ allowed_locales: [{ code: 'de', articles_count: 0, categories_count: 0 }] });
    expect(fixed.body.meta.default_locale).toBe('de');
    expect((await cw.acct('GET', 1, '/portals', { token: ADMIN })).status).toBe(200);
  });

  it('links a live-chat widget through top-level inbox_id (§2.8)', async () => {
    const widget = await createInbox(cw, widgetInbox('Widget'));
    const api = await createInbox(cw, { name: 'API', channel: { type: 'api' } });
    const other = await cw.acct('POST', 2, '/inboxes', { token: OTHER, body: { name: 'Theirs', channel: { type: 'web_widget', website_url: 'https://o.test' } } });

    const linked = await createPortal(cw, { name: 'Chat', slug: 'chat' }, { inbox_id: widget.id });
    expect(linked.inbox).toMatchObject({ id: widget.id, channel_type: 'Channel::WebWidget', hmac_token: widget.hmac_token });
    // Agents get the same inbox object without admin-only keys.
    const agentView = await cw.acct('GET', 1, '/portals/chat', { token: AGENT });
    expect(agentView.body.inbox.id).toBe(widget.id);
    expect(agentView.body.inbox).not.toHaveProperty('hmac_token');

    const nonWidget = await cw.acct('PATCH', 1, '/portals/chat', { token: ADMIN, body: { name: 'Chat', inbox_id: api.id } });
    expect(nonWidget.body.inbox.id).toBe(widget.id);

    // Without a non-empty portal object nothing is applied.
    const noPortal = await cw.acct('PATCH', 1, '/portals/chat', { token: ADMIN, body: { inbox_id: null } });
    expect(noPortal.body.inbox.id).toBe(widget.id);

    // The lookup is not scoped to the account.
    const foreign = await cw.acct('PATCH', 1, '/portals/chat', { token: ADMIN, body: { portal: { name: 'Chat' }, inbox_id: other.body.id } });
    expect(foreign.body.inbox.id).toBe(other.body.id);

    const missing = await cw.acct('PATCH', 1, '/portals/chat', { token: ADMIN, body: { portal: { name: 'Renamed' }, inbox_id: 99999 } });
    expect([missing.status, missing.body]).toEqual([404, { error: 'Resource could not be found' }]);
    expect((await cw.acct('GET', 1, '/portals/chat', { token: ADMIN })).body.name).toBe('Chat');

    const unlinked = await cw.acct('PATCH', 1, '/portals/chat', { token: ADMIN, body: { portal: { name: 'Chat' }, inbox_id: '' } });
    expect(unlinked.status).toBe(200);
    expect(unlinked.body).not.toHaveProperty('inbox');

    const createMissing = await cw.acct('POST', 1, '/portals', { token: ADMIN, body: { name: 'X', slug: 'x404', custom_domain: '', inbox_id: 99999 } });
    expect(createMissing.status).toBe(404);
  });

  it('deletes with 200 and an empty body, unlinking inboxes', async () => {
    const portal = await createPortal(cw, { name: 'Gone', slug: 'gone', custom_domain: 'gone.acme.test' });
    const inbox = await createInbox(cw, { ...widgetInbox('Uses gone'), portal_id: portal.id });
    expect(inbox.help_center).toEqual({ name: 'Gone', slug: 'gone' });

    const r = await cw.acct('DELETE', 1, '/portals/gone', { token: ADMIN });
    expect(r.status).toBe(200);
    expect(r.text).toBe('');
    expect(r.contentType).toMatch(/application\/json/);
    const after = await cw.acct('GET', 1, `/inboxes/${inbox.id}`, { token: ADMIN });
    expect(after.body).not.toHaveProperty('help_center');
    // Slug and domain are free again at once.
    await createPortal(cw, { name: 'Again', slug: 'gone', custom_domain: 'gone.acme.test' });
  });

  it('fails /archive always, and unknown or foreign slugs with 500', async () => {
    const archive = await cw.acct('PATCH', 1, '/portals/help/archive', { token: ADMIN });
    expect([archive.status, archive.body]).toEqual([500, { status: 500, error: 'Internal Server Error' }]);
    for (const [method, body] of [['GET', undefined], ['PATCH', { portal: { name: 'x' } }], ['DELETE', undefined]] as const) {
      const unknown = await cw.acct(method, 1, '/portals/nope', { token: ADMIN, body });
      expect(unknown.status).toBe(500);
    }
    // 'HELP' belongs to account 2.
    expect((await cw.acct('GET', 1, '/portals/HELP', { token: ADMIN })).status).toBe(500);
    // Authorization still runs first for agents.
    const agent = await cw.acct('DELETE', 1, '/portals/nope', { token: AGENT });
    expect([agent.status, agent.body]).toEqual([401, { error: 'You are not authorized to do this action' }]);
    expect((await cw.acct('PATCH', 1, '/portals/help', { token: AGENT, body: { name: 'x' } })).status).toBe(401);
  });

  it('saves the row before an integer blob_id fails on create, rolls back on update', async () => {
    const created = await cw.acct('POST', 1, '/portals', { token: ADMIN, body: { name: 'Blob', slug: 'blob', custom_domain: '', blob_id: 12 } });
    expect(created.status).toBe(500);
    expect((await cw.acct('GET', 1, '/portals/blob', { token: ADMIN })).status).toBe(200);
    const updated = await cw.acct('PATCH', 1, '/portals/blob', { token: ADMIN, body: { name: 'Blob 2', blob_id: 12 } });
    expect(updated.status).toBe(500);
    expect((await cw.acct('GET', 1, '/portals/blob', { token: ADMIN })).body.name).toBe('Blob');
    const stringBlob = await cw.acct('PATCH', 1, '/portals/blob', { token: ADMIN, body: { name: 'Blob 3', blob_id: 'eyJfcmFpbHMi' } });
    expect(stringBlob.body).not.toHaveProperty('logo');
    expect(stringBlob.body.name).toBe('Blob 3');
  });
});

describe('chatwoot emulator: portals with bug_compatible false', () => {
  let cw: Chatwoot;
  beforeAll(async () => {
    cw = await startChatwoot({ bug_compatible: false });
  });
  afterAll(async () => cw.emu.close());

  it('answers unknown slugs with 404 before authorization', async () => {
    for (const [method, token] of [['GET', ADMIN], ['PATCH', ADMIN], ['DELETE', ADMIN], ['DELETE', AGENT]] as const) {
      const r = await cw.acct(method, 1, '/portals/nope', { token, body: method === 'PATCH' ? { name: 'x' } : undefined });
      expect([r.status, r.body]).toEqual([404, { error: 'Resource could not be found' }]);
    }
    await createPortal(cw, { name: 'Help', slug: 'help' });
    expect((await cw.acct('GET', 2, '/portals/help', { token: OTHER })).status).toBe(404);
    // /archive stays broken on a portal that exists.
    expect((await cw.acct('PATCH', 1, '/portals/help/archive', { token: ADMIN })).status).toBe(500);
  });
});

describe('chatwoot emulator: portal policy for EE custom roles', () => {
  let cw: Chatwoot;
  beforeAll(async () => {
    cw = await startChatwoot({
      users: [
        { id: 1, name: 'Ada Admin', email: 'admin@acme.test', access_token: ADMIN, memberships: [{ account_id: 1, role: 'administrator' }] },
        { id: 2, name: 'Kim Writer', email: 'kb@acme.test', access_token: AGENT, memberships: [{ account_id: 1, role: 'agent', permissions: ['knowledge_base_manage'] }] },
      ],
    });
  });
  afterAll(async () => cw.emu.close());

  it('lets knowledge_base_manage agents update but not create or delete', async () => {
    await createPortal(cw, { name: 'KB', slug: 'kb' });
    const update = await cw.acct('PATCH', 1, '/portals/kb.json', { token: AGENT, body: { portal: { page_title: 'Knowledge' } } });
    expect([update.status, update.body.page_title]).toEqual([200, 'Knowledge']);
    expect((await cw.acct('DELETE', 1, '/portals/kb', { token: AGENT })).status).toBe(401);
    expect((await cw.acct('POST', 1, '/portals', { token: AGENT, body: { name: 'n', slug: 'n', custom_domain: '' } })).status).toBe(401);
  });
});
