/**
 * Write-only is declared, not inferred: every comparable path a kind's
 * desiredFields can produce is either returned by its liveFields or declared
 * write-only, and nothing declared write-only is ever read back.
 */
import { describe, expect, it } from 'vitest';
import type * as z from 'zod';
import { digest } from '../../src/engine/load/digest.js';
import { computePlan } from '../../src/engine/plan/planner.js';
import { fieldClassAt, fieldClassOf } from '../../src/kinds/field-classes.js';
import { KINDS } from '../../src/kinds/registry.js';
import type { LiveObject } from '../../src/kinds/types.js';
import { byKind, declared, liveInbox, livePortal, noLedger, snapshot } from '../support/declared.js';

/** Every field set, per kind: desired values (config form, parsed by the kind's schema) and live objects as each vendor lists them. */
interface Samples {
  desired: Array<Record<string, unknown>>;
  live: LiveObject[];
  lookups?: unknown;
}

const IMAP = { imap_enabled: true, imap_address: 'imap.x', imap_port: 993, imap_login: 'l', imap_password: 'imap-secret', imap_enable_ssl: true };
const SMTP = { smtp_enabled: true, smtp_address: 'smtp.x', smtp_port: 587, smtp_login: 'l', smtp_password: 'smtp-secret', smtp_domain: 'x', smtp_enable_starttls_auto: true, smtp_enable_ssl_tls: false };
const INBOX = {
  id: 3,
  name: 'Website',
  greeting_enabled: true,
  greeting_message: 'hi',
  enable_email_collect: true,
  csat_survey_enabled: true,
  enable_auto_assignment: true,
  working_hours_enabled: true,
  working_hours: [{ day_of_week: 1, open_hour: 9, close_hour: 17 }, { day_of_week: 0, closed_all_day: true }],
  out_of_office_message: 'away',
  timezone: 'UTC',
  allow_messages_after_resolved: true,
  lock_to_single_conversation: true,
  portal: 'docs',
  sender_name_type: 'friendly',
  business_name: 'Acme',
  protected: true,
};
const WEBCHAT = {
  name: 'Help',
  description: 'd',
  starter_message: 's',
  background_color: '#FFFFFF',
  primary_color: '#000000',
  secondary_color: '#3B82F6',
  header_text_color: '#111111',
  status_text: 'online',
  status_text_color: '#222222',
  timestamp_color: '#333333',
  csat_background_color: '#444444',
  csat_text_color: '#555555',
  csat_thank_you_message: 'thanks',
  icon: { key: 'k/logo.png' },
  allowed_domains: ['https://a.com'],
  pipeline_stage: 'won',
  initial_stage: 'new',
  is_autopilot: true,
  is_enabled: true,
  protected: true,
};

const SAMPLES: Record<string, Samples> = {
  portal: {
    desired: [
      {
        slug: 'docs',
        name: 'Docs',
        color: '#1F93FF',
        custom_domain: 'help.x',
        header_text: 'h',
        page_title: 't',
        homepage_link: 'https://x',
        default_locale: 'en',
        allowed_locales: ['en'],
        archived: false,
        live_chat_inbox: 'Website',
        protected: true,
      },
    ],
    live: [livePortal({ id: 1, slug: 'docs', inbox: { name: 'Website' } })],
  },
  inbox: {
    desired: [
      { ...INBOX, channel: { type: 'web_widget', website_url: 'https://x', widget_color: '#1F93FF', welcome_title: 't', welcome_tagline: 't', reply_time: 'in_a_day', pre_chat_form_enabled: true, continuity_via_email: true, hmac_mandatory: true, allowed_domains: ['a.com'], selected_feature_flags: ['attachments'] } },
      { ...INBOX, channel: { type: 'api', webhook_url: 'https://x/hook', hmac_mandatory: true } },
      { ...INBOX, channel: { type: 'email', email: 'help@x.test', ...IMAP, ...SMTP } },
    ],
    live: [
      liveInbox({ id: 1, name: 'Website', help_center: { name: 'Docs', slug: 'docs' } }),
      liveInbox({ id: 2, name: 'Api', channel_type: 'Channel::Api', webhook_url: 'https://x/hook' }),
      liveInbox({ id: 3, name: 'Mail', channel_type: 'Channel::Email', email: 'help@x.test', ...IMAP, ...SMTP }),
    ],
  },
  webchat: {
    desired: [
      { ...WEBCHAT, prompt: 'Sales assistant', pipeline: 'default' },
      { ...WEBCHAT, prompt_id: 'p1', pipeline_id: 'pl1' },
    ],
    live: [
      {
        id: 'w1',
        key: 'Help',
        wire: {
          _id: 'w1',
          name: 'Help',
          description: 'd',
          starterMessage: 's',
          backgroundColor: '#FFFFFF',
          primaryColor: '#000000',
          secondaryColor: '#3B82F6',
          headerTextColor: '#111111',
          statusText: 'online',
          statusTextColor: '#222222',
          timestampColor: '#333333',
          csatBackgroundColor: '#444444',
          csatTextColor: '#555555',
          csatThankYouMessage: 'thanks',
          icon: 'https://r2.x/k/logo.png?token=t',
          promptId: 'p1',
          allowedDomains: ['https://a.com'],
          pipelineId: 'pl1',
          pipelineStage: 's2',
          initialStage: 'new',
          isAutopilot: true,
          isEnabled: true,
        },
      },
    ],
    lookups: {
      prompts: [{ _id: 'p1', name: 'Sales assistant' }],
      pipelines: [{ _id: 'pl1', name: 'Sales', type: 'Contact', isDefault: true, pipelineStages: [{ _id: 's1', name: 'new' }, { _id: 's2', name: 'won' }] }],
    },
  },
  channel: {
    desired: [
      {
        id: 5,
        name: 'Site chat',
        channel_type: 'web',
        assignment_mode: 'manual',
        business_hours: { monday: { enabled: true, start: '09:00', end: '17:00' } },
        protected: true,
      },
    ],
    live: [{ id: '5', key: 'Site chat', wire: { id: 5, name: 'Site chat', channel_type: 'web', status: 'connected', config: {}, is_active: true, is_default: false, assignment_mode: 'manual' } }],
  },
};

type AnySchema = z.ZodType & { _zod: { def: { type: string; innerType?: AnySchema; shape?: Record<string, AnySchema>; options?: AnySchema[]; discriminator?: string } } };

/** A schema's field names, with `field.key` for the keys of a field that is a discriminated union (the inbox channel). */
function configFields(schema: AnySchema): string[] {
  const unwrap = (t: AnySchema): AnySchema => (t._zod.def.innerType ? unwrap(t._zod.def.innerType) : t);
  return Object.entries(unwrap(schema)._zod.def.shape ?? {}).flatMap(([name, type]) => {
    const { discriminator, options = [] } = unwrap(type)._zod.def;
    if (!discriminator) return [name];
    return [name, ...options.flatMap((option) => Object.keys(unwrap(option)._zod.def.shape ?? {}).map((key) => `${name}.${key}`))];
  });
}

/** The field names a sample sets, in the same form. */
function setFields(value: Record<string, unknown>): string[] {
  return Object.entries(value).flatMap(([name, v]) =>
    v && typeof v === 'object' && !Array.isArray(v) && 'type' in v ? [name, ...Object.keys(v).map((key) => `${name}.${key}`)] : [name],
  );
}

describe.each(KINDS.map((kind) => [kind.kind, kind] as const))('%s field classes', (name, kind) => {
  const samples = SAMPLES[name];

  it('has samples setting every config field', () => {
    expect(samples, `add ${name} samples to this test`).toBeDefined();
    const set = new Set(samples!.desired.flatMap(setFields));
    const fields = configFields(kind.schema as AnySchema);
    // Reading the schema through zod's internals: an unreadable one must not pass for a kind without fields.
    expect(fields.length).toBeGreaterThan(0);
    expect(fields.filter((field) => !set.has(field))).toEqual([]);
  });

  it('reads back every comparable path that is not declared write-only, and none that is', () => {
    const ctx = { lookups: samples!.lookups };
    const desired = new Set(samples!.desired.flatMap((value) => Object.keys(kind.desiredFields(kind.schema.parse(value), ctx))));
    const readable = new Set(samples!.live.flatMap((live) => Object.keys(kind.liveFields(live, ctx))));
    const writeOnly = (path: string) => fieldClassOf(kind, path.split('.')) === 'write-only';
    expect([...desired].filter((path) => !readable.has(path) && !writeOnly(path))).toEqual([]);
    expect([...readable].filter(writeOnly)).toEqual([]);
  });
});

describe('a readable path the vendor left out of a read', () => {
  const webchat = SAMPLES.webchat!;
  const { pipelineStage: _omitted, ...wire } = webchat.live[0]!.wire as Record<string, unknown>;
  const { protected: _p, ...value } = { ...WEBCHAT, prompt: 'Sales assistant', pipeline: 'default' };

  function changes(applied: Record<string, string> | undefined) {
    const { plan } = computePlan({
      kinds: KINDS,
      declared: byKind(declared('webchat', value)),
      presentKinds: new Set(['webchats']),
      live: snapshot({ webchat: [{ ...webchat.live[0]!, wire }] }, { webchat: webchat.lookups }),
      ledger: { ...noLedger, fieldsOf: () => applied },
      options: {},
      configDigest: 'test',
    });
    return plan.steps[0]!.changed_fields;
  }

  it('is compared with the last applied value, and not called write-only', () => {
    expect(changes(undefined)).toEqual([
      { path: 'pipeline_stage', before: null, after: 'won', note: 'cannot verify: tether returned no value and not applied by deskform yet' },
    ]);
    expect(changes({ pipeline_stage: digest('new') })).toEqual([
      { path: 'pipeline_stage', before: null, after: 'won', note: 'tether returned no value: differs from the last applied value' },
    ]);
    expect(changes({ pipeline_stage: digest('won') })).toEqual([]);
  });
});

describe('the field class of a path', () => {
  const kind = { fieldClasses: { business_hours: 'write-only', 'channel.imap_password': 'secret', name: 'immutable' } as const };

  it('is the class of the path or of its nearest classified ancestor, for dotted paths and segments alike', () => {
    for (const [path, cls] of [
      ['name', 'immutable'],
      ['business_hours', 'write-only'],
      ['business_hours.monday.open', 'write-only'],
      ['channel.imap_password', 'secret'],
      ['channel.imap_port', undefined],
      ['channel', undefined],
      ['names', undefined],
      ['', undefined],
    ] as const) {
      expect(fieldClassAt(kind, path), path).toBe(cls);
      expect(fieldClassOf(kind, path.split('.')), path).toBe(cls);
    }
    expect(fieldClassOf(kind, ['business_hours', 1])).toBe('write-only');
  });
});
