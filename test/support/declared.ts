/** Builds declared objects and live snapshots from plain values, for planner and kind unit tests. */
import type { DeclaredObject } from '../../src/config/types.js';
import { kindNamed } from '../../src/kinds/registry.js';
import type { LedgerView } from '../../src/engine/plan/planner.js';
import type { LiveObject, LiveSnapshot } from '../../src/kinds/types.js';
import type { ChatwootInbox, ChatwootPortal } from '../../src/vendors/index.js';

export function declared(kind: string, value: Record<string, unknown>, line = 1): DeclaredObject {
  const def = kindNamed(kind);
  if (!def) throw new Error(`unknown kind ${kind}`);
  const parsed = def.schema.parse(value);
  return {
    kind,
    key: def.keyOf(parsed),
    value: parsed,
    source: { file: 'deskform.yaml', line, col: 5 },
    locate: () => ({ file: 'deskform.yaml', line, col: 5 }),
    dir: process.cwd(),
  };
}

export function snapshot(objects: Record<string, LiveObject[]>, lookups: Record<string, unknown> = {}): LiveSnapshot {
  return { objects: new Map(Object.entries(objects)), lookups: new Map(Object.entries(lookups)) };
}

export function byKind(...objects: DeclaredObject[]): Map<string, DeclaredObject[]> {
  const out = new Map<string, DeclaredObject[]>();
  for (const o of objects) out.set(o.kind, [...(out.get(o.kind) ?? []), o]);
  return out;
}

/** A Chatwoot portal as the list endpoint returns it. */
export function livePortal(fields: Record<string, unknown> & { id: number; slug: string }): LiveObject<ChatwootPortal> {
  const { default_locale = 'en', allowed_locales = ['en'], ...rest } = fields;
  const wire = {
    name: fields.slug,
    color: null,
    custom_domain: null,
    header_text: null,
    homepage_link: null,
    page_title: null,
    archived: false,
    account_id: 1,
    config: { allowed_locales: (allowed_locales as string[]).map((code) => ({ code, articles_count: 0, categories_count: 0 })) },
    meta: { default_locale, all_articles_count: 0 },
    ...rest,
  };
  return { id: String(fields.id), key: fields.slug, wire: wire as unknown as ChatwootPortal };
}

/** A Chatwoot web-widget inbox as the list endpoint returns it (flattened channel fields). */
export function liveInbox(fields: Record<string, unknown> & { id: number; name: string }): LiveObject<ChatwootInbox> {
  const wire = {
    channel_id: fields.id,
    channel_type: 'Channel::WebWidget',
    greeting_enabled: false,
    greeting_message: null,
    working_hours_enabled: false,
    enable_email_collect: true,
    csat_survey_enabled: false,
    enable_auto_assignment: true,
    out_of_office_message: null,
    timezone: 'UTC',
    allow_messages_after_resolved: true,
    lock_to_single_conversation: false,
    sender_name_type: 'friendly',
    business_name: null,
    website_url: 'https://example.com',
    widget_color: '#1f93ff',
    welcome_title: null,
    welcome_tagline: null,
    allowed_domains: '',
    hmac_mandatory: false,
    reply_time: 'in_a_few_minutes',
    pre_chat_form_enabled: false,
    continuity_via_email: true,
    selected_feature_flags: ['attachments', 'emoji_picker', 'end_conversation'],
    working_hours: [0, 1, 2, 3, 4, 5, 6].map((day) => ({
      day_of_week: day,
      closed_all_day: day === 0 || day === 6,
      open_all_day: false,
      open_hour: day === 0 || day === 6 ? null : 9,
      open_minutes: day === 0 || day === 6 ? null : 0,
      close_hour: day === 0 || day === 6 ? null : 17,
      close_minutes: day === 0 || day === 6 ? null : 0,
    })),
    ...fields,
  };
  return { id: String(fields.id), key: fields.name, wire: wire as unknown as ChatwootInbox };
}

export const noLedger: LedgerView = {
  file: '.deskform/state.json',
  fieldsOf: () => undefined,
  isProtected: () => false,
  applied: () => [],
  pendingDeletes: () => [],
};
