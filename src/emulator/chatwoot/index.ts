/**
 * The Chatwoot vendor module of the emulator (contract: ../contract.ts).
 */
import type { VendorModule } from '../contract.js';
import { initialChatwootState, type ChatwootState } from './state.js';
import { notFoundResponse, tooManyRequestsResponse, serverErrorResponse } from './responses.js';
import { chatwootRoutes } from './routes.js';
import { runChatwootJobs } from './inbox-jobs.js';
import { describeChatwootCredentials } from './credentials.js';

export type { ChatwootState } from './state.js';

export const chatwootModule: VendorModule<ChatwootState> = {
  name: 'chatwoot',
  initialState: (fixtures) => initialChatwootState(fixtures),
  routes: chatwootRoutes,
  notFound: notFoundResponse,
  tooManyRequests: tooManyRequestsResponse,
  serverError: serverErrorResponse,
  runJobs: runChatwootJobs,
  describeCredentials: describeChatwootCredentials,
};
