/**
 * Healthing auth: login issues a short-lived access token and a 7-day refresh
 * token; expiry follows the emulator clock, so tests expire tokens by
 * advancing it. Refresh rotates the refresh token.
 */
import type { EmuEnv, EmuRequest, EmuResponse, Handler } from '../contract.js';
import { base64url, randomToken } from '../rng.js';
import { detail, invalidCredentials, unprocessable, type ValidationIssue } from './responses.js';
import type { HealthingState, HealthingUser, IssuedToken } from './state.js';
import { decodeBody, isIssue, requireObjectBody, requireStrings, type DecodedBody } from './validation.js';

export type UserHandler = (
  req: EmuRequest,
  state: HealthingState,
  env: EmuEnv,
  user: HealthingUser,
  body: DecodedBody,
) => EmuResponse;

function bearer(req: EmuRequest): string | undefined {
  const header = req.headers.authorization;
  const match = typeof header === 'string' ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
  return match?.[1];
}

function liveUser(state: HealthingState, env: EmuEnv, issued: IssuedToken | undefined): HealthingUser | undefined {
  if (!issued || issued.expiresAt <= env.now()) return undefined;
  return state.users.find((u) => u.id === issued.userId && u.is_active);
}

/**
 * FastAPI order: an endpoint that takes a body decodes it first (broken JSON →
 * 422 even without a token), then the auth dependency runs (401), then the
 * handler validates. Endpoints without a body parameter never look at it.
 */
export function withUser(handler: UserHandler, takesBody = false): Handler<HealthingState> {
  return (req, state, env) => {
    const body: DecodedBody | ValidationIssue = takesBody ? decodeBody(req) : { present: false };
    if (isIssue(body)) return unprocessable([body]);
    const token = bearer(req);
    const user = token === undefined ? undefined : liveUser(state, env, state.accessTokens[token]);
    if (!user) return invalidCredentials();
    return handler(req, state, env, user, body);
  };
}

function prune(tokens: Record<string, IssuedToken>, now: number): void {
  for (const [token, issued] of Object.entries(tokens)) if (issued.expiresAt <= now) delete tokens[token];
}

function jwt(env: EmuEnv, user: HealthingUser, type: string, expiresAt: number): string {
  const header = base64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
  const payload = base64url(
    JSON.stringify({ sub: String(user.id), tenant_id: user.tenant_id, type, exp: Math.floor(expiresAt / 1000) }),
  );
  return `${header}.${payload}.${randomToken(env.random, 43)}`;
}

function issueTokens(state: HealthingState, env: EmuEnv, user: HealthingUser): EmuResponse {
  const now = env.now();
  prune(state.accessTokens, now);
  prune(state.refreshTokens, now);
  const accessExpires = now + state.accessTokenLifetimeS * 1000;
  const refreshExpires = now + state.refreshTokenLifetimeS * 1000;
  const access = jwt(env, user, 'access', accessExpires);
  const refresh = jwt(env, user, 'refresh', refreshExpires);
  state.accessTokens[access] = { userId: user.id, expiresAt: accessExpires };
  state.refreshTokens[refresh] = { userId: user.id, expiresAt: refreshExpires };
  return {
    status: 200,
    json: {
      access_token: access,
      refresh_token: refresh,
      token_type: 'bearer',
      expires_in: state.accessTokenLifetimeS,
    },
  };
}

/** Decodes and checks a small JSON model of required strings. */
function stringModel(req: EmuRequest, fields: readonly string[]): Record<string, string> | EmuResponse {
  const body = decodeBody(req);
  if (isIssue(body)) return unprocessable([body]);
  const object = requireObjectBody(body);
  if (isIssue(object)) return unprocessable([object]);
  const values = requireStrings(object, fields);
  return Array.isArray(values) ? unprocessable(values) : values;
}

function isResponse(value: unknown): value is EmuResponse {
  return typeof (value as EmuResponse).status === 'number';
}

export const login: Handler<HealthingState> = (req, state, env) => {
  const fields = stringModel(req, ['email', 'password']);
  if (isResponse(fields)) return fields;
  const email = fields.email!.trim().toLowerCase();
  const user = state.users.find((u) => u.email.toLowerCase() === email);
  if (!user || user.password !== fields.password || !user.is_active) {
    return detail(401, 'Incorrect email or password', { 'www-authenticate': 'Bearer' });
  }
  return issueTokens(state, env, user);
};

export const refresh: Handler<HealthingState> = (req, state, env) => {
  const fields = stringModel(req, ['refresh_token']);
  if (isResponse(fields)) return fields;
  const token = fields.refresh_token!;
  const user = liveUser(state, env, state.refreshTokens[token]);
  if (!user) return invalidCredentials();
  delete state.refreshTokens[token];
  return issueTokens(state, env, user);
};

export const me: Handler<HealthingState> = withUser((_req, _state, _env, user) => ({
  status: 200,
  json: {
    id: user.id,
    email: user.email,
    full_name: user.full_name,
    tenant_id: user.tenant_id,
    role: user.role,
    is_active: user.is_active,
    created_at: user.created_at,
  },
}));

/** Revokes the refresh token named in the body, or all of the user's when none is named. */
export const logout: Handler<HealthingState> = withUser((_req, state, _env, user, body) => {
  const named = body.present && typeof body.value === 'object' && body.value !== null
    ? (body.value as Record<string, unknown>).refresh_token
    : undefined;
  for (const [token, issued] of Object.entries(state.refreshTokens)) {
    if (issued.userId !== user.id) continue;
    if (typeof named === 'string' && token !== named) continue;
    delete state.refreshTokens[token];
  }
  return { status: 200, json: { message: 'Successfully logged out' } };
}, true);
