/**
 * The `channel` block of a Chatwoot inbox: written nested under `channel`,
 * read back flattened onto the inbox, and typed by `channel_type`.
 */
import * as z from 'zod';
import { doc, documentedEnum } from '../config/field-docs.js';
import { secretString } from '../config/providers.js';
import type { ChatwootInbox } from '../vendors/index.js';
import { hexColour, httpUrl } from './fields.js';
import { emptyToNull, normaliseColour, normaliseSet } from './normalise.js';

const flag = (title: string, markdown: string) => z.boolean().optional().meta(doc(title, markdown));
const str = (title: string, markdown: string) => z.string().optional().meta(doc(title, markdown));
const port = (title: string, markdown: string) => z.number().int().min(0).max(65535).optional().meta(doc(title, `${markdown} 0 to 65535.`));
const channelType = (type: string, markdown: string) =>
  z.literal(type).meta(doc('Channel type', `${markdown} Cannot change after the inbox is created: a change is a plan error.`));
const hmacMandatory = flag('HMAC mandatory', 'Refuse contacts whose identity is not signed with the inbox\'s HMAC token. Chatwoot default `false`.');
const secretNote = 'Secret: shown as (sensitive), never printed or written to plans and exports; keep it out of the config with an environment variable.';

const webWidget = z
  .strictObject({
    type: channelType('web_widget', 'A live-chat widget for a website (`Channel::WebWidget`).'),
    website_url: z
      .string()
      .min(1, { message: 'must not be empty' })
      .meta(doc('Website URL', 'URL of the website the widget is for.')),
    widget_color: hexColour()
      .optional()
      .meta(doc('Widget colour', 'Colour of the widget bubble and header, `#RGB` or `#RRGGBB` (compared case-insensitively). Chatwoot default `#1f93ff`.')),
    welcome_title: z.string().max(255).nullable().optional().meta(doc('Welcome title', 'Heading of the open widget. At most 255 characters.')),
    welcome_tagline: z.string().max(255).nullable().optional().meta(doc('Welcome tagline', 'Line under the welcome title. At most 255 characters.')),
    reply_time: documentedEnum({
      in_a_few_minutes: 'The widget says the team "typically replies in a few minutes".',
      in_a_few_hours: 'The widget says the team "typically replies in a few hours".',
      in_a_day: 'The widget says the team "typically replies in a day".',
    })
      .optional()
      .meta(doc('Reply time', 'Expected reply time the widget shows to visitors. Chatwoot default `in_a_few_minutes`.')),
    pre_chat_form_enabled: flag('Pre-chat form', 'Ask visitors for their details before the chat starts. Chatwoot default `false`.'),
    continuity_via_email: flag('Continuity via email', 'Continue the conversation by email when the visitor leaves. Chatwoot default `true`.'),
    hmac_mandatory: hmacMandatory,
    allowed_domains: z
      .array(z.string().min(1))
      .optional()
      .meta(doc('Allowed domains', 'Domains allowed to embed the widget, compared as a set (Chatwoot stores them comma-separated). Chatwoot default: any domain.')),
    selected_feature_flags: z
      .array(
        documentedEnum({
          attachments: 'Visitors can send attachments.',
          emoji_picker: 'The message box has an emoji picker.',
          end_conversation: 'Visitors can end the conversation.',
          use_inbox_avatar_for_bot: 'Bot messages show the inbox avatar.',
        }),
      )
      .optional()
      .meta(doc('Widget features', 'Widget features to turn on, compared as a set. Chatwoot default `[attachments, emoji_picker, end_conversation]`.')),
  })
  .meta(doc('Website widget channel', 'A live-chat widget embedded in a website.'));

const api = z
  .strictObject({
    type: channelType('api', 'Messages arrive and leave through the Chatwoot API (`Channel::Api`).'),
    webhook_url: httpUrl()
      .nullable()
      .optional()
      .meta(doc('Webhook URL', 'http(s) URL Chatwoot posts new messages to; `null` clears it. At most 2048 characters.')),
    hmac_mandatory: hmacMandatory,
  })
  .meta(doc('API channel', 'A channel fed through the Chatwoot API, for custom integrations.'));

const email = z
  .strictObject({
    type: channelType('email', 'An email inbox (`Channel::Email`).'),
    email: z.email({ message: 'must be an email address' }).meta(doc('Email address', 'Address the inbox receives mail for; unique across the Chatwoot installation. Required.')),
    imap_enabled: flag('IMAP enabled', 'Fetch mail from an IMAP server. Chatwoot default `false`.'),
    imap_address: str('IMAP server', 'Host name of the IMAP server.'),
    imap_port: port('IMAP port', 'Port of the IMAP server.'),
    imap_login: str('IMAP login', 'User name on the IMAP server.'),
    imap_password: secretString()
      .optional()
      .meta(doc('IMAP password', `Password on the IMAP server. ${secretNote}`)),
    imap_enable_ssl: flag('IMAP over SSL', 'Connect to IMAP over SSL/TLS. Chatwoot default `true`.'),
    smtp_enabled: flag('SMTP enabled', 'Send replies through an SMTP server. Chatwoot default `false`.'),
    smtp_address: str('SMTP server', 'Host name of the SMTP server.'),
    smtp_port: port('SMTP port', 'Port of the SMTP server.'),
    smtp_login: str('SMTP login', 'User name on the SMTP server.'),
    smtp_password: secretString()
      .optional()
      .meta(doc('SMTP password', `Password on the SMTP server. ${secretNote}`)),
    smtp_domain: str('SMTP HELO domain', 'Domain announced to the SMTP server.'),
    smtp_enable_starttls_auto: flag('SMTP STARTTLS', 'Upgrade the SMTP connection with STARTTLS when offered. Chatwoot default `true`.'),
    smtp_enable_ssl_tls: flag('SMTP over SSL/TLS', 'Connect to SMTP over SSL/TLS from the start. Chatwoot default `false`.'),
  })
  .meta(doc('Email channel', 'An email inbox, optionally reading over IMAP and sending over SMTP.'));

export const channelSchema = z
  .discriminatedUnion('type', [webWidget, api, email])
  .meta(doc('Channel', 'How the inbox talks to contacts, chosen by `type`: `web_widget`, `api` or `email`. Required; the type cannot change after create.'));
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
