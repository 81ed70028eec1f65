/**
 * Chatwoot inbox, identified by name (names are not unique in Chatwoot:
 * ambiguity is an error unless the object pins `id`).
 */
import * as z from 'zod';
import { doc, documentedEnum } from '../config/field-docs.js';
import type { ChatwootInbox } from '../vendors/index.js';
import { ianaTimezone, nonEmptyString, pinnedId, protectedFlag } from './fields.js';
import {
  CHANNEL_SECRETS,
  channelBody,
  channelSchema,
  channelUpdateBody,
  desiredChannelFields,
  exportChannel,
  isModelledChannel,
  liveChannelFields,
} from './inbox-channel.js';
import { emptyToNull, setFields } from './normalise.js';
import type { BuildContext, FieldMap, Kind, KindRequest, LiveObject } from './types.js';
import { chatwootOf, withoutNulls } from './vendor-access.js';
import {
  desiredWorkingHours,
  exportWorkingHours,
  liveWorkingHours,
  workingHoursBody,
  workingHoursSchema,
} from './working-hours.js';

const flag = (title: string, markdown: string) => z.boolean().optional().meta(doc(title, markdown));
const text = (title: string, markdown: string) => z.string().max(10_000).nullable().optional().meta(doc(title, `${markdown} At most 10,000 characters; \`null\` or \`""\` clears it.`));

const schema = z
  .strictObject({
    id: pinnedId()
      .optional()
      .meta(doc('Pinned inbox id', 'Live Chatwoot inbox id. Chatwoot inbox names are not unique: pin the id when several inboxes share the name. Changing it makes this another inbox.')),
    name: nonEmptyString()
      .refine((n) => n !== 'null', { message: 'cannot be "null" (Chatwoot reads it as no name)' })
      .meta(doc('Inbox name', 'Name of the inbox, and its identity in deskform (`name` on Chatwoot). 1 to 255 characters.')),
    channel: channelSchema,
    greeting_enabled: flag('Greeting enabled', 'Send `greeting_message` when a conversation starts. Chatwoot default `false`.'),
    greeting_message: text('Greeting message', 'Message sent to a contact who starts a conversation, when `greeting_enabled` is true.'),
    enable_email_collect: flag('Collect email', 'Ask contacts for their email address. Chatwoot default `true`.'),
    csat_survey_enabled: flag('CSAT survey', 'Send a customer-satisfaction survey when a conversation is resolved. Chatwoot default `false`.'),
    enable_auto_assignment: flag('Auto-assignment', 'Assign new conversations to the inbox\'s agents automatically. Chatwoot default `true`.'),
    working_hours_enabled: flag(
      'Business hours enabled',
      'Apply `working_hours`: outside them contacts get `out_of_office_message`. Chatwoot default `false`.',
    ),
    working_hours: workingHoursSchema.optional(),
    out_of_office_message: text('Out-of-office message', 'Reply sent outside `working_hours` when `working_hours_enabled` is true.'),
    timezone: ianaTimezone()
      .optional()
      .meta(
        doc(
          'Time zone',
          'Time zone of `working_hours`: an IANA name such as `America/New_York` or `UTC` (Chatwoot takes TZInfo identifiers; Rails names like "Eastern Time (US & Canada)" are refused). Chatwoot default `UTC`.',
        ),
      ),
    allow_messages_after_resolved: flag('Messages after resolved', 'Let contacts reply to a resolved conversation (it reopens). Chatwoot default `true`.'),
    lock_to_single_conversation: flag('One conversation per contact', 'Keep each contact in a single conversation instead of opening new ones. Chatwoot default `false`.'),
    portal: z
      .string()
      .nullable()
      .optional()
      .meta(doc('Help-center portal', 'Slug of a portal declared in `portals` whose help center this inbox links to (`portal_id` on Chatwoot); `null` unlinks it.')),
    sender_name_type: documentedEnum({
      friendly: 'Replies show the agent\'s name (with the business name).',
      professional: 'Replies show only the business name.',
    })
      .optional()
      .meta(doc('Sender name', 'How the sender of agent replies is shown to contacts. Chatwoot default `friendly`.')),
    business_name: z
      .string()
      .max(255)
      .nullable()
      .optional()
      .meta(doc('Business name', 'Business name shown to contacts with `sender_name_type`. At most 255 characters.')),
    protected: protectedFlag(),
  })
  .meta(
    doc(
      'Chatwoot inbox',
      'A Chatwoot inbox, matched by `name`: its channel (website widget, API or email), greeting, business hours and help-center link.',
      [
        {
          label: 'Website inbox',
          description: 'An inbox with a website live-chat widget',
          body: { name: '${1:Website}', channel: { type: 'web_widget', website_url: '${2:https://example.com}' } },
        },
        { label: 'API inbox', description: 'An inbox fed through the API', body: { name: '${1:API}', channel: { type: 'api' } } },
      ],
    ),
  );
export type InboxConfig = z.infer<typeof schema>;

/** Inbox columns sent and read under the same name. */
const COLUMNS = [
  'name',
  'greeting_enabled',
  'greeting_message',
  'enable_email_collect',
  'csat_survey_enabled',
  'enable_auto_assignment',
  'working_hours_enabled',
  'out_of_office_message',
  'timezone',
  'allow_messages_after_resolved',
  'lock_to_single_conversation',
  'sender_name_type',
  'business_name',
] as const;
const NULLABLE_STRINGS = new Set(['greeting_message', 'out_of_office_message', 'business_name']);

export const inboxKind: Kind<InboxConfig, ChatwootInbox> = {
  kind: 'inbox',
  configKey: 'inboxes',
  vendor: 'chatwoot',
  schema,
  fieldClasses: {
    'channel.type': 'immutable',
    ...Object.fromEntries(CHANNEL_SECRETS.map((path) => [path, 'secret' as const])),
  },
  keyOf: (d) => d.name,
  // A pinned id chooses which live inbox this is: a new id is another inbox.
  terraform: { replacedOnChange: [['id']] },
  pinOf: (d) => (d.id === undefined ? undefined : String(d.id)),
  manages: (live) => isModelledChannel(live.wire),
  references: (d) => (d.portal ? [{ path: ['portal'], kind: 'portal', key: d.portal }] : []),

  async readLive(clients) {
    const inboxes = await chatwootOf(clients).listInboxes();
    return inboxes.map((i) => ({ id: String(i.id), key: i.name, wire: i }));
  },

  desiredFields(d) {
    const f: FieldMap = {};
    for (const column of COLUMNS) {
      const value = d[column];
      if (value !== undefined) f[column] = NULLABLE_STRINGS.has(column) ? emptyToNull(value) : value;
    }
    setFields(f, { portal: d.portal });
    Object.assign(f, desiredChannelFields(d.channel));
    if (d.working_hours) Object.assign(f, desiredWorkingHours(d.working_hours));
    return f;
  },

  liveFields({ wire }) {
    const f: FieldMap = {};
    for (const column of COLUMNS) {
      const value = (wire as Record<string, unknown>)[column];
      f[column] = NULLABLE_STRINGS.has(column) ? emptyToNull(value) : (value ?? null);
    }
    f.portal = wire.help_center?.slug ?? null;
    Object.assign(f, liveChannelFields(wire), liveWorkingHours(wire.working_hours ?? []));
    return f;
  },

  exportLive({ wire }) {
    const out: Record<string, unknown> = { name: wire.name, channel: exportChannel(wire, CHANNEL_SECRETS) };
    for (const column of COLUMNS) if (column !== 'name') out[column] = (wire as Record<string, unknown>)[column];
    out.working_hours = exportWorkingHours(wire.working_hours ?? []);
    out.portal = wire.help_center?.slug;
    return withoutNulls(out);
  },

  createRequest,

  async create(d, ctx, deferred) {
    const request = createRequest(d, ctx, deferred);
    const client = chatwootOf(ctx.clients);
    const wire = await client.createInbox(request.body, secretValues(d.channel), ctx.creating);
    if (request.thenUpdate) await client.updateInbox(wire.id, request.thenUpdate);
    return { id: String(wire.id), key: wire.name, wire };
  },

  updateRequest,

  async update(live, d, changed, ctx) {
    const { body } = updateRequest(live, d, changed, ctx);
    // Live passwords may complete a connection block: those are as secret as the declared ones.
    await chatwootOf(ctx.clients).updateInbox(Number(live.id), body, secretValues({ ...d.channel, ...(body.channel as object | undefined) }));
  },

  async delete(live, ctx) {
    await chatwootOf(ctx.clients).deleteInbox(Number(live.id));
  },
  // DELETE only enqueues Chatwoot's DeleteObjectJob; the inbox lists until it has run.
  deletesInBackground: true,
};

function createRequest(d: InboxConfig, ctx: BuildContext, deferred: ReadonlySet<string>): KindRequest {
  const { type, ...channelFields } = d.channel;
  const body: Record<string, unknown> = {
    ...columnsOf(d),
    channel: { type, ...channelBody(d.channel, Object.keys(channelFields)) },
  };
  if (d.portal !== undefined && !deferred.has('portal')) body.portal_id = portalId(d.portal, ctx.idOf);
  // Chatwoot ignores working_hours on create; they can only be set by an update.
  return d.working_hours ? { body, thenUpdate: { working_hours: workingHoursBody(d.working_hours) } } : { body };
}

function updateRequest(live: LiveObject<ChatwootInbox>, d: InboxConfig, changed: ReadonlySet<string>, ctx: BuildContext): KindRequest {
  const body: Record<string, unknown> = {};
  for (const column of COLUMNS) if (changed.has(column)) body[column] = d[column] ?? null;
  if (changed.has('portal')) body.portal_id = d.portal ? portalId(d.portal, ctx.idOf) : null;
  // Never send channel.type on update: Chatwoot answers 500 after saving the inbox fields.
  const channelFields = [...changed].filter((p) => p.startsWith('channel.') && p !== 'channel.type').map((p) => p.slice(8));
  if (channelFields.length > 0) body.channel = channelUpdateBody(d.channel, live.wire, channelFields);
  const days = new Set([...changed].filter((p) => p.startsWith('working_hours.')).map((p) => Number(p.slice(14))));
  if (days.size > 0) body.working_hours = workingHoursBody((d.working_hours ?? []).filter((w) => days.has(w.day_of_week)));
  return { body };
}

function columnsOf(d: InboxConfig): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const column of COLUMNS) if (d[column] !== undefined) out[column] = d[column];
  return out;
}

/** The secret values of a channel object, so the client can keep them out of errors the vendor echoes. */
function secretValues(channel: Record<string, unknown>): string[] {
  return CHANNEL_SECRETS.map((path) => channel[path.slice('channel.'.length)]).filter((v): v is string => typeof v === 'string' && v !== '');
}

function portalId(slug: string | null, idOf: (kind: string, key: string) => string | undefined): number | null {
  if (slug === null) return null;
  const id = idOf('portal', slug);
  if (id === undefined) throw new Error(`portal "${slug}" has no live id when linking its inbox`);
  return Number(id);
}
