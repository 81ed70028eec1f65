/**
 * Healthing messaging channel. Adopt-only: the API cannot create or delete
 * channels, so deskform manages existing ones. `business_hours` is
 * write-only (never returned), so it is verified against the ledger.
 */
import * as z from 'zod';
import { doc, documentedEnum } from '../config/field-docs.js';
import type { HealthingChannel } from '../vendors/index.js';
import { canonicalTime, clockTime, isClockTime, nonEmptyString, pinnedId, protectedFlag } from './fields.js';
import type { FieldMap, Kind, KindRequest } from './types.js';
import { healthingOf, withoutNulls } from './vendor-access.js';

export const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'] as const;

const daySchedule = z
  .strictObject({
    enabled: z.boolean().meta(doc('Open', 'Whether the channel is open this day. Required.')),
    start: clockTime().optional().meta(doc('Opens at', 'Opening time, 24-hour `HH:MM` (`H:MM` is accepted), in the tenant\'s time zone; needed when `enabled`.')),
    end: clockTime().optional().meta(doc('Closes at', 'Closing time, 24-hour `HH:MM`, after `start`; needed when `enabled`.')),
  })
  .superRefine((d, ctx) => {
    if (!d.enabled) return;
    if (d.start === undefined || d.end === undefined) {
      ctx.addIssue({ code: 'custom', path: [d.start === undefined ? 'start' : 'end'], message: 'an enabled day needs start and end' });
    } else if (isClockTime(d.start) && isClockTime(d.end) && canonicalTime(d.start) >= canonicalTime(d.end)) {
      ctx.addIssue({ code: 'custom', path: ['end'], message: `end (${d.end}) must be after start (${d.start})` });
    }
  });
type DaySchedule = z.infer<typeof daySchedule>;

const dayDoc = (day: string) =>
  doc(`${day[0]!.toUpperCase()}${day.slice(1)}`, `Hours on ${day}; left out or \`null\`, the channel is closed that day.`, [
    { label: 'Open 09:00-18:00', body: { enabled: true, start: '${1:09:00}', end: '${2:18:00}' } },
    { label: 'Closed', body: { enabled: false } },
  ]);

const businessHours = z
  .strictObject(Object.fromEntries(WEEKDAYS.map((day) => [day, daySchedule.nullable().optional().meta(dayDoc(day))])) as Record<
    (typeof WEEKDAYS)[number],
    z.ZodOptional<z.ZodNullable<typeof daySchedule>>
  >)
  .nullable()
  .optional()
  .meta(
    doc(
      'Business hours',
      'Opening hours per weekday (`business_hours` on Healthing). Healthing replaces the whole week, so a day left out is sent as closed. Write-only: Healthing never returns it, so deskform compares it with what it last applied (kept as a digest in the state file).',
    ),
  );

const schema = z
  .strictObject({
    id: pinnedId()
      .optional()
      .meta(doc('Pinned channel id', 'Live Healthing channel id: pins the channel when names repeat. Changing it makes this another channel.')),
    name: nonEmptyString().meta(doc('Channel name', 'Name of an existing Healthing channel, its identity in deskform. 1 to 255 characters; deskform cannot rename it.')),
    channel_type: z
      .string()
      .min(1)
      .optional()
      .meta(doc('Channel type', 'Healthing channel type, for example `whatsapp`: narrows the match when names repeat across types. Not sent.')),
    assignment_mode: documentedEnum({
      manual: 'Agents pick conversations themselves.',
      round_robin: 'New conversations go to agents in turn.',
      load_balanced: 'New conversations go to the agent with the fewest open ones.',
    })
      .nullable()
      .optional()
      .meta(doc('Assignment mode', 'How Healthing distributes new conversations to agents (`assignment_mode`); `null` clears it.')),
    business_hours: businessHours,
    protected: protectedFlag(),
  })
  .meta(
    doc(
      'Healthing channel',
      'An existing Healthing messaging channel, matched by `name`. Healthing\'s API cannot create or delete channels: deskform adopts them and manages their assignment mode and business hours.',
      [{ label: 'Channel', description: 'Assignment mode of an existing channel', body: { name: '${1:WhatsApp}', assignment_mode: '${2:round_robin}' } }],
    ),
  );
export type ChannelConfig = z.infer<typeof schema>;
type BusinessHours = NonNullable<ChannelConfig['business_hours']>;

/**
 * Healthing replaces business_hours whole and never returns it, so a day left
 * out cannot be left as it is: every day is sent, a day left out as closed
 * (rather than cleared to null by accident), and the plan says so.
 */
function fullWeek(hours: BusinessHours): Record<string, DaySchedule> {
  return Object.fromEntries(
    WEEKDAYS.map((day) => {
      const d = hours[day];
      if (!d || !d.enabled) return [day, { enabled: false }];
      return [day, { enabled: true, start: canonicalTime(d.start ?? ''), end: canonicalTime(d.end ?? '') }];
    }),
  );
}

export const channelKind: Kind<ChannelConfig, HealthingChannel> = {
  kind: 'channel',
  configKey: 'channels',
  vendor: 'healthing',
  schema,
  fieldClasses: { business_hours: 'write-only' },
  keyOf: (d) => d.name,
  // Channels are adopted, not created: name, type or id choose which live channel is managed.
  terraform: { replacedOnChange: [['id'], ['name'], ['channel_type']] },
  pinOf: (d) => (d.id === undefined ? undefined : String(d.id)),
  narrow: (d, live) => d.channel_type === undefined || live.wire.channel_type === d.channel_type,
  references: () => [],

  async readLive(clients) {
    const channels = await healthingOf(clients).listChannels();
    return channels.map((c) => ({ id: String(c.id), key: c.name, wire: c }));
  },

  desiredFields(d) {
    const f: FieldMap = {};
    if (d.assignment_mode !== undefined) f.assignment_mode = d.assignment_mode;
    // Per day, so a plan shows which day changed; the whole week is still sent (see update).
    // null (cleared) is also per day, so the ledger never keeps digests of days that were cleared.
    if (d.business_hours === null) for (const day of WEEKDAYS) f[`business_hours.${day}`] = null;
    else if (d.business_hours) for (const [day, hours] of Object.entries(fullWeek(d.business_hours))) f[`business_hours.${day}`] = hours;
    return f;
  },

  impliedFields(d) {
    const hours = d.business_hours;
    if (!hours) return {};
    const left = WEEKDAYS.filter((day) => hours[day] === undefined);
    return Object.fromEntries(left.map((day) => [`business_hours.${day}`, 'not declared: sent as closed (Healthing replaces the whole week)']));
  },

  liveFields({ wire }) {
    // business_hours is deliberately absent: Healthing never returns it.
    return { assignment_mode: wire.assignment_mode ?? null };
  },

  exportLive({ wire }) {
    return withoutNulls({ name: wire.name, channel_type: wire.channel_type, assignment_mode: wire.assignment_mode });
  },

  updateRequest: (_live, d, changed) => updateRequest(d, changed),

  async update(live, d, changed, ctx) {
    const request = updateRequest(d, changed);
    if (request) await healthingOf(ctx.clients).updateChannel(Number(live.id), request.body);
  },
};

/** Undefined when no changed field is one Healthing takes (nothing to send). */
function updateRequest(d: ChannelConfig, changed: ReadonlySet<string>): KindRequest | undefined {
  const body: Record<string, unknown> = {};
  if (changed.has('assignment_mode')) body.assignment_mode = d.assignment_mode ?? null;
  if ([...changed].some((path) => path.startsWith('business_hours'))) body.business_hours = d.business_hours ? fullWeek(d.business_hours) : null;
  return Object.keys(body).length > 0 ? { body } : undefined;
}
