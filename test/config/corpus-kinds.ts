/**
 * Stand-ins for the real kinds with the real config keys, vendors, identities,
 * references and field names, but loose field types: enough to run the
 * kind-independent cases of the invalid-config corpus against the loader alone.
 */
import { z } from 'zod';
import type { ConfigKind } from '../../src/config/types.js';

const text = () => z.string().nullable().optional();
type Loose = Record<string, unknown>;

const portal: ConfigKind<Loose> = {
  kind: 'portal',
  configKey: 'portals',
  vendor: 'chatwoot',
  schema: z.strictObject({
    slug: z.string(),
    name: z.string(),
    color: text(),
    custom_domain: text(),
    header_text: text(),
    page_title: text(),
    homepage_link: text(),
    default_locale: text(),
    allowed_locales: z.array(z.string()).optional(),
    archived: z.boolean().optional(),
    live_chat_inbox: text(),
    protected: z.boolean().optional(),
  }),
  keyOf: (p) => String(p.slug),
  references: (p) => (typeof p.live_chat_inbox === 'string' ? [{ path: ['live_chat_inbox'], kind: 'inbox', key: p.live_chat_inbox }] : []),
};

const inbox: ConfigKind<Loose> = {
  kind: 'inbox',
  configKey: 'inboxes',
  vendor: 'chatwoot',
  schema: z.strictObject({
    id: z.unknown().optional(),
    name: z.string(),
    channel: z.looseObject({ type: z.string() }),
    greeting_enabled: z.boolean().optional(),
    greeting_message: text(),
    timezone: text(),
    working_hours_enabled: z.boolean().optional(),
    working_hours: z.array(z.unknown()).optional(),
    portal: text(),
    protected: z.boolean().optional(),
  }),
  keyOf: (i) => String(i.name),
  references: (i) => (typeof i.portal === 'string' ? [{ path: ['portal'], kind: 'portal', key: i.portal }] : []),
};

const webchat: ConfigKind<Loose> = {
  kind: 'webchat',
  configKey: 'webchats',
  vendor: 'tether',
  schema: z.looseObject({ name: z.string() }),
  keyOf: (w) => String(w.name),
  references: () => [],
};

const channel: ConfigKind<Loose> = {
  kind: 'channel',
  configKey: 'channels',
  vendor: 'healthing',
  schema: z.strictObject({
    id: z.unknown().optional(),
    name: z.string(),
    channel_type: text(),
    assignment_mode: text(),
    business_hours: z.unknown().optional(),
    protected: z.boolean().optional(),
  }),
  keyOf: (c) => String(c.name),
  references: () => [],
};

export const CORPUS_KINDS: readonly ConfigKind[] = [portal, inbox, webchat, channel] as ConfigKind[];
