/**
 * FastAPI request decoding and pydantic-v2 validation errors, as far as the
 * Healthing endpoints need them: body decoding (json_invalid, missing),
 * integer path parameters, the ChannelUpdate model and plain string fields.
 */
import type { EmuRequest } from '../contract.js';
import type { ValidationIssue } from './responses.js';
import { ASSIGNMENT_MODES, WEEKDAYS, type BusinessHours, type DaySchedule } from './state.js';

export type DecodedBody = { present: false } | { present: true; value: unknown };

const OBJECT_EXPECTED = 'Input should be a valid dictionary or object to extract fields from';

/**
 * FastAPI parses the body as JSON when the content type is JSON or absent; any
 * other content type hands the raw bytes to the model, which then fails.
 */
export function decodeBody(req: EmuRequest): DecodedBody | ValidationIssue {
  if (req.rawBody.length === 0) return { present: false };
  const type = req.contentType;
  const isJson = type === '' || type === 'application/json' || (type.startsWith('application/') && type.endsWith('+json'));
  if (!isJson) return { present: true, value: req.rawBody.toString('utf8') };
  if (!req.bodyInvalid && req.body !== undefined) return { present: true, value: req.body };
  const text = req.rawBody.toString('utf8');
  try {
    return { present: true, value: JSON.parse(text) };
  } catch (err) {
    const position = Number(/position (\d+)/.exec((err as Error).message)?.[1] ?? 0);
    return {
      type: 'json_invalid',
      loc: ['body', position],
      msg: 'JSON decode error',
      input: {},
      ctx: { error: 'Expecting value' },
    };
  }
}

export function isIssue(value: unknown): value is ValidationIssue {
  return typeof value === 'object' && value !== null && 'loc' in value && 'msg' in value;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The body must be present and an object; otherwise the single pydantic issue. */
export function requireObjectBody(body: DecodedBody): Record<string, unknown> | ValidationIssue {
  if (!body.present) return { type: 'missing', loc: ['body'], msg: 'Field required', input: null };
  if (!isObject(body.value)) {
    return { type: 'model_attributes_type', loc: ['body'], msg: OBJECT_EXPECTED, input: body.value };
  }
  return body.value;
}

export function parseIntParam(raw: string | undefined, name: string): number | ValidationIssue {
  const text = (raw ?? '').trim();
  if (/^[+-]?\d+$/.test(text) && Number.isSafeInteger(Number(text))) return Number(text);
  return {
    type: 'int_parsing',
    loc: ['path', name],
    msg: 'Input should be a valid integer, unable to parse string as an integer',
    input: raw ?? '',
  };
}

/** Required string fields of a small request model (login, refresh). */
export function requireStrings(
  body: Record<string, unknown>,
  fields: readonly string[],
): Record<string, string> | ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const out: Record<string, string> = {};
  for (const field of fields) {
    const value = body[field];
    if (value === undefined) issues.push({ type: 'missing', loc: ['body', field], msg: 'Field required', input: body });
    else if (typeof value !== 'string') {
      issues.push({ type: 'string_type', loc: ['body', field], msg: 'Input should be a valid string', input: value });
    } else out[field] = value;
  }
  return issues.length > 0 ? issues : out;
}

const TRUE_STRINGS = new Set(['1', 'on', 't', 'true', 'y', 'yes']);
const FALSE_STRINGS = new Set(['0', 'off', 'f', 'false', 'n', 'no']);

/** pydantic's lax bool: booleans, 0/1, and the usual yes/no words. */
function parseBool(value: unknown, loc: Array<string | number>): boolean | ValidationIssue {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number' && (value === 0 || value === 1)) return value === 1;
  if (typeof value === 'string') {
    const lower = value.trim().toLowerCase();
    if (TRUE_STRINGS.has(lower)) return true;
    if (FALSE_STRINGS.has(lower)) return false;
  }
  if (typeof value === 'string' || typeof value === 'number') {
    return { type: 'bool_parsing', loc, msg: 'Input should be a valid boolean, unable to interpret input', input: value };
  }
  return { type: 'bool_type', loc, msg: 'Input should be a valid boolean', input: value };
}

function parseDay(value: unknown, loc: Array<string | number>, issues: ValidationIssue[]): DaySchedule | null {
  if (value === null || value === undefined) return null;
  if (!isObject(value)) {
    issues.push({ type: 'model_attributes_type', loc, msg: OBJECT_EXPECTED, input: value });
    return null;
  }
  const day: DaySchedule = {};
  if (value.enabled !== undefined) {
    const enabled = parseBool(value.enabled, [...loc, 'enabled']);
    if (isIssue(enabled)) issues.push(enabled);
    else day.enabled = enabled;
  }
  for (const key of ['start', 'end'] as const) {
    const raw = value[key];
    if (raw === undefined) continue;
    if (typeof raw === 'string') day[key] = raw;
    else issues.push({ type: 'string_type', loc: [...loc, key], msg: 'Input should be a valid string', input: raw });
  }
  return day;
}

export interface ChannelUpdate {
  /** Absent key: untouched. */
  business_hours?: BusinessHours | null;
  assignment_mode?: string | null;
}

const ENUM_EXPECTED = ASSIGNMENT_MODES.map((m) => `'${m}'`)
  .join(', ')
  .replace(/, ([^,]*)$/, ' or $1');

export function validateChannelUpdate(body: Record<string, unknown>, issues: ValidationIssue[]): ChannelUpdate {
  const update: ChannelUpdate = {};
  if ('assignment_mode' in body) {
    const mode = body.assignment_mode;
    if (mode === null || (typeof mode === 'string' && (ASSIGNMENT_MODES as readonly string[]).includes(mode))) {
      update.assignment_mode = mode;
    } else {
      issues.push({
        type: 'enum',
        loc: ['body', 'assignment_mode'],
        msg: `Input should be ${ENUM_EXPECTED}`,
        input: mode,
        ctx: { expected: ENUM_EXPECTED },
      });
    }
  }
  if ('business_hours' in body) {
    const hours = body.business_hours;
    if (hours === null) {
      update.business_hours = null;
    } else if (!isObject(hours)) {
      issues.push({ type: 'model_attributes_type', loc: ['body', 'business_hours'], msg: OBJECT_EXPECTED, input: hours });
    } else {
      const week = {} as BusinessHours;
      for (const day of WEEKDAYS) week[day] = parseDay(hours[day], ['body', 'business_hours', day], issues);
      update.business_hours = week;
    }
  }
  return update;
}
