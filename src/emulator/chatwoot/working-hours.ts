/**
 * Inbox working hours (`OutOfOffisable`, `WorkingHour`, §3.8).
 */
import type { WorkingHourRow } from './state.js';
import { castBool, castInt, has, isObject, isScalar } from './cast.js';
import { crash } from './responses.js';

const OFFISABLE_ATTRS = ['day_of_week', 'closed_all_day', 'open_hour', 'open_minutes', 'close_hour', 'close_minutes', 'open_all_day'] as const;

function hours(day: number, open: [number, number] | null): WorkingHourRow {
  return {
    day_of_week: day,
    closed_all_day: open === null,
    open_hour: open ? open[0] : null,
    open_minutes: open ? 0 : null,
    close_hour: open ? open[1] : null,
    close_minutes: open ? 0 : null,
    open_all_day: false,
  };
}

/** Created with every inbox: weekend closed, Monday–Friday 09:00–17:00. */
export function defaultWorkingHours(): WorkingHourRow[] {
  return [0, 1, 2, 3, 4, 5, 6].map((d) => hours(d, d === 0 || d === 6 ? null : [9, 17]));
}

function inRange(v: number | null, max: number): boolean {
  return v !== null && v >= 0 && v <= max;
}

/** WorkingHour validations; `open_all_day` is normalised to 00:00–23:59 first. */
function validRow(row: WorkingHourRow): boolean {
  if (row.open_all_day === true && row.closed_all_day === true) return false;
  if (row.closed_all_day === true) return true;
  if (!inRange(row.open_hour, 23) || !inRange(row.close_hour, 23)) return false;
  if (!inRange(row.open_minutes, 59) || !inRange(row.close_minutes, 59)) return false;
  const open = (row.open_hour ?? 0) * 60 + (row.open_minutes ?? 0);
  const close = (row.close_hour ?? 0) * 60 + (row.close_minutes ?? 0);
  return close > open;
}

/**
 * `update_working_hours`: each entry updates its day with `update` (not
 * `update!`), so an invalid row is silently left unchanged. A non-array value
 * or an entry whose day has no row raises, rolling back this step only.
 */
export function applyWorkingHours(rows: WorkingHourRow[], value: unknown): WorkingHourRow[] {
  if (!Array.isArray(value)) crash();
  const next = rows.map((r) => ({ ...r }));
  // Strong parameters keep only the hash elements of the array.
  for (const e of value.filter(isObject)) {
    const day = isScalar(e.day_of_week) ? castInt(e.day_of_week) : null;
    const index = next.findIndex((r) => r.day_of_week === day);
    const current = next[index];
    if (!current) crash();
    const candidate: WorkingHourRow = { ...current };
    for (const k of OFFISABLE_ATTRS) {
      if (!has(e, k) || !isScalar(e[k])) continue;
      if (k === 'closed_all_day' || k === 'open_all_day') candidate[k] = castBool(e[k]);
      else if (k !== 'day_of_week') candidate[k] = castInt(e[k]);
    }
    if (candidate.open_all_day === true) {
      candidate.open_hour = 0;
      candidate.open_minutes = 0;
      candidate.close_hour = 23;
      candidate.close_minutes = 59;
    }
    if (validRow(candidate)) next[index] = candidate;
  }
  return next;
}
