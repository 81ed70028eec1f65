/**
 * The Portal model: parameter wrapping and permitting, attribute assignment
 * with Rails casting, normalisation and validation (§2.1, §2.6, §2.7).
 */
import type { ChatwootState, PortalRow } from './state.js';
import { castBool, castInt, castString, has, isBlank, isObject, isScalar, permitScalarArray, rubyToI, rubyTruthy, type Params } from './cast.js';
import { RecordErrors, STRING_MAX, TEXT_MAX } from './validation.js';
import { crash, halt, RECORD_NOT_FOUND } from './responses.js';

/** Columns of `portals`: what Rails' JSON parameter wrapping copies into `portal`. */
const PORTAL_COLUMNS = [
  'id', 'account_id', 'name', 'slug', 'custom_domain', 'color', 'homepage_link', 'page_title',
  'header_text', 'created_at', 'updated_at', 'config', 'archived', 'channel_web_widget_id', 'ssl_settings',
];

const STRING_ATTRS = ['name', 'slug', 'custom_domain', 'color', 'homepage_link', 'page_title', 'header_text'] as const;

/** The `portal` parameter, wrapped from top-level columns when the body has no `portal` key. */
export function portalParam(body: Params): unknown {
  if (has(body, 'portal')) return body.portal;
  const wrapped: Params = {};
  for (const k of PORTAL_COLUMNS) if (has(body, k)) wrapped[k] = body[k];
  return Object.keys(wrapped).length > 0 ? wrapped : undefined;
}

/** `portal_params`: `permit` on anything but a hash raises (500). */
export function permitPortal(portal: unknown): Params {
  if (!isObject(portal)) crash();
  const out: Params = {};
  for (const k of ['id', ...STRING_ATTRS, 'archived']) if (has(portal, k) && isScalar(portal[k])) out[k] = portal[k];
  if (isObject(portal.config)) {
    const config: Params = {};
    if (has(portal.config, 'default_locale') && isScalar(portal.config.default_locale)) {
      config.default_locale = portal.config.default_locale;
    }
    const locales = permitScalarArray(portal.config.allowed_locales);
    if (locales) config.allowed_locales = locales;
    out.config = config;
  }
  return out;
}

/**
 * `live_chat_widget_params`: the top-level `inbox_id`. Returns the new
 * `channel_web_widget_id`, or undefined for "no change". The inbox lookup is
 * not scoped to the account.
 */
export function widgetLinkChange(body: Params, state: ChatwootState): number | null | undefined {
  if (!has(body, 'inbox_id') || !isScalar(body.inbox_id)) return undefined;
  if (isBlank(body.inbox_id)) return null;
  const id = typeof body.inbox_id === 'boolean' ? 1 : rubyToI(body.inbox_id);
  const inbox = state.inboxes.find((i) => i.id === id);
  if (!inbox) halt(404, RECORD_NOT_FOUND);
  return inbox.channel.kind === 'web_widget' ? inbox.channel.id : undefined;
}

export function assignPortal(row: PortalRow, attrs: Params): void {
  for (const k of STRING_ATTRS) if (has(attrs, k)) row[k] = castString(attrs[k]);
  if (has(attrs, 'archived')) row.archived = castBool(attrs.archived);
  // jsonb assignment: the permitted object replaces the saved config entirely.
  if (isObject(attrs.config)) row.config = { ...attrs.config };
  if (has(attrs, 'id')) {
    const id = castInt(attrs.id);
    if (id === null) crash();
    row.id = id;
  }
}

/** before_validation and validation: normalises `row` in place, 422 on errors. */
export function validatePortal(row: PortalRow, state: ChatwootState, selfId: number | null): void {
  if (row.custom_domain === '') row.custom_domain = null;
  if (row.homepage_link === '') row.homepage_link = null;
  if (!rubyTruthy(row.config.default_locale)) row.config.default_locale = 'en';

  const errors = new RecordErrors();
  for (const k of STRING_ATTRS) errors.maxLength(k, row[k], k === 'header_text' ? TEXT_MAX : STRING_MAX);
  errors.blank('name', row.name);
  errors.blank('slug', row.slug);
  const others = state.portals.filter((p) => p.id !== selfId);
  errors.taken('slug', others.some((p) => p.slug === row.slug));
  if (row.custom_domain !== null) errors.taken('custom_domain', others.some((p) => p.custom_domain === row.custom_domain));
  errors.raiseIfAny();
}

/** `params[:blob_id].present?` then `find_signed`: only a string is survivable (and never matches here). */
export function checkBlobId(body: Params): void {
  if (!isBlank(body.blob_id) && typeof body.blob_id !== 'string') crash();
}
