/**
 * The portal JSON object (`_portal.json.jbuilder`, §2.2).
 */
import type { EmuEnv } from '../contract.js';
import type { ChatwootState, PortalRow } from './state.js';
import { crash } from './responses.js';
import { rubyTruthy } from './cast.js';
import { renderInbox } from './render-inbox.js';

type MetaStyle = 'list' | 'show';

export function renderPortal(portal: PortalRow, state: ChatwootState, env: EmuEnv, callerIsAdmin: boolean, style: MetaStyle): Record<string, unknown> {
  const locales = portal.config.allowed_locales;
  // The view iterates `config['allowed_locales']`; without it rendering raises.
  if (!Array.isArray(locales)) crash();
  const out: Record<string, unknown> = {
    id: portal.id,
    color: portal.color,
    custom_domain: portal.custom_domain,
    header_text: portal.header_text,
    homepage_link: portal.homepage_link,
    name: portal.name,
    page_title: portal.page_title,
    slug: portal.slug,
    archived: portal.archived,
    account_id: portal.account_id,
    // The emulator has no articles or categories, so every count is 0.
    config: { allowed_locales: locales.map((code: unknown) => ({ code, articles_count: 0, categories_count: 0 })) },
  };
  const widgetInbox = portal.channel_web_widget_id === null
    ? undefined
    : state.inboxes.find((i) => i.channel.kind === 'web_widget' && i.channel.id === portal.channel_web_widget_id);
  if (widgetInbox) out.inbox = renderInbox(widgetInbox, state, env, callerIsAdmin);
  // List, create and update hand the view an empty article array: `[].size` is 0, the scoped counts nil.
  const listStyle = style === 'list';
  out.meta = {
    all_articles_count: 0,
    archived_articles_count: listStyle ? null : 0,
    published_count: listStyle ? null : 0,
    draft_articles_count: listStyle ? null : 0,
    categories_count: 0,
    default_locale: rubyTruthy(portal.config.default_locale) ? portal.config.default_locale : 'en',
  };
  return out;
}
