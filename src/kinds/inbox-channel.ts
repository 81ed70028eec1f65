/**
 * The `channel` block of a Chatwoot inbox: written nested under `channel`,
 * read back flattened onto the inbox, and typed by `channel_type`.
 */
import { z } from 'zod';
import { secretString } from '../config/providers.js';
import type { ChatwootInbox } from '../vendors/index.js';
import { hexColour, httpUrl } from './fields.js';
import { emptyToNull, normaliseColour, normaliseSet } from './normalise.js';

const webWidget = z.strictObject({
  type: z.literal('web_widget'),
  website_url: z.string().min(1, { message: 'must not be empty' }),
  widget_color: hexColour().optional(),
  welcome_title: z.string().max(255).nullable().optional(),
  welcome_tagline: z.string().max(255).nullable().optional(),
  reply_time: z.enum(['in_a_few_minutes', 'in_a_few_hours', 'in_a_day']).optional(),
  pre_chat_form_enabled: z.boolean().optional(),
  continuity_via_email: z.boolean().optional(),
  hmac_mandatory: z.boolean().optional(),
  allowed_domains: z.array(z.string().min(1)).optional().describe('Domains allowed to embed the widget'),
  selected_feature_flags: z
    .array(z.enum(['attachments', 'emoji_picker', 'end_conversation', 'use_inbox_avatar_for_bot']))
    .optional(),
});

const api = z.strictObject({
  type: z.literal('api'),
  webhook_url: httpUrl().nullable().optional(),
  hmac_mandatory: z.boolean().optional(),
});

const email = z.strictObject({
  type: z.literal('email'),
  email: z.email({ message: 'must be an email address' }),
  imap_enabled: z.boolean().optional(),
  imap_address: z.string().optional(),
  imap_port: z.number().int().min(0).max(65535).optional(),
  imap_login: z.string().optional(),
  imap_password: secretString().optional().describe('Secret: never printed'),
  imap_enable_ssl: z.boolean().optional(),
  smtp_enabled: z.boolean().optional(),
  smtp_address: z.string().optional(),
  smtp_port: z.number().int().min(0).max(65535).optional(),
  smtp_login: z.string().optional(),
  smtp_password: secretString().optional().describe('Secret: never printed'),
  smtp_domain: z.string().optional(),
  smtp_enable_starttls_auto: z.boolean().optional(),
  smtp_enable_ssl_tls: z.boolean().optional(),
});

export const channelSchema = z.discriminatedUnion('type', [webWidget, api, email], {
  error: (issue) =>
    issue.code === 'invalid_union' ? 'must be one of "web_widget", "api", "email"' : undefined,
});
export type ChannelConfig = z.infer<typeof channelSchema>;
export type ChannelType = ChannelConfig['type'];

const WIRE_TYPES: Record<ChannelType, string> = {
  web_widget: 'Channel::WebWidget',
  api: 'Channel::Api',
  email: 'Channel::Email',
};

/** `Channel::WebWidget` → `web_widget`; unmanaged types keep their wire name. */
export function channelTypeOf(wire: ChatwootInbox): string {
  const entry = Object.entries(WIRE_TYPES).find(([, w]) => w === wire.channel_type);
  return entry ? entry[0] : wire.channel_type;
}

export const CHANNEL_SECRETS = ['channel.imap_password', 'channel.smtp_password'];

/** Channel types the inbox schema can declare; others (WhatsApp, SMS, …) are left alone. */
export function isModelledChannel(wire: ChatwootInbox): boolean {
  return Object.values(WIRE_TYPES).includes(wire.channel_type);
}

/** Comparable channel fields the user set, keyed `channel.<field>`. */
export function desiredChannelFields(channel: ChannelConfig): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(channel)) {
    if (value !== undefined) out[`channel.${field}`] = normaliseChannelValue(field, value);
  }
  return out;
}

/** Comparable channel fields of a live inbox, for the fields its type manages. */
export function liveChannelFields(wire: ChatwootInbox): Record<string, unknown> {
  const type = channelTypeOf(wire);
  const out: Record<string, unknown> = { 'channel.type': type };
  const shape = shapeOf(type);
  if (!shape) return out;
  for (const field of Object.keys(shape)) {
    if (field === 'type') continue;
    out[`channel.${field}`] = normaliseChannelValue(field, wireChannelValue(wire, field));
  }
  return out;
}

/** The config form of a live inbox's channel (export). */
export function exportChannel(wire: ChatwootInbox, secrets: readonly string[]): Record<string, unknown> {
  const type = channelTypeOf(wire);
  const out: Record<string, unknown> = { type };
  const shape = shapeOf(type);
  for (const field of Object.keys(shape ?? {})) {
    if (field === 'type' || secrets.includes(`channel.${field}`)) continue;
    const value = wireChannelValue(wire, field);
    if (value !== null && value !== undefined && value !== '') out[field] = value;
  }
  return out;
}

/** The `channel` request object for the given fields (the type only on create). */
export function channelBody(channel: ChannelConfig, fields: Iterable<string>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const values = channel as Record<string, unknown>;
  for (const field of fields) {
    const value = values[field];
    out[field] = field === 'allowed_domains' && Array.isArray(value) ? value.join(',') : (value ?? null);
  }
  return out;
}

/** Email protocols whose update Chatwoot checks by connecting, and the fields that connection needs. */
const CONNECTION_BLOCKS = ['imap', 'smtp'];
const CONNECTION_FIELDS = ['address', 'port', 'login', 'password'];

/**
 * The `channel` request object of an update changing these fields. Chatwoot
 * checks an IMAP/SMTP connection with only the values a request carries
 * whenever it enables the protocol, so a change to a protocol the config
 * enables sends its whole block: every field the config sets, and the live
 * values of connection fields it leaves unset.
 */
export function channelUpdateBody(channel: ChannelConfig, live: ChatwootInbox, changed: readonly string[]): Record<string, unknown> {
  const values = channel as Record<string, unknown>;
  const fields = new Set(changed);
  const fromLive: Record<string, unknown> = {};
  for (const block of CONNECTION_BLOCKS) {
    const prefix = `${block}_`;
    if (values[`${prefix}enabled`] !== true || !changed.some((f) => f.startsWith(prefix))) continue;
    for (const [field, value] of Object.entries(values)) if (field.startsWith(prefix) && value !== undefined) fields.add(field);
    for (const field of CONNECTION_FIELDS.map((f) => prefix + f)) {
      if (!fields.has(field) && live[field] !== undefined && live[field] !== null) fromLive[field] = live[field];
    }
  }
  return { ...fromLive, ...channelBody(channel, fields) };
}

function shapeOf(type: string): Record<string, unknown> | undefined {
  const schemas: Record<string, { shape: Record<string, unknown> }> = { web_widget: webWidget, api, email };
  return schemas[type]?.shape;
}

/** Chatwoot stores widget allowed_domains as one comma-separated string. */
function wireChannelValue(wire: ChatwootInbox, field: string): unknown {
  const value = (wire as Record<string, unknown>)[field];
  if (field === 'allowed_domains' && typeof value === 'string') return value.split(',').map((d) => d.trim()).filter(Boolean);
  return value;
}

function normaliseChannelValue(field: string, value: unknown): unknown {
  if (field === 'widget_color') return normaliseColour(value);
  if (field === 'allowed_domains' || field === 'selected_feature_flags') return normaliseSet(value);
  if (field === 'welcome_title' || field === 'welcome_tagline' || field === 'webhook_url') return emptyToNull(value);
  return value ?? null;
}
