/**
 * Route table of the Chatwoot emulator (paths below the `/chatwoot` prefix).
 */
import type { RouteDef } from '../contract.js';
import type { ChatwootState } from './state.js';
import { apiInfo } from './api-info.js';
import { accountRoute } from './auth.js';
import { archivePortal, createPortal, deletePortalLogo, destroyPortal, listPortals, showPortal, updatePortal } from './portals.js';
import { createInbox, destroyInbox, listInboxes, showInbox, updateInbox } from './inboxes.js';
import { setInboxAgentBot, showInboxAgentBot } from './agent-bots.js';
import { addInboxMembers, removeInboxMembers, replaceInboxMembers, showInboxMembers } from './inbox-members.js';

const A = '/api/v1/accounts/:account_id';

export const chatwootRoutes: RouteDef<ChatwootState>[] = [
  { method: 'GET', pattern: '/api', handle: apiInfo },

  { method: 'GET', pattern: `${A}/portals`, handle: accountRoute(listPortals) },
  { method: 'POST', pattern: `${A}/portals`, handle: accountRoute(createPortal) },
  { method: 'GET', pattern: `${A}/portals/:slug`, handle: accountRoute(showPortal) },
  { method: 'PATCH', pattern: `${A}/portals/:slug`, handle: accountRoute(updatePortal) },
  { method: 'PUT', pattern: `${A}/portals/:slug`, handle: accountRoute(updatePortal) },
  { method: 'DELETE', pattern: `${A}/portals/:slug`, handle: accountRoute(destroyPortal) },
  { method: 'PATCH', pattern: `${A}/portals/:slug/archive`, handle: accountRoute(archivePortal) },
  { method: 'DELETE', pattern: `${A}/portals/:slug/logo`, handle: accountRoute(deletePortalLogo) },

  { method: 'GET', pattern: `${A}/inboxes`, handle: accountRoute(listInboxes) },
  { method: 'POST', pattern: `${A}/inboxes`, handle: accountRoute(createInbox) },
  { method: 'GET', pattern: `${A}/inboxes/:id`, handle: accountRoute(showInbox) },
  { method: 'PATCH', pattern: `${A}/inboxes/:id`, handle: accountRoute(updateInbox) },
  { method: 'PUT', pattern: `${A}/inboxes/:id`, handle: accountRoute(updateInbox) },
  { method: 'DELETE', pattern: `${A}/inboxes/:id`, handle: accountRoute(destroyInbox) },
  { method: 'GET', pattern: `${A}/inboxes/:id/agent_bot`, handle: accountRoute(showInboxAgentBot) },
  { method: 'POST', pattern: `${A}/inboxes/:id/set_agent_bot`, handle: accountRoute(setInboxAgentBot) },

  { method: 'GET', pattern: `${A}/inbox_members/:inbox_id`, handle: accountRoute(showInboxMembers) },
  { method: 'POST', pattern: `${A}/inbox_members`, handle: accountRoute(addInboxMembers) },
  { method: 'PATCH', pattern: `${A}/inbox_members`, handle: accountRoute(replaceInboxMembers) },
  { method: 'DELETE', pattern: `${A}/inbox_members`, handle: accountRoute(removeInboxMembers) },
];
