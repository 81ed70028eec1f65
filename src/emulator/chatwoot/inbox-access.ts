/**
 * Inbox lookup and InboxPolicy (§3.3): agents only see inboxes they are members of.
 */
import type { ChatwootState, InboxRow } from './state.js';
import { isAdmin, type Caller } from './auth.js';
import { halt, NOT_AUTHORIZED_ACTION, RECORD_NOT_FOUND } from './responses.js';
import { rubyToI } from './cast.js';

function isInboxMember(state: ChatwootState, inboxId: number, userId: number): boolean {
  return state.inboxMembers.some((m) => m.inbox_id === inboxId && m.user_id === userId);
}

export function canSeeInbox(state: ChatwootState, caller: Caller, inbox: InboxRow): boolean {
  return isAdmin(caller) || isInboxMember(state, inbox.id, caller.user.id);
}

/** `Current.account.inboxes.find(id)`: another account's, a missing or a non-numeric id is 404. */
export function findAccountInbox(state: ChatwootState, caller: Caller, rawId: unknown): InboxRow {
  const id = rubyToI(rawId);
  const inbox = state.inboxes.find((i) => i.id === id && i.account_id === caller.account.id);
  if (!inbox) halt(404, RECORD_NOT_FOUND);
  return inbox;
}

/** `fetch_inbox` (find, then `show?`) followed by the action's own policy check. */
export function fetchInbox(state: ChatwootState, caller: Caller, rawId: unknown, adminOnly: boolean): InboxRow {
  const inbox = findAccountInbox(state, caller, rawId);
  if (!canSeeInbox(state, caller, inbox)) halt(401, NOT_AUTHORIZED_ACTION);
  requireAdmin(caller, adminOnly);
  return inbox;
}

export function requireAdmin(caller: Caller, adminOnly = true): void {
  if (adminOnly && !isAdmin(caller)) halt(401, NOT_AUTHORIZED_ACTION);
}
