/**
 * Channel models that the inbox endpoints can create: per-type editable
 * attributes (`EDITABLE_ATTRS`), casting, defaults, generated tokens and
 * validations (§3.5).
 */
import type { EmuEnv } from '../contract.js';
import type { ChannelKind, ChannelRow, ChatwootState } from './state.js';
import { castBool, castInt, castString, has, isBlank, isObject, isScalar, permitScalarArray, type Params } from './cast.js';
import { RecordErrors, STRING_MAX, TEXT_MAX } from './validation.js';
import { crash } from './responses.js';
import { randomHex, secureToken } from './tokens.js';
import { defaultPreChatOptions, permitPreChatOptions } from './pre-chat.js';

/** Domain of generated `forward_to_email` addresses (the account's inbound email domain). */
const INBOUND_EMAIL_DOMAIN = 'inbound.chatwoot.emulator';

export const CHANNEL_MODEL: Record<ChannelKind, string> = {
  web_widget: 'Channel::WebWidget',
  api: 'Channel::Api',
  email: 'Channel::Email',
};

/** `allowed_channel_types` of the inboxes controller. */
export const ALLOWED_CHANNEL_TYPES = ['web_widget', 'api', 'email', 'line', 'telegram', 'whatsapp', 'sms', 'voice'];

export function isEmulatedKind(type: string): type is ChannelKind {
  return type === 'web_widget' || type === 'api' || type === 'email';
}

type AttrType = 'string' | 'text' | 'bool' | 'int' | 'reply_time' | 'flags' | 'pre_chat' | 'object';

const WIDGET_ATTRS: Record<string, AttrType> = {
  website_url: 'string',
  widget_color: 'string',
  welcome_title: 'string',
  welcome_tagline: 'string',
  reply_time: 'reply_time',
  pre_chat_form_enabled: 'bool',
  pre_chat_form_options: 'pre_chat',
  continuity_via_email: 'bool',
  hmac_mandatory: 'bool',
  allowed_domains: 'text',
  selected_feature_flags: 'flags',
};

const API_ATTRS: Record<string, AttrType> = {
  webhook_url: 'string',
  hmac_mandatory: 'bool',
  additional_attributes: 'object',
};

const EMAIL_ATTRS: Record<string, AttrType> = {
  email: 'string',
  imap_enabled: 'bool',
  imap_login: 'string',
  imap_password: 'string',
  imap_address: 'string',
  imap_port: 'int',
  imap_enable_ssl: 'bool',
  smtp_enabled: 'bool',
  smtp_login: 'string',
  smtp_password: 'string',
  smtp_address: 'string',
  smtp_port: 'int',
  smtp_domain: 'string',
  smtp_enable_starttls_auto: 'bool',
  smtp_enable_ssl_tls: 'bool',
  smtp_openssl_verify_mode: 'string',
  smtp_authentication: 'string',
  provider: 'string',
  verified_for_sending: 'bool',
};

const EDITABLE: Record<ChannelKind, Record<string, AttrType>> = { web_widget: WIDGET_ATTRS, api: API_ATTRS, email: EMAIL_ATTRS };

const FEATURE_FLAGS = ['attachments', 'emoji_picker', 'end_conversation', 'use_inbox_avatar_for_bot'];
const REPLY_TIMES = ['in_a_few_minutes', 'in_a_few_hours', 'in_a_day'];

/** `params.permit(channel: [:type, *EDITABLE_ATTRS])[:channel]`, without `type`. */
export function permitChannelAttrs(kind: ChannelKind, channel: Params): Params {
  const out: Params = {};
  for (const [key, type] of Object.entries(EDITABLE[kind])) {
    if (!has(channel, key)) continue;
    const v = channel[key];
    if (type === 'flags') {
      const flags = permitScalarArray(v);
      if (flags) out[key] = flags;
    } else if (type === 'pre_chat') {
      if (isObject(v)) out[key] = permitPreChatOptions(v);
    } else if (type === 'object') {
      if (isObject(v)) out[key] = structuredClone(v);
    } else if (isScalar(v)) {
      out[key] = v;
    }
  }
  return out;
}

/** Enum assignment raises ArgumentError on an unknown value (500); blank means nil. */
function castReplyTime(v: unknown): string | null {
  if (isBlank(v) && v !== false) return null;
  if (typeof v === 'string' && REPLY_TIMES.includes(v)) return v;
  if (typeof v === 'number' && Number.isInteger(v) && REPLY_TIMES[v] !== undefined) return REPLY_TIMES[v] ?? null;
  crash();
}

/** flag_shih_tzu raises on an unknown flag name; flags read back in bit order. */
function castFlags(v: unknown[]): string[] {
  for (const f of v) if (typeof f !== 'string' || !FEATURE_FLAGS.includes(f)) crash();
  return FEATURE_FLAGS.filter((f) => v.includes(f));
}

export function assignChannel(kind: ChannelKind, target: Params, attrs: Params): void {
  for (const [key, value] of Object.entries(attrs)) {
    const type = EDITABLE[kind][key];
    if (type === 'string' || type === 'text') target[key] = castString(value);
    else if (type === 'bool') target[key] = castBool(value);
    else if (type === 'int') target[key] = castInt(value);
    else if (type === 'reply_time') target[key] = castReplyTime(value);
    else if (type === 'flags') target[key] = castFlags(value as unknown[]);
    else target[key] = value;
  }
}

export function channelDefaults(kind: ChannelKind, env: EmuEnv): Params {
  if (kind === 'web_widget') {
    return {
      website_url: null, widget_color: '#1f93ff', welcome_title: null, welcome_tagline: null,
      reply_time: 'in_a_few_minutes', pre_chat_form_enabled: false, pre_chat_form_options: {},
      continuity_via_email: true, hmac_mandatory: false, allowed_domains: '',
      selected_feature_flags: FEATURE_FLAGS.slice(0, 3),
      website_token: secureToken(env), hmac_token: secureToken(env),
    };
  }
  if (kind === 'api') {
    return { webhook_url: null, hmac_mandatory: false, additional_attributes: {}, identifier: secureToken(env), hmac_token: secureToken(env) };
  }
  return {
    email: null, forward_to_email: `${randomHex(env)}@${INBOUND_EMAIL_DOMAIN}`,
    imap_enabled: false, imap_login: '', imap_password: '', imap_address: '', imap_port: 0, imap_enable_ssl: true,
    smtp_enabled: false, smtp_login: '', smtp_password: '', smtp_address: '', smtp_port: 0, smtp_domain: '',
    smtp_enable_starttls_auto: true, smtp_enable_ssl_tls: false, smtp_openssl_verify_mode: 'none',
    smtp_authentication: 'login', provider: null, verified_for_sending: false,
  };
}

/** The model's own limit replaces ApplicationRecord's generic column limit. */
function lengthLimit(kind: ChannelKind, key: string, type: AttrType): number {
  if (kind === 'api' && key === 'webhook_url') return 2048;
  return type === 'text' ? TEXT_MAX : STRING_MAX;
}

/** Callbacks, validations (422) and database constraints (500) of a channel save. */
export function saveChannel(kind: ChannelKind, attrs: Params, state: ChatwootState, selfId: number | null): void {
  const errors = new RecordErrors();
  const others = state.inboxes.filter((i) => i.channel.kind === kind && i.channel.id !== selfId).map((i) => i.channel.attrs);
  for (const [key, type] of Object.entries(EDITABLE[kind])) {
    if (type === 'string' || type === 'text') errors.maxLength(key, attrs[key], lengthLimit(kind, key, type));
  }
  if (kind === 'web_widget') {
    const options = attrs.pre_chat_form_options;
    if (!isObject(options) || !Array.isArray(options.pre_chat_fields) || options.pre_chat_fields.length === 0) {
      attrs.pre_chat_form_options = defaultPreChatOptions();
    }
    errors.blank('website_url', attrs.website_url);
    errors.blank('widget_color', attrs.widget_color);
  } else if (kind === 'api') {
    const extra = attrs.additional_attributes;
    const window = isObject(extra) ? extra.agent_reply_time_window : undefined;
    if (window !== undefined && window !== null && !(typeof window === 'number' && window > 0)) {
      errors.add('agent_reply_time_window', 'must be a positive number');
    }
  } else {
    errors.taken('email', attrs.email !== null && others.some((o) => o.email === attrs.email));
  }
  errors.raiseIfAny();
  // NOT NULL column without a presence validation.
  if (kind === 'email' && attrs.email === null) crash();
}

export function channelRow(kind: ChannelKind, id: number, attrs: Params): ChannelRow {
  return { kind, id, attrs };
}
