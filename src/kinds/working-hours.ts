/**
 * Chatwoot inbox working hours: written as a partial per-day list (update
 * only), read back as all seven days. Compared per declared day as
 * "closed" or "HH:MM-HH:MM".
 */
import { z } from 'zod';

const hour = z.number().int().min(0).max(23);
const minute = z.number().int().min(0).max(59);

const day = z
  .strictObject({
    day_of_week: z.number().int().min(0).max(6).describe('0 = Sunday … 6 = Saturday'),
    closed_all_day: z.boolean().optional(),
    open_all_day: z.boolean().optional(),
    open_hour: hour.optional(),
    open_minutes: minute.optional(),
    close_hour: hour.optional(),
    close_minutes: minute.optional(),
  })
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

export const workingHoursSchema = z.array(day).superRefine((days, ctx) => {
  const seen = new Set<number>();
  days.forEach((d, i) => {
    if (seen.has(d.day_of_week)) {
      ctx.addIssue({ code: 'custom', path: [i, 'day_of_week'], message: `day_of_week ${d.day_of_week} is listed twice` });
    }
    seen.add(d.day_of_week);
  });
});

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
