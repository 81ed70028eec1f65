/**
 * Inbox membership (`inbox_members_controller.rb`, §4). Membership is what
 * lets an agent see an inbox.
 */
import type { EmuResponse } from '../contract.js';
import type { ChatwootState, InboxRow } from './state.js';
import { bodyParams, type AccountHandler, type Caller } from './auth.js';
import { crash, emptyOk, json } from './responses.js';
import { castInt, isBlank } from './cast.js';
import { RecordErrors } from './validation.js';
import { fetchInbox, findAccountInbox, requireAdmin } from './inbox-access.js';

function memberIds(state: ChatwootState, inbox: InboxRow): number[] {
  return state.inboxMembers.filter((m) => m.inbox_id === inbox.id).map((m) => m.user_id);
}

/** Only users of the current account are listed, though others can be added. */
function listing(state: ChatwootState, caller: Caller, inbox: InboxRow): EmuResponse {
  const ids = memberIds(state, inbox);
  const payload = [];
  for (const user of state.users) {
    const membership = user.memberships.find((m) => m.account_id === caller.account.id);
    if (!membership || !ids.includes(user.id)) continue;
    payload.push({
      id: user.id,
      account_id: caller.account.id,
      availability_status: 'offline',
      auto_offline: true,
      confirmed: true,
      email: user.email,
      provider: 'email',
      available_name: user.name,
      name: user.name,
      role: membership.role,
      thumbnail: '',
      custom_role_id: null,
    });
  }
  return json(200, { payload });
}

/**
 * `inbox_members.create!(user_id:)` for each value, in one transaction: the
 * user must exist anywhere in the installation and not already be a member.
 */
function addMembers(state: ChatwootState, inbox: InboxRow, values: unknown[]): void {
  const added: number[] = [];
  for (const value of values) {
    const userId = castInt(value);
    const errors = new RecordErrors();
    if (userId === null || !state.users.some((u) => u.id === userId)) errors.add('user', 'must exist');
    errors.taken('user', userId !== null && (memberIds(state, inbox).includes(userId) || added.includes(userId)));
    errors.raiseIfAny();
    added.push(userId as number);
  }
  for (const userId of added) state.inboxMembers.push({ inbox_id: inbox.id, user_id: userId });
}

/** `params[:user_ids] - current_ids`: Ruby array difference compares values strictly ("5" ≠ 5). */
function userIdsMinus(userIds: unknown, current: number[]): unknown[] {
  if (!Array.isArray(userIds)) crash(); // nil (or a scalar) minus an array raises
  return userIds.filter((v) => !current.includes(v as number));
}

export const showInboxMembers: AccountHandler = (req, state, _env, caller) =>
  listing(state, caller, fetchInbox(state, caller, req.params.inbox_id, false));

export const addInboxMembers: AccountHandler = (req, state, _env, caller) => {
  const body = bodyParams(req);
  const inbox = findAccountInbox(state, caller, body.inbox_id);
  requireAdmin(caller);
  addMembers(state, inbox, userIdsMinus(body.user_ids, memberIds(state, inbox)));
  return listing(state, caller, inbox);
};

export const replaceInboxMembers: AccountHandler = (req, state, _env, caller) => {
  const body = bodyParams(req);
  const inbox = findAccountInbox(state, caller, body.inbox_id);
  requireAdmin(caller);
  const current = memberIds(state, inbox);
  const toAdd = userIdsMinus(body.user_ids, current);
  const sent = body.user_ids as unknown[];
  const toRemove = current.filter((id) => !sent.includes(id));
  addMembers(state, inbox, toAdd);
  state.inboxMembers = state.inboxMembers.filter((m) => m.inbox_id !== inbox.id || !toRemove.includes(m.user_id));
  return listing(state, caller, inbox);
};

export const removeInboxMembers: AccountHandler = (req, state, _env, caller) => {
  const body = bodyParams(req);
  const inbox = findAccountInbox(state, caller, body.inbox_id);
  requireAdmin(caller);
  const values = Array.isArray(body.user_ids) ? body.user_ids : isBlank(body.user_ids) ? [] : [body.user_ids];
  const ids = values.map(castInt);
  state.inboxMembers = state.inboxMembers.filter((m) => m.inbox_id !== inbox.id || !ids.includes(m.user_id));
  return emptyOk();
};
