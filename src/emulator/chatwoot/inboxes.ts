/**
 * Inbox actions (`inboxes_controller.rb`, §3.4–§3.7).
 */
import type { EmuEnv } from '../contract.js';
import type { ChatwootState, InboxRow } from './state.js';
import { bodyParams, isAdmin, type AccountHandler, type Caller } from './auth.js';
import { crash, halt, json } from './responses.js';
import { has, isObject, isScalar, rubyTruthy } from './cast.js';
import { assignInbox, convertNullStrings, permitInbox, saveInbox } from './inbox-model.js';
import { formatCsatConfig } from './csat.js';
import { ALLOWED_CHANNEL_TYPES, assignChannel, channelDefaults, channelRow, isEmulatedKind, permitChannelAttrs, saveChannel } from './channels.js';
import { applyWorkingHours, defaultWorkingHours } from './working-hours.js';
import { canSeeInbox, fetchInbox, requireAdmin } from './inbox-access.js';
import { renderInbox } from './render-inbox.js';
import { enqueueInboxDelete } from './inbox-jobs.js';
import { emailConnectionError } from './email-check.js';

function respond(inbox: InboxRow, state: ChatwootState, env: EmuEnv, caller: Caller) {
  return json(200, renderInbox(inbox, state, env, isAdmin(caller)));
}

export const listInboxes: AccountHandler = (_req, state, env, caller) => {
  const visible = state.inboxes.filter((i) => i.account_id === caller.account.id && canSeeInbox(state, caller, i));
  return json(200, { payload: visible.map((i) => renderInbox(i, state, env, isAdmin(caller))) });
};

export const showInbox: AccountHandler = (req, state, env, caller) =>
  respond(fetchInbox(state, caller, req.params.id, false), state, env, caller);

function newInbox(accountId: number): InboxRow {
  return {
    id: 0, account_id: accountId, name: null, greeting_enabled: false, greeting_message: null,
    working_hours_enabled: false, out_of_office_message: null, timezone: 'UTC', enable_email_collect: true,
    enable_auto_assignment: true, auto_assignment_config: {}, csat_survey_enabled: false, csat_config: {},
    allow_messages_after_resolved: true, lock_to_single_conversation: false, sender_name_type: 'friendly',
    business_name: null, portal_id: null, channel: channelRow('api', 0, {}), working_hours: [],
  };
}

/** `Account#usage_limits[:inboxes]` on a self-hosted install. */
const SELF_HOSTED_INBOX_LIMIT = 100_000;

/** One transaction: create the channel, build and save the inbox. Nothing is kept on failure. */
export const createInbox: AccountHandler = (req, state, env, caller) => {
  // The limit check runs before the role check; inboxes still being deleted count.
  const count = state.inboxes.filter((i) => i.account_id === caller.account.id).length;
  if (count >= (caller.account.inbox_limit ?? SELF_HOSTED_INBOX_LIMIT)) halt(402, { error: 'Account limit exceeded. Upgrade to a higher plan' });
  requireAdmin(caller);
  const params = convertNullStrings(bodyParams(req));
  // `permitted_params[:channel][:type]` on a missing channel is a nil dereference.
  if (!isObject(params.channel)) crash();
  const type = isScalar(params.channel.type) ? params.channel.type : undefined;
  let channelExists = false;
  const row = newInbox(caller.account.id);
  if (typeof type === 'string' && ALLOWED_CHANNEL_TYPES.includes(type)) {
    if (!isEmulatedKind(type)) {
      halt(422, { message: `Channel type ${type} is not supported by the emulator`, attributes: ['channel'] });
    }
    const attrs = channelDefaults(type, env);
    assignChannel(type, attrs, permitChannelAttrs(type, params.channel));
    saveChannel(type, attrs, state, null);
    row.channel = channelRow(type, state.sequences.channel[type]++, attrs);
    channelExists = true;
  }
  // Working hours are not an inbox attribute on create: only update handles them.
  assignInbox(row, permitInbox(params));
  saveInbox(row, state, channelExists);
  row.id = state.sequences.inbox++;
  row.working_hours = defaultWorkingHours();
  state.inboxes.push(row);
  return respond(row, state, env, caller);
};

/**
 * Not transactional: inbox columns, then working hours, then channel
 * attributes are saved one after the other, so a later failure leaves the
 * earlier steps committed.
 */
export const updateInbox: AccountHandler = (req, state, env, caller) => {
  const inbox = fetchInbox(state, caller, req.params.id, true);
  const params = convertNullStrings(bodyParams(req));

  const attrs = permitInbox(params);
  // An empty csat_config is skipped; a non-empty one is normalised (§3.9).
  const csat = attrs.csat_config;
  delete attrs.csat_config;
  if (isObject(csat) && Object.keys(csat).length > 0) attrs.csat_config = formatCsatConfig(csat);
  const next: InboxRow = structuredClone(inbox);
  assignInbox(next, attrs);
  saveInbox(next, state, true);
  Object.assign(inbox, next);

  if (rubyTruthy(params.working_hours)) inbox.working_hours = applyWorkingHours(inbox.working_hours, params.working_hours);

  let connectionError: string | undefined;
  if (isObject(params.channel)) {
    const kind = inbox.channel.kind;
    const channelAttrs = permitChannelAttrs(kind, params.channel);
    if (kind === 'email') connectionError = emailConnectionError(channelAttrs);
    // `type` is permitted and forwarded to `channel.update!`, where no such attribute exists.
    if (has(params.channel, 'type') && isScalar(params.channel.type)) crash();
    if (Object.keys(channelAttrs).length > 0) {
      const nextAttrs = structuredClone(inbox.channel.attrs);
      assignChannel(kind, nextAttrs, channelAttrs);
      saveChannel(kind, nextAttrs, state, inbox.channel.id);
      inbox.channel.attrs = nextAttrs;
    }
  }
  if (connectionError !== undefined) return json(422, { message: connectionError });
  return respond(inbox, state, env, caller);
};

/** Only enqueues the deletion job; the inbox stays fully present until it runs. */
export const destroyInbox: AccountHandler = (req, state, env, caller) => {
  const inbox = fetchInbox(state, caller, req.params.id, true);
  enqueueInboxDelete(state, inbox.id, env.now());
  return json(200, { message: 'Your inbox deletion request will be processed in some time.' });
};
