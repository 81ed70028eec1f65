/** Zod field types shared by several kinds, each with a message a user can act on. */
import * as z from 'zod';
import { doc, enumDocs } from '../config/field-docs.js';
import { IANA_LINKS, IANA_ZONES } from './iana-zones.js';

const HEX_COLOUR = /^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$/;

export const hexColour = () =>
  z.string().regex(HEX_COLOUR, { message: 'must be a hex colour like "#1F93FF"' }).describe('Hex colour, #RGB or #RRGGBB');

/** Zone each accepted name stands for. A fixed list rather than Intl's: Node's list differs by version and leaves out names such as Asia/Kolkata. */
const ZONE_OF: ReadonlyMap<string, string> = new Map([
  ...IANA_ZONES.map((zone) => [zone, zone] as const),
  ...IANA_LINKS.map((link) => link.split('>') as [string, string]),
]);
const ZONE_NAMES = [...ZONE_OF.keys()].sort();

export function isIanaTimezone(name: string): boolean {
  return ZONE_OF.has(name);
}

/** The loader checks the name against ZONE_OF; the JSON Schema lists the same names, so editors complete and flag them alike. */
export const ianaTimezone = () =>
  z
    .string()
    .refine(isIanaTimezone, { message: 'is not a known IANA timezone (for example "America/New_York" or "UTC")' })
    .meta({
      enum: ZONE_NAMES,
      ...enumDocs(ZONE_NAMES, (name) => (ZONE_OF.get(name) === name ? 'IANA time zone' : `Another name for \`${ZONE_OF.get(name)}\``)),
    });

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
export const pinnedId = () => z.union([z.number().int().positive(), z.string().min(1)]);

/** Marks an object that `--prune` must never delete. */
export const protectedFlag = () =>
  z
    .boolean()
    .optional()
    .meta(
      doc(
        'Protected',
        'When `true`, `--prune` never deletes or archives this object, even after it leaves the config (the state file remembers it). Local to deskform, not sent to the vendor. Default `false`.',
      ),
    );
