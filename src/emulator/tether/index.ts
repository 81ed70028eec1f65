/** The Tether vendor module (tether-webchats.md §6). */
import type { VendorModule } from '../contract.js';
import { describeTetherCredentials, login, verifyToken } from './auth.js';
import { catalogRoutes } from './catalog.js';
import { notFound, serverError, tooManyRequests } from './responses.js';
import { initialTetherState, type TetherState } from './state.js';
import { uploadRoutes } from './uploads.js';
import { webchatRoutes } from './webchats.js';

export const tetherModule: VendorModule<TetherState> = {
  name: 'tether',
  initialState: initialTetherState,
  routes: [
    { method: 'POST', pattern: '/api/auth/login', handle: login },
    { method: 'GET', pattern: '/api/auth/verify-token', handle: verifyToken },
    ...webchatRoutes,
    ...uploadRoutes,
    ...catalogRoutes,
  ],
  notFound: () => notFound('Route not found'),
  tooManyRequests,
  serverError,
  describeCredentials: describeTetherCredentials,
};
