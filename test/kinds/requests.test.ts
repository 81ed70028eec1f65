/** Request builders on plain objects: what each kind will send, built without a client. */
import { describe, expect, it } from 'vitest';
import { channelKind, type ChannelConfig } from '../../src/kinds/channel.js';
import { inboxKind, type InboxConfig } from '../../src/kinds/inbox.js';
import { portalKind, type PortalConfig } from '../../src/kinds/portal.js';
import type { BuildContext } from '../../src/kinds/types.js';
import type { WebchatLookups } from '../../src/kinds/webchat-lookups.js';
import { webchatKind, type WebchatConfig } from '../../src/kinds/webchat.js';
import { liveInbox, livePortal } from '../support/declared.js';

const ids: Record<string, string> = { 'inbox/Website': '12', 'portal/docs': '4' };
const ctx: BuildContext = { lookups: undefined, idOf: (kind, key) => ids[`${kind}/${key}`] };
const none = new Set<string>();

describe('portal requests', () => {
  const docs = portalKind.schema.parse({ slug: 'docs', name: 'Docs', custom_domain: 'https://Help.Example.com/x', live_chat_inbox: 'Website' }) as PortalConfig;

  it('creates with the host of the domain, both locale keys and the live-chat inbox id', () => {
    expect(portalKind.createRequest!(docs, ctx, none)).toEqual({
      body: {
        portal: { name: 'Docs', slug: 'docs', custom_domain: 'help.example.com', config: { allowed_locales: ['en'], default_locale: 'en' } },
        inbox_id: 12,
      },
    });
  });

  it('leaves a deferred live-chat link out of the create', () => {
    expect(portalKind.createRequest!(docs, ctx, new Set(['live_chat_inbox'])).body).not.toHaveProperty('inbox_id');
  });

  it('updates the changed columns with the name always, and locales from live where the config leaves one out', () => {
    const live = livePortal({ id: 4, slug: 'docs', allowed_locales: ['en', 'fr'], default_locale: 'fr' });
    const d = { ...docs, default_locale: 'de' };
    expect(portalKind.updateRequest(live, d, new Set(['default_locale', 'custom_domain', 'live_chat_inbox']), ctx)).toEqual({
      body: { portal: { name: 'Docs', custom_domain: 'help.example.com', config: { allowed_locales: ['en', 'fr'], default_locale: 'de' } }, inbox_id: 12 },
    });
  });

  it('archives by name', () => {
    expect(portalKind.archiveRequest!(livePortal({ id: 4, slug: 'docs', name: 'Docs' }))).toEqual({ body: { portal: { name: 'Docs', archived: true } } });
  });

  it('refuses to build a link to an inbox without a live id', () => {
    expect(() => portalKind.createRequest!({ ...docs, live_chat_inbox: 'Other' }, ctx, none)).toThrow(/not created before its portal link/);
  });
});

describe('inbox requests', () => {
  const website = inboxKind.schema.parse({
    name: 'Website',
    channel: { type: 'web_widget', website_url: 'https://example.com', allowed_domains: ['a.com', 'b.com'] },
    greeting_enabled: true,
    portal: 'docs',
    working_hours: [{ day_of_week: 1, open_hour: 9, close_hour: 17 }],
  }) as InboxConfig;

  it('creates with the typed channel and portal id, and sets working hours by a following update', () => {
    expect(inboxKind.createRequest!(website, ctx, none)).toEqual({
      body: {
        name: 'Website',
        greeting_enabled: true,
        channel: { type: 'web_widget', website_url: 'https://example.com', allowed_domains: 'a.com,b.com' },
        portal_id: 4,
      },
      thenUpdate: {
        working_hours: [{ day_of_week: 1, closed_all_day: false, open_all_day: false, open_hour: 9, open_minutes: 0, close_hour: 17, close_minutes: 0 }],
      },
    });
  });

  it('has no following update without working hours, and no portal id when the link is deferred', () => {
    const request = inboxKind.createRequest!({ ...website, working_hours: undefined }, ctx, new Set(['portal']));
    expect(request.thenUpdate).toBeUndefined();
    expect(request.body).not.toHaveProperty('portal_id');
  });

  it('updates only changed fields, never the channel type, and only the changed days', () => {
    const live = liveInbox({ id: 12, name: 'Website' });
    const changed = new Set(['greeting_enabled', 'channel.type', 'channel.allowed_domains', 'working_hours.1', 'portal']);
    expect(inboxKind.updateRequest(live, { ...website, portal: null }, changed, ctx)).toEqual({
      body: {
        greeting_enabled: true,
        portal_id: null,
        channel: { allowed_domains: 'a.com,b.com' },
        working_hours: [{ day_of_week: 1, closed_all_day: false, open_all_day: false, open_hour: 9, open_minutes: 0, close_hour: 17, close_minutes: 0 }],
      },
    });
  });
});

describe('webchat requests', () => {
  const lookups: WebchatLookups = {
    prompts: [{ _id: 'p1', name: 'Sales assistant' }],
    pipelines: [{ _id: 'pl1', name: 'Sales', type: 'Contact', isDefault: true, pipelineStages: [{ _id: 's1', name: 'new' }, { _id: 's2', name: 'won' }] }],
  };
  const webchatCtx: BuildContext<WebchatLookups> = { lookups, idOf: () => undefined };
  const help = webchatKind.schema.parse({
    name: 'Help',
    background_color: '#ffffff',
    primary_color: '#000000',
    secondary_color: '#3B82F6',
    prompt: 'Sales assistant',
    allowed_domains: ['https://a.com'],
    pipeline_stage: 'won',
    initial_stage: 'new',
  }) as WebchatConfig;
  const icon = { file: '/cfg/My Icon.png', sha256: '0123456789abcdef'.repeat(4), contentType: 'image/png' };

  it('creates in camelCase with names resolved to ids, describing a file icon as an upload instead of sending it', () => {
    expect(webchatKind.createRequest!({ ...help, icon }, webchatCtx, none)).toEqual({
      body: {
        name: 'Help',
        backgroundColor: '#ffffff',
        primaryColor: '#000000',
        secondaryColor: '#3B82F6',
        allowedDomains: ['https://a.com'],
        initialStage: 'new',
        promptId: 'p1',
        pipelineStage: 's2',
      },
      upload: { into: 'icon', file: '/cfg/My Icon.png', sha256: icon.sha256, contentType: 'image/png', name: 'My_Icon-0123456789abcdef.png' },
    });
  });

  it('sends an uploaded key or a removal in the body itself', () => {
    expect(webchatKind.updateRequest({ id: 'w1', key: 'Help', wire: { _id: 'w1', name: 'Help' } }, { ...help, icon: { key: 'k/logo.png' } }, new Set(['icon']), webchatCtx)).toEqual({
      body: { icon: 'k/logo.png' },
    });
    expect(webchatKind.updateRequest({ id: 'w1', key: 'Help', wire: { _id: 'w1', name: 'Help' } }, { ...help, icon: null }, new Set(['icon', 'primary_color']), webchatCtx)).toEqual({
      body: { primaryColor: '#000000', icon: null },
    });
  });
});

describe('channel requests', () => {
  const live = { id: '5', key: 'Site chat', wire: { id: 5, name: 'Site chat', channel_type: 'web', status: 'connected', config: {}, is_active: true, is_default: false } };
  const site = channelKind.schema.parse({ name: 'Site chat', assignment_mode: 'manual', business_hours: { monday: { enabled: true, start: '9:00', end: '17:00' } } }) as ChannelConfig;

  it('sends the whole week when any day changed', () => {
    const request = channelKind.updateRequest(live, site, new Set(['business_hours.monday']), ctx);
    expect(Object.keys(request!.body)).toEqual(['business_hours']);
    expect(request!.body.business_hours).toMatchObject({ monday: { enabled: true, start: '09:00', end: '17:00' }, sunday: { enabled: false } });
  });

  it('clears business hours with null and builds nothing when no sendable field changed', () => {
    expect(channelKind.updateRequest(live, { ...site, business_hours: null }, new Set(['business_hours.friday', 'assignment_mode']), ctx)).toEqual({
      body: { assignment_mode: 'manual', business_hours: null },
    });
    expect(channelKind.updateRequest(live, site, new Set(['protected']), ctx)).toBeUndefined();
  });
});
