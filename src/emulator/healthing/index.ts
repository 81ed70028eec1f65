/** The Healthing vendor module (healthing-channels.md §5). */
import type { RouteDef, VendorModule } from '../contract.js';
import { login, logout, me, refresh } from './auth.js';
import { channelRoutes } from './channels.js';
import { detail, serverError, tooManyRequests } from './responses.js';
import { describeHealthingCredentials, initialHealthingState, type HealthingState } from './state.js';

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

/**
 * Starlette answers 405 (with Allow) when a path exists but not for this
 * method; e.g. the undocumented channel create/delete end up here.
 */
function withMethodNotAllowed(routes: RouteDef<HealthingState>[]): RouteDef<HealthingState>[] {
  const allowed = new Map<string, Set<string>>();
  for (const route of routes) {
    const methods = allowed.get(route.pattern) ?? new Set<string>();
    methods.add(route.method);
    allowed.set(route.pattern, methods);
  }
  const extra: RouteDef<HealthingState>[] = [];
  for (const [pattern, methods] of allowed) {
    const allow = [...methods].join(', ');
    for (const method of METHODS) {
      if (methods.has(method)) continue;
      extra.push({ method, pattern, handle: () => detail(405, 'Method Not Allowed', { allow }) });
    }
  }
  return [...routes, ...extra];
}

export const healthingModule: VendorModule<HealthingState> = {
  name: 'healthing',
  initialState: initialHealthingState,
  routes: withMethodNotAllowed([
    { method: 'POST', pattern: '/api/v1/auth/login', handle: login },
    { method: 'POST', pattern: '/api/v1/auth/refresh', handle: refresh },
    { method: 'GET', pattern: '/api/v1/auth/me', handle: me },
    { method: 'POST', pattern: '/api/v1/auth/logout', handle: logout },
    ...channelRoutes,
  ]),
  notFound: () => detail(404, 'Not Found'),
  tooManyRequests,
  serverError,
  describeCredentials: describeHealthingCredentials,
};
