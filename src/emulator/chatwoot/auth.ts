/**
 * The authentication and account pipeline every `/api/v1/accounts/:account_id`
 * route runs before its action, in the server's callback order (§1.2).
 */
import type { EmuEnv, EmuRequest, EmuResponse } from '../contract.js';
import type { AccountRow, ChatwootState, Role, UserRow } from './state.js';
import { halt, json, rescueHalt } from './responses.js';
import { rubyToI } from './cast.js';

export interface Caller {
  account: AccountRow;
  user: UserRow;
  role: Role;
  permissions: string[];
}

export type AccountHandler = (req: EmuRequest, state: ChatwootState, env: EmuEnv, caller: Caller) => EmuResponse;

/** Rack maps both `api_access_token` and `Api-Access-Token` to HTTP_API_ACCESS_TOKEN. */
function accessToken(req: EmuRequest): string | undefined {
  for (const name of ['api_access_token', 'api-access-token']) {
    const raw = req.headers[name];
    const value = Array.isArray(raw) ? raw[0] : raw;
    if (value !== undefined && value.trim() !== '') return value;
  }
  return undefined;
}

function authenticate(req: EmuRequest, state: ChatwootState): Caller {
  const token = accessToken(req);
  let user: UserRow | undefined;
  if (token !== undefined) {
    const owner = Object.prototype.hasOwnProperty.call(state.tokens, token) ? state.tokens[token] : undefined;
    if (!owner) halt(401, { error: 'Invalid Access Token' });
    if (owner.kind !== 'user') halt(401, { error: 'Access to this endpoint is not authorized for bots' });
    user = state.users.find((u) => u.id === owner.id);
  }
  if (!user) halt(401, { errors: ['You need to sign in or sign up before continuing.'] });
  const accountId = rubyToI(req.params.account_id);
  const account = state.accounts.find((a) => a.id === accountId);
  if (!account) halt(404, { error: 'Resource could not be found' });
  if (account.status !== 'active') halt(401, { error: 'Account is suspended' });
  const membership = user.memberships.find((m) => m.account_id === account.id);
  if (!membership) halt(401, { error: 'You are not authorized to access this account' });
  return { account, user, role: membership.role, permissions: membership.permissions };
}

/**
 * Wraps an account-scoped action. A JSON body that does not parse fails in
 * Rails' parameter wrapping, which runs before any callback: 400.
 */
export function accountRoute(handler: AccountHandler) {
  return (req: EmuRequest, state: ChatwootState, env: EmuEnv): EmuResponse =>
    rescueHalt(() => {
      if (req.bodyInvalid) return json(400, { status: 400, error: 'Bad Request' });
      const caller = authenticate(req, state);
      return handler(req, state, env, caller);
    });
}

export function isAdmin(caller: Caller): boolean {
  return caller.role === 'administrator';
}

/** Request body as Rails params: a non-object JSON body only yields `_json`, which no action reads. */
export function bodyParams(req: EmuRequest): Record<string, unknown> {
  const b = req.body;
  return typeof b === 'object' && b !== null && !Array.isArray(b) ? (b as Record<string, unknown>) : {};
}
