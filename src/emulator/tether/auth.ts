/**
 * Tether authentication: bearer tokens are login JWTs or personal API keys;
 * the organization always comes from the token, never from the request.
 */
import type { EmuEnv, EmuRequest, EmuResponse, Handler } from '../contract.js';
import { base64url, randomToken } from '../rng.js';
import { badRequest, forbidden, unauthorized } from './responses.js';
import type { AccessRole, TetherState, TetherUser } from './state.js';

/** Login token lifetime; Tether's is not documented. */
export const TETHER_TOKEN_LIFETIME_MS = 24 * 60 * 60 * 1000;

const MANAGERS: ReadonlySet<AccessRole> = new Set(['SUPERADMIN', 'ADMIN']);

export type AuthedHandler = (req: EmuRequest, state: TetherState, env: EmuEnv, user: TetherUser) => EmuResponse;

function bearer(req: EmuRequest): string | undefined {
  const header = req.headers.authorization;
  const match = typeof header === 'string' ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
  return match?.[1];
}

function userFor(state: TetherState, env: EmuEnv, token: string): TetherUser | undefined {
  const session = state.sessions[token];
  if (session) {
    if (session.expiresAt <= env.now()) return undefined;
    return state.users.find((u) => u.id === session.userId);
  }
  return state.users.find((u) => u.apiKey !== undefined && u.apiKey === token);
}

export function asObject(body: unknown): Record<string, unknown> | undefined {
  return typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>) : undefined;
}

/**
 * Wraps a handler with Express's global middleware order: JSON body parsing
 * (400 on a broken body, before auth), then the bearer check, then the role check.
 */
export function authed(access: 'member' | 'manager', handler: AuthedHandler): Handler<TetherState> {
  return (req, state, env) => {
    if (req.bodyInvalid) return badRequest('Invalid JSON in request body');
    const token = bearer(req);
    const user = token === undefined ? undefined : userFor(state, env, token);
    if (!user) return unauthorized();
    if (access === 'manager' && !MANAGERS.has(user.accessRole)) return forbidden();
    return handler(req, state, env, user);
  };
}

function issueToken(state: TetherState, env: EmuEnv, user: TetherUser): string {
  const now = env.now();
  for (const [token, session] of Object.entries(state.sessions)) {
    if (session.expiresAt <= now) delete state.sessions[token];
  }
  const expiresAt = now + TETHER_TOKEN_LIFETIME_MS;
  const header = base64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
  const payload = base64url(
    JSON.stringify({
      userId: user.id,
      organizationId: user.organizationId,
      accessRole: user.accessRole,
      iat: Math.floor(now / 1000),
      exp: Math.floor(expiresAt / 1000),
    }),
  );
  const token = `${header}.${payload}.${randomToken(env.random, 43)}`;
  state.sessions[token] = { userId: user.id, expiresAt };
  return token;
}

export const login: Handler<TetherState> = (req, state, env) => {
  if (req.bodyInvalid) return badRequest('Invalid JSON in request body');
  const body = asObject(req.body) ?? {};
  const { email, password } = body;
  if (typeof email !== 'string' || typeof password !== 'string' || email === '' || password === '') {
    return badRequest('Email and password are required');
  }
  const user = state.users.find((u) => u.email.toLowerCase() === email.trim().toLowerCase());
  if (!user || user.password !== password) return { status: 401, json: { error: 'Invalid email or password' } };
  return {
    status: 200,
    json: {
      token: issueToken(state, env, user),
      user: {
        id: user.id,
        email: user.email,
        fullName: user.fullName,
        organizationId: user.organizationId,
        accessRole: user.accessRole,
      },
    },
  };
};

export const verifyToken: Handler<TetherState> = authed('member', () => ({
  status: 200,
  json: { message: 'Token is valid' },
}));

export function describeTetherCredentials(state: TetherState): Record<string, string> {
  const out: Record<string, string> = {};
  for (const user of state.users) {
    if (user.apiKey) out[`${user.email} (${user.accessRole}) token`] = user.apiKey;
    out[`${user.email} password`] = user.password;
  }
  return out;
}
