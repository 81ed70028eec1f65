/**
 * Help-center portal actions (`portals_controller.rb`, §2).
 */
import type { EmuEnv, EmuRequest, EmuResponse } from '../contract.js';
import type { ChatwootState, PortalRow } from './state.js';
import { bodyParams, isAdmin, type AccountHandler, type Caller } from './auth.js';
import { crash, emptyOk, halt, json, NOT_AUTHORIZED_ACTION, RECORD_NOT_FOUND } from './responses.js';
import { has, isBlank } from './cast.js';
import { assignPortal, checkBlobId, permitPortal, portalParam, validatePortal, widgetLinkChange } from './portal-model.js';
import { parsedCustomDomain } from './custom-domain.js';
import { renderPortal } from './render-portal.js';

type Policy = 'member' | 'admin' | 'manage' | 'undefined';

/** PortalPolicy: `update?` also admits EE custom roles with `knowledge_base_manage`. */
function authorize(caller: Caller, policy: Policy): void {
  if (policy === 'undefined') crash(); // Pundit calls a policy method that does not exist.
  if (policy === 'member') return;
  if (isAdmin(caller)) return;
  if (policy === 'manage' && caller.permissions.includes('knowledge_base_manage')) return;
  halt(401, NOT_AUTHORIZED_ACTION);
}

/**
 * `fetch_portal` then `check_authorization`. The Rails `:id` segment ends at
 * the first `.` (the rest is taken as a format). On 4.9.1 a miss leaves
 * `@portal` nil and the action crashes after authorization; later versions 404.
 */
function memberPortal(req: EmuRequest, state: ChatwootState, caller: Caller, policy: Policy): PortalRow {
  const slug = (req.params.slug ?? '').split('.')[0];
  const portal = state.portals.find((p) => p.account_id === caller.account.id && p.slug === slug);
  if (!portal && !state.settings.bugCompatible) halt(404, RECORD_NOT_FOUND);
  authorize(caller, policy);
  if (!portal) crash();
  return portal;
}

function respond(portal: PortalRow, state: ChatwootState, env: EmuEnv, caller: Caller, style: 'list' | 'show'): EmuResponse {
  return json(200, renderPortal(portal, state, env, isAdmin(caller), style));
}

export const listPortals: AccountHandler = (req, state, env, caller) => {
  authorize(caller, 'member');
  const portals = state.portals.filter((p) => p.account_id === caller.account.id);
  return json(200, {
    payload: portals.map((p) => renderPortal(p, state, env, isAdmin(caller), 'list')),
    meta: { current_page: req.query.has('page') ? req.query.get('page') : 1, portals_count: portals.length },
  });
};

export const showPortal: AccountHandler = (req, state, env, caller) =>
  respond(memberPortal(req, state, caller, 'member'), state, env, caller, 'show');

export const createPortal: AccountHandler = (req, state, env, caller) => {
  authorize(caller, 'admin');
  const body = bodyParams(req);
  const param = portalParam(body);
  if (isBlank(param)) halt(422, { error: 'param is missing or the value is empty: portal' });
  const attrs = permitPortal(param);
  const link = widgetLinkChange(body, state);
  const row: PortalRow = {
    id: 0, account_id: caller.account.id, name: null, slug: null, custom_domain: null, color: null,
    homepage_link: null, page_title: null, header_text: null, config: { allowed_locales: ['en'] },
    archived: false, channel_web_widget_id: link ?? null,
  };
  assignPortal(row, attrs);
  row.custom_domain = parsedCustomDomain(row.custom_domain);
  validatePortal(row, state, null);
  // An explicit (permitted!) id bypasses the sequence; a sequence value can then collide.
  if (!has(attrs, 'id')) row.id = state.sequences.portal++;
  if (state.portals.some((p) => p.id === row.id)) crash(); // primary-key violation
  state.portals.push(row);
  // Create has no transaction: the logo step can still fail after the insert.
  checkBlobId(body);
  return respond(row, state, env, caller, 'list');
};

export const updatePortal: AccountHandler = (req, state, env, caller) => {
  const portal = memberPortal(req, state, caller, 'manage');
  const body = bodyParams(req);
  const param = portalParam(body);
  const next: PortalRow = structuredClone(portal);
  // Without a non-empty `portal`, nothing (not even `inbox_id`) is applied.
  if (!isBlank(param)) {
    const attrs = permitPortal(param);
    const link = widgetLinkChange(body, state);
    assignPortal(next, attrs);
    if (link !== undefined) next.channel_web_widget_id = link;
    validatePortal(next, state, portal.id);
    if (next.id !== portal.id) {
      const referenced = state.inboxes.some((i) => i.portal_id === portal.id);
      if (referenced || state.portals.some((p) => p.id === next.id)) crash();
    }
  }
  // Same transaction: an unusable blob_id rolls the update back.
  checkBlobId(body);
  Object.assign(portal, next);
  return respond(portal, state, env, caller, 'list');
};

export const destroyPortal: AccountHandler = (req, state, _env, caller) => {
  const portal = memberPortal(req, state, caller, 'admin');
  state.portals = state.portals.filter((p) => p !== portal);
  for (const inbox of state.inboxes) if (inbox.portal_id === portal.id) inbox.portal_id = null;
  return emptyOk();
};

/** `PortalPolicy#archive?` does not exist, so this route always fails. */
export const archivePortal: AccountHandler = (req, state, _env, caller) => {
  memberPortal(req, state, caller, 'undefined');
  crash();
};

/** The emulator stores no logos, so there is never anything to purge. */
export const deletePortalLogo: AccountHandler = (req, state, _env, caller) => {
  memberPortal(req, state, caller, 'manage');
  return emptyOk();
};
