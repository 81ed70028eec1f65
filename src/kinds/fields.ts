/** Zod field types shared by several kinds, each with a message a user can act on. */
import { z } from 'zod';

const HEX_COLOUR = /^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$/;

export const hexColour = () =>
  z.string().regex(HEX_COLOUR, { message: 'must be a hex colour like "#1F93FF"' }).describe('Hex colour, #RGB or #RRGGBB');

let zoneSet: Set<string> | undefined;
/** IANA zone names known to this Node (plus UTC aliases, which Intl omits). */
export function isIanaTimezone(name: string): boolean {
  zoneSet ??= new Set([...Intl.supportedValuesOf('timeZone'), 'UTC', 'Etc/UTC', 'Etc/GMT']);
  return zoneSet.has(name);
}

export const ianaTimezone = () =>
  z
    .string()
    .refine(isIanaTimezone, { message: 'is not a known IANA timezone (for example "America/New_York" or "UTC")' })
    .describe('IANA timezone name');

export const httpUrl = () =>
  z
    .string()
    .refine((v) => /^https?:\/\/[^\s/]+/.test(v), { message: 'must be an http(s) URL' })
    .describe('http(s) URL');

const HH_MM = /^([01]\d|2[0-3]):([0-5]\d)$/;
const H_MM = /^([01]?\d|2[0-3]):([0-5]\d)$/;

export const isClockTime = (value: string) => H_MM.test(value);

/** 24-hour `HH:MM`; `H:MM` is accepted and normalised by the kinds that use it. */
export const clockTime = () =>
  z.string().regex(H_MM, { message: 'must be a 24-hour time "HH:MM"' }).describe('24-hour time HH:MM');

/** `9:05` → `09:05`. */
export function canonicalTime(value: string): string {
  const [h = '', m = ''] = value.split(':');
  const time = `${h.padStart(2, '0')}:${m}`;
  return HH_MM.test(time) ? time : value;
}

export const nonEmptyString = (max = 255) =>
  z.string().min(1, { message: 'must not be empty' }).max(max, { message: `must be at most ${max} characters` });

/** Value of a pinned vendor id, accepted as number or string. */
export const pinnedId = () => z.union([z.number().int().positive(), z.string().min(1)]).describe('Pinned live id');

/** Marks an object that `--prune` must never delete. */
export const protectedFlag = () => z.boolean().describe('Never delete this object, even with --prune');
