/**
 * Chatwoot inbox working hours: written as a partial per-day list (update
 * only), read back as all seven days. Compared per declared day as
 * "closed" or "HH:MM-HH:MM".
 */
import * as z from 'zod';
import { doc } from '../config/field-docs.js';

const hour = (title: string, markdown: string) => z.number().int().min(0).max(23).optional().meta(doc(title, `${markdown} 0 to 23, in the inbox's \`timezone\`.`));
const minute = (title: string, markdown: string) => z.number().int().min(0).max(59).optional().meta(doc(title, `${markdown} 0 to 59; default 0.`));

const day = z
  .strictObject({
    day_of_week: z
      .number()
      .int()
      .min(0)
      .max(6)
      .meta(doc('Day of week', 'Which day this row sets: `0` = Sunday, `1` = Monday … `6` = Saturday. Each day at most once.')),
    closed_all_day: z.boolean().optional().meta(doc('Closed all day', 'The inbox is closed the whole day.')),
    open_all_day: z.boolean().optional().meta(doc('Open all day', 'The inbox is open the whole day (00:00-23:59).')),
    open_hour: hour('Opening hour', 'Hour the inbox opens; needed unless the day is closed or open all day.'),
    open_minutes: minute('Opening minutes', 'Minutes past `open_hour`.'),
    close_hour: hour('Closing hour', 'Hour the inbox closes, after the opening time; needed unless the day is closed or open all day.'),
    close_minutes: minute('Closing minutes', 'Minutes past `close_hour`.'),
  })
  .meta(
    doc('Working day', 'Opening hours of one day of the week.', [
      {
        label: 'Open day',
        description: 'Open from 09:00 to 17:00',
        body: { day_of_week: 1, open_hour: 9, open_minutes: 0, close_hour: 17, close_minutes: 0 },
      },
      { label: 'Closed day', description: 'Closed the whole day', body: { day_of_week: 0, closed_all_day: true } },
    ]),
  )
  .superRefine((d, ctx) => {
    if (d.closed_all_day && d.open_all_day) {
      ctx.addIssue({ code: 'custom', path: ['open_all_day'], message: 'a day cannot be both closed and open all day' });
      return;
    }
    if (d.closed_all_day || d.open_all_day) return;
    if (d.open_hour === undefined || d.close_hour === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: [d.open_hour === undefined ? 'open_hour' : 'close_hour'],
        message: 'an open day needs open_hour and close_hour (or closed_all_day / open_all_day: true)',
      });
      return;
    }
    if (d.close_hour * 60 + (d.close_minutes ?? 0) <= d.open_hour * 60 + (d.open_minutes ?? 0)) {
      ctx.addIssue({ code: 'custom', path: ['close_hour'], message: 'closing time must be after opening time' });
    }
  });
export type WorkingDay = z.infer<typeof day>;

export const workingHoursSchema = z
  .array(day)
  .superRefine((days, ctx) => {
    const seen = new Set<number>();
    days.forEach((d, i) => {
      if (seen.has(d.day_of_week)) {
        ctx.addIssue({ code: 'custom', path: [i, 'day_of_week'], message: `day_of_week ${d.day_of_week} is listed twice` });
      }
      seen.add(d.day_of_week);
    });
  })
  .meta(
    doc(
      'Working hours',
      "Opening hours per day, applied when `working_hours_enabled` is true. Only the days listed are managed; a day left out keeps Chatwoot's setting (new inboxes: Monday to Friday 09:00-17:00, weekends closed). Chatwoot sets them by an update right after create.",
    ),
  );

/** The rows as Chatwoot returns them. */
export interface WorkingHoursRow {
  day_of_week: number;
  closed_all_day?: boolean | null;
  open_all_day?: boolean | null;
  open_hour?: number | null;
  open_minutes?: number | null;
  close_hour?: number | null;
  close_minutes?: number | null;
}

const two = (n: number | null | undefined) => String(n ?? 0).padStart(2, '0');

function describe(row: WorkingHoursRow): string {
  if (row.closed_all_day) return 'closed';
  if (row.open_all_day) return '00:00-23:59';
  return `${two(row.open_hour)}:${two(row.open_minutes)}-${two(row.close_hour)}:${two(row.close_minutes)}`;
}

export function desiredWorkingHours(days: WorkingDay[]): Record<string, string> {
  return Object.fromEntries(days.map((d) => [`working_hours.${d.day_of_week}`, describe(d)]));
}

export function liveWorkingHours(rows: WorkingHoursRow[]): Record<string, string> {
  return Object.fromEntries(rows.map((r) => [`working_hours.${r.day_of_week}`, describe(r)]));
}

/** Explicit flags on every row: a partial row would keep the day's previous closed/open state. */
export function workingHoursBody(days: WorkingDay[]): WorkingHoursRow[] {
  return days.map((d) => ({
    day_of_week: d.day_of_week,
    closed_all_day: d.closed_all_day ?? false,
    open_all_day: d.open_all_day ?? false,
    open_hour: d.open_hour ?? null,
    open_minutes: d.open_minutes ?? (d.open_hour === undefined ? null : 0),
    close_hour: d.close_hour ?? null,
    close_minutes: d.close_minutes ?? (d.close_hour === undefined ? null : 0),
  }));
}

export function exportWorkingHours(rows: WorkingHoursRow[]): WorkingDay[] {
  return [...rows]
    .sort((a, b) => a.day_of_week - b.day_of_week)
    .map((r) => {
      if (r.closed_all_day) return { day_of_week: r.day_of_week, closed_all_day: true };
      if (r.open_all_day) return { day_of_week: r.day_of_week, open_all_day: true };
      return {
        day_of_week: r.day_of_week,
        open_hour: r.open_hour ?? 0,
        open_minutes: r.open_minutes ?? 0,
        close_hour: r.close_hour ?? 0,
        close_minutes: r.close_minutes ?? 0,
      };
    });
}
