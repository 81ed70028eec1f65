/** Normalisers on plain objects: both sides of a comparison must agree on equal things. */
import { describe, expect, it } from 'vitest';
import { channelKind } from '../../src/kinds/channel.js';
import { inboxKind } from '../../src/kinds/inbox.js';
import { canonicalJson, deepEqual, normaliseColour, normaliseSet } from '../../src/kinds/normalise.js';
import { portalKind } from '../../src/kinds/portal.js';
import { desiredIconIdentity, iconIdentity, keyFromWire, uploadName } from '../../src/kinds/webchat-icon.js';
import { webchatKind } from '../../src/kinds/webchat.js';
import { desiredWorkingHours, liveWorkingHours, workingHoursBody } from '../../src/kinds/working-hours.js';
import { liveInbox, livePortal } from '../support/declared.js';

describe('shared normalisers', () => {
  it('compares colours case-insensitively and expands #RGB', () => {
    expect(normaliseColour('#1f93ff')).toBe('#1F93FF');
    expect(normaliseColour('#abc')).toBe('#AABBCC');
    expect(normaliseColour(undefined)).toBeNull();
  });

  it('treats set-valued lists as sets', () => {
    expect(normaliseSet(['fr', 'en', 'fr'])).toEqual(['en', 'fr']);
    expect(deepEqual(normaliseSet(['b', 'a']), normaliseSet(['a', 'b']))).toBe(true);
  });

  it('serialises objects canonically whatever their key order', () => {
    expect(canonicalJson({ b: 1, a: { d: 2, c: 3 } })).toBe(canonicalJson({ a: { c: 3, d: 2 }, b: 1 }));
  });
});

describe('portal', () => {
  const ctx = { lookups: undefined };
  it('reads locales from config objects and meta.default_locale, the widget from inbox.name', () => {
    const live = livePortal({ id: 1, slug: 'h', name: 'H', allowed_locales: ['fr', 'en'], default_locale: 'fr', inbox: { id: 3, name: 'Website' } });
    expect(portalKind.liveFields(live, ctx)).toMatchObject({ allowed_locales: ['en', 'fr'], default_locale: 'fr', live_chat_inbox: 'Website' });
  });

  it('keeps only the host of a custom domain, lower-cased, on both sides', () => {
    const desired = portalKind.desiredFields(portalKind.schema.parse({ slug: 'h', name: 'H', custom_domain: 'https://Help.X.com/docs' }), ctx);
    const live = portalKind.liveFields(livePortal({ id: 1, slug: 'h', name: 'H', custom_domain: 'help.x.com' }), ctx);
    expect(desired.custom_domain).toBe(live.custom_domain);
  });

  it('leaves unset fields out of the desired side ("not set" is not "empty")', () => {
    expect(Object.keys(portalKind.desiredFields(portalKind.schema.parse({ slug: 'h', name: 'H' }), ctx))).toEqual(['name']);
  });
});

describe('inbox', () => {
  const ctx = { lookups: undefined };
  it('reads flattened channel fields back under channel.*', () => {
    const fields = inboxKind.liveFields(liveInbox({ id: 1, name: 'W', widget_color: '#1f93ff', allowed_domains: 'b.com, a.com' }), ctx);
    expect(fields).toMatchObject({
      'channel.type': 'web_widget',
      'channel.widget_color': '#1F93FF',
      'channel.allowed_domains': ['a.com', 'b.com'],
      portal: null,
    });
  });

  it('compares working hours per declared day', () => {
    const desired = desiredWorkingHours([{ day_of_week: 1, open_hour: 9, close_hour: 17 }, { day_of_week: 0, closed_all_day: true }, { day_of_week: 3, open_all_day: true }]);
    expect(desired).toEqual({ 'working_hours.1': '09:00-17:00', 'working_hours.0': 'closed', 'working_hours.3': '00:00-23:59' });
    const live = liveWorkingHours([{ day_of_week: 3, open_all_day: true, closed_all_day: false, open_hour: 0, open_minutes: 0, close_hour: 23, close_minutes: 59 }]);
    expect(live['working_hours.3']).toBe(desired['working_hours.3']);
  });

  it('sends explicit open/closed flags so a previously closed day opens', () => {
    expect(workingHoursBody([{ day_of_week: 6, open_hour: 10, close_hour: 14 }])).toEqual([
      { day_of_week: 6, closed_all_day: false, open_all_day: false, open_hour: 10, open_minutes: 0, close_hour: 14, close_minutes: 0 },
    ]);
  });
});

describe('webchat', () => {
  const lookups = {
    prompts: [{ _id: 'p1', name: 'Sales assistant' }],
    pipelines: [{ _id: 'pl1', name: 'Sales', type: 'Contact', isDefault: true, pipelineStages: [{ _id: 's1', name: 'new' }, { _id: 's2', name: 'won' }] }],
  };
  const wire = {
    _id: 'w1',
    name: 'Help',
    backgroundColor: '#ffffff',
    primaryColor: '#000',
    secondaryColor: '#3b82f6',
    promptId: 'p1',
    allowedDomains: ['https://b.com', 'https://a.com'],
    pipelineId: 'pl1',
    pipelineStage: 's2',
    initialStage: 'new',
    icon: 'https://r2.emulator.local/orgs/o/uploads/2026-11-21/widget-0123456789abcdef.png?token=abc',
  };

  it('maps ids back to the names a config uses, and colours and domains to canonical forms', () => {
    const fields = webchatKind.liveFields({ id: 'w1', key: 'Help', wire }, { lookups });
    expect(fields).toMatchObject({
      background_color: '#FFFFFF',
      primary_color: '#000000',
      prompt: 'Sales assistant',
      pipeline: 'Sales',
      pipeline_stage: 'won',
      allowed_domains: ['https://a.com', 'https://b.com'],
      icon: 'sha256:0123456789abcdef',
    });
  });

  it('treats a missing pipelineStage as unreadable rather than unset', () => {
    const { pipelineStage: _dropped, ...rest } = wire;
    expect('pipeline_stage' in webchatKind.liveFields({ id: 'w1', key: 'Help', wire: rest }, { lookups })).toBe(false);
  });

  it('identifies icons by the content hash in their name, whatever the URL signature', () => {
    expect(keyFromWire(wire.icon)).toBe('orgs/o/uploads/2026-11-21/widget-0123456789abcdef.png');
    expect(iconIdentity('orgs/o/x/widget-0123456789abcdef.png')).toBe('sha256:0123456789abcdef');
    expect(iconIdentity('orgs/o/x/plain.png')).toBe('key:orgs/o/x/plain.png');
    const prepared = { file: '/cfg/assets/My Icon.png', sha256: '0123456789abcdef'.repeat(4), contentType: 'image/png' };
    expect(uploadName(prepared)).toBe('My_Icon-0123456789abcdef.png');
    expect(desiredIconIdentity(prepared)).toBe('sha256:0123456789abcdef');
  });
});

describe('channel', () => {
  it('expands business hours to a full week, a missing day closed, times as HH:MM', () => {
    const fields = channelKind.desiredFields(channelKind.schema.parse({ name: 'C', business_hours: { monday: { enabled: true, start: '9:00', end: '17:30' } } }), { lookups: undefined });
    expect(fields['business_hours.monday']).toEqual({ enabled: true, start: '09:00', end: '17:30' });
    expect(fields['business_hours.sunday']).toEqual({ enabled: false });
    expect(Object.keys(fields).filter((k) => k.startsWith('business_hours.'))).toHaveLength(7);
  });

  it('never reads business hours back (write-only)', () => {
    const live = { id: '1', key: 'C', wire: { id: 1, name: 'C', channel_type: 'whatsapp', status: 'connected', config: {}, is_active: true, is_default: false, assignment_mode: 'manual' } };
    expect(channelKind.liveFields(live, { lookups: undefined })).toEqual({ assignment_mode: 'manual' });
  });
});
