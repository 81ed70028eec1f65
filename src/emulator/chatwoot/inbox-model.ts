/**
 * The Inbox model's own columns: permitting, casting, validation (422) and
 * database constraints (500) (§3.1, §3.5, §3.6).
 */
import type { ChatwootState, InboxRow } from './state.js';
import { castBool, castInt, castString, has, isBlank, isObject, isScalar, rubyToI, type Params } from './cast.js';
import { RecordErrors, STRING_MAX } from './validation.js';
import { crash } from './responses.js';
import { isKnownTimezone } from './timezones.js';
import { permitCsatConfig } from './csat.js';

const BOOL_ATTRS = [
  'greeting_enabled', 'enable_email_collect', 'csat_survey_enabled', 'enable_auto_assignment',
  'working_hours_enabled', 'allow_messages_after_resolved', 'lock_to_single_conversation',
] as const;
const STRING_ATTRS = ['name', 'greeting_message', 'out_of_office_message', 'timezone', 'business_name'] as const;
const MESSAGE_MAX = 10_000;

/** Top-level `"null"` strings become real nulls (a multipart-form workaround in the controller). */
export function convertNullStrings(body: Params): Params {
  const out: Params = {};
  for (const [k, v] of Object.entries(body)) out[k] = v === 'null' ? null : v;
  return out;
}

/** The inbox attributes of `permitted_params` (everything but `channel`). */
export function permitInbox(params: Params): Params {
  const out: Params = {};
  for (const k of [...BOOL_ATTRS, ...STRING_ATTRS, 'portal_id', 'sender_name_type']) {
    if (has(params, k) && isScalar(params[k])) out[k] = params[k];
  }
  if (isObject(params.csat_config)) out.csat_config = permitCsatConfig(params.csat_config);
  if (isObject(params.auto_assignment_config)) {
    const limit = params.auto_assignment_config.max_assignment_limit;
    out.auto_assignment_config = has(params.auto_assignment_config, 'max_assignment_limit') && isScalar(limit)
      ? { max_assignment_limit: limit }
      : {};
  }
  return out;
}

/** Enum assignment raises ArgumentError on an unknown value; blank is nil. */
function castSenderNameType(v: unknown): InboxRow['sender_name_type'] {
  if (isBlank(v) && v !== false) return null;
  if (v === 'friendly' || v === 0) return 'friendly';
  if (v === 'professional' || v === 1) return 'professional';
  crash();
}

export function assignInbox(row: InboxRow, attrs: Params): void {
  for (const k of BOOL_ATTRS) if (has(attrs, k)) row[k] = castBool(attrs[k]);
  for (const k of STRING_ATTRS) if (has(attrs, k)) row[k] = castString(attrs[k]);
  if (has(attrs, 'portal_id')) row.portal_id = castInt(attrs.portal_id);
  if (has(attrs, 'sender_name_type')) row.sender_name_type = castSenderNameType(attrs.sender_name_type);
  if (isObject(attrs.csat_config)) row.csat_config = attrs.csat_config;
  if (isObject(attrs.auto_assignment_config)) row.auto_assignment_config = attrs.auto_assignment_config;
}

/** Validations (422), then the constraints a database insert or update enforces (500). */
export function saveInbox(row: InboxRow, state: ChatwootState, channelExists: boolean): void {
  const errors = new RecordErrors();
  errors.maxLength('name', row.name, STRING_MAX);
  errors.maxLength('business_name', row.business_name, STRING_MAX);
  errors.blank('name', row.name);
  if (!isKnownTimezone(row.timezone)) errors.add('timezone', 'is not included in the list');
  errors.maxLength('out_of_office_message', row.out_of_office_message, MESSAGE_MAX);
  errors.maxLength('greeting_message', row.greeting_message, MESSAGE_MAX);
  const limit = row.auto_assignment_config.max_assignment_limit;
  if (!isBlank(limit) && rubyToI(typeof limit === 'boolean' ? '' : limit) <= 0) {
    errors.add('auto_assignment_config', 'max_assignment_limit must be greater than 0');
  }
  if (!channelExists) errors.add('channel', 'must exist');
  errors.raiseIfAny();
  if (row.lock_to_single_conversation === null || row.sender_name_type === null) crash();
  // `inboxes.portal_id` has a foreign key to any portal of the installation.
  if (row.portal_id !== null && !state.portals.some((p) => p.id === row.portal_id)) crash();
}
