/** Chatwoot help-center portal, identified by its slug (unique across the whole installation). */
import * as z from 'zod';
import { doc } from '../config/field-docs.js';
import type { ChatwootPortal } from '../vendors/index.js';
import { hexColour, httpUrl, nonEmptyString, protectedFlag } from './fields.js';
import { emptyToNull, normaliseColour, normaliseSet, setFields } from './normalise.js';
import type { BuildContext, FieldMap, Kind, KindRequest, LiveObject } from './types.js';
import { chatwootOf, withoutNulls } from './vendor-access.js';

/** 10,000: written by hand, because toLocaleString's first call loads ICU number formatting (~12 ms of every start-up). */
const withThousands = (n: number) => String(n).replace(/\B(?=(\d{3})+$)/g, ',');
const text = (title: string, max: number, markdown: string) =>
  z.string().max(max).nullable().optional().meta(doc(title, `${markdown} At most ${withThousands(max)} characters; \`null\` clears it.`));
const locale = () => z.string().min(2).max(10);

const schema = z
  .strictObject({
    slug: z
      .string()
      .regex(/^[a-zA-Z0-9-]+$/, { message: 'may contain only letters, digits and "-" (Chatwoot cannot address other slugs)' })
      .max(255)
      .meta(
        doc(
          'Slug',
          'Identity of the portal and its address (`/hc/<slug>`): letters, digits and `-`, at most 255, unique across the whole Chatwoot installation. A new slug is a new portal.',
        ),
      ),
    name: nonEmptyString().meta(doc('Portal name', 'Name of the help center. 1 to 255 characters.')),
    color: hexColour()
      .optional()
      .meta(doc('Brand colour', 'Brand colour of the help center, `#RGB` or `#RRGGBB` (compared case-insensitively).')),
    custom_domain: text('Custom domain', 255, 'Domain serving the help center instead of Chatwoot\'s; only the host is kept and compared, case-insensitively. Unique across the installation.'),
    header_text: text('Header text', 20_000, 'Text at the top of the help center\'s home page.'),
    page_title: text('Page title', 255, 'Browser title of the help center\'s pages.'),
    homepage_link: httpUrl()
      .nullable()
      .optional()
      .meta(doc('Homepage link', 'http(s) URL of your website, linked from the help center; `null` clears it.')),
    default_locale: locale()
      .optional()
      .meta(doc('Default locale', 'Locale shown first, for example `en` or `pt_BR` (`config.default_locale` on Chatwoot). Chatwoot default `en`.')),
    allowed_locales: z
      .array(locale())
      .min(1, { message: 'must list at least one locale' })
      .optional()
      .meta(doc('Locales', 'Locales articles can be written in, compared as a set (`config.allowed_locales` on Chatwoot). At least one; Chatwoot default `[en]`.')),
    archived: z
      .boolean()
      .optional()
      .meta(doc('Archived', 'An archived portal is hidden from visitors (`/hc/<slug>` answers 404). `prune_mode: archive` sets it instead of deleting. Default `false`.')),
    live_chat_inbox: z
      .string()
      .nullable()
      .optional()
      .meta(
        doc(
          'Live-chat inbox',
          'Name of a `web_widget` inbox declared in `inboxes` whose widget the help center shows (`inbox_id` on Chatwoot); `null` removes the widget.',
        ),
      ),
    protected: protectedFlag(),
  })
  .meta(
    doc('Chatwoot help-center portal', 'A Chatwoot help-center portal, matched by `slug`: its name, branding, locales and live-chat widget.', [
      { label: 'Portal', description: 'A help-center portal', body: { slug: '${1:help}', name: '${2:Help center}' } },
    ]),
  );
export type PortalConfig = z.infer<typeof schema>;

/** Chatwoot keeps only the host of a URL on create; compare hosts case-insensitively. */
function normaliseDomain(value: string | null | undefined): string | null {
  if (!value) return null;
  const host = value.replace(/^[a-z]+:\/\//i, '').split('/')[0] ?? '';
  return host.toLowerCase() || null;
}

/** Plain columns sent and read under the same name. */
const COLUMNS = ['name', 'color', 'custom_domain', 'header_text', 'page_title', 'homepage_link', 'archived'] as const;

export const portalKind: Kind<PortalConfig, ChatwootPortal> = {
  kind: 'portal',
  configKey: 'portals',
  vendor: 'chatwoot',
  schema,
  fieldClasses: {},
  // Portals are addressed by slug: a new slug is a new portal.
  terraform: { replacedOnChange: [['slug']] },
  keyOf: (d) => d.slug,
  references: (d) => (d.live_chat_inbox ? [{ path: ['live_chat_inbox'], kind: 'inbox', key: d.live_chat_inbox, refuses: refusesNonWidget }] : []),

  async readLive(clients) {
    const portals = await chatwootOf(clients).listPortals();
    return portals.map((p) => ({ id: String(p.id), key: p.slug, wire: p }));
  },

  desiredFields(d) {
    const f: FieldMap = {};
    setFields(f, {
      name: d.name,
      color: d.color === undefined ? undefined : normaliseColour(d.color),
      custom_domain: d.custom_domain === undefined ? undefined : normaliseDomain(d.custom_domain),
      header_text: d.header_text,
      page_title: d.page_title === undefined ? undefined : emptyToNull(d.page_title),
      homepage_link: d.homepage_link === undefined ? undefined : emptyToNull(d.homepage_link),
      default_locale: d.default_locale,
      allowed_locales: d.allowed_locales === undefined ? undefined : normaliseSet(d.allowed_locales),
      archived: d.archived,
      live_chat_inbox: d.live_chat_inbox,
    });
    return f;
  },

  liveFields({ wire }) {
    return {
      name: wire.name,
      color: normaliseColour(wire.color),
      custom_domain: normaliseDomain(wire.custom_domain),
      header_text: wire.header_text ?? null,
      page_title: emptyToNull(wire.page_title),
      homepage_link: emptyToNull(wire.homepage_link),
      default_locale: wire.meta?.default_locale ?? 'en',
      allowed_locales: normaliseSet(liveLocales(wire)),
      archived: wire.archived ?? false,
      live_chat_inbox: wire.inbox?.name ?? null,
    };
  },

  exportLive({ wire }) {
    return withoutNulls({
      slug: wire.slug,
      name: wire.name,
      color: wire.color,
      custom_domain: wire.custom_domain,
      header_text: wire.header_text,
      page_title: wire.page_title,
      homepage_link: wire.homepage_link,
      default_locale: wire.meta?.default_locale ?? 'en',
      allowed_locales: liveLocales(wire),
      archived: wire.archived ?? false,
      live_chat_inbox: wire.inbox?.name,
    });
  },

  createRequest,

  async create(d, ctx, deferred) {
    const wire = await chatwootOf(ctx.clients).createPortal(createRequest(d, ctx, deferred).body, ctx.creating);
    return { id: String(wire.id), key: wire.slug, wire };
  },

  updateRequest,

  async update(live, d, changed, ctx) {
    await chatwootOf(ctx.clients).updatePortal(live.key, updateRequest(live, d, changed, ctx).body);
  },

  async delete(live, ctx) {
    await chatwootOf(ctx.clients).deletePortal(live.key);
  },

  archiveRequest,

  async archive(live, ctx) {
    await chatwootOf(ctx.clients).updatePortal(live.key, archiveRequest(live).body);
  },

  isArchived: (live) => live.wire.archived === true,
};

function createRequest(d: PortalConfig, ctx: BuildContext, deferred: ReadonlySet<string>): KindRequest {
  const body: Record<string, unknown> = {
    portal: {
      ...columnsOf(d),
      slug: d.slug,
      // A create without custom_domain is a 500 on Chatwoot 4.9.1.
      custom_domain: normaliseDomain(d.custom_domain) ?? '',
      // config is replaced whole: always send both keys.
      config: { allowed_locales: d.allowed_locales ?? ['en'], default_locale: d.default_locale ?? 'en' },
    },
  };
  if (d.live_chat_inbox && !deferred.has('live_chat_inbox')) body.inbox_id = inboxId(ctx.idOf('inbox', d.live_chat_inbox));
  return { body };
}

function updateRequest(live: LiveObject<ChatwootPortal>, d: PortalConfig, changed: ReadonlySet<string>, ctx: BuildContext): KindRequest {
  // `name` is always sent: Chatwoot applies inbox_id only alongside a non-empty portal object.
  const portal: Record<string, unknown> = { name: d.name };
  for (const column of COLUMNS) if (changed.has(column)) portal[column] = columnValue(d, column) ?? null;
  if (changed.has('default_locale') || changed.has('allowed_locales')) {
    portal.config = {
      allowed_locales: d.allowed_locales ?? liveLocales(live.wire),
      default_locale: d.default_locale ?? live.wire.meta?.default_locale ?? 'en',
    };
  }
  const body: Record<string, unknown> = { portal };
  if (changed.has('live_chat_inbox')) body.inbox_id = d.live_chat_inbox ? inboxId(ctx.idOf('inbox', d.live_chat_inbox)) : null;
  return { body };
}

function archiveRequest(live: LiveObject<ChatwootPortal>): KindRequest {
  return { body: { portal: { name: live.wire.name, archived: true } } };
}

function columnsOf(d: PortalConfig): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const column of COLUMNS) if (d[column] !== undefined) out[column] = columnValue(d, column);
  return out;
}

/** What is sent for a column: Chatwoot stores an updated custom_domain literally, so only the host goes. */
function columnValue(d: PortalConfig, column: (typeof COLUMNS)[number]): unknown {
  return column === 'custom_domain' ? normaliseDomain(d.custom_domain) : d[column];
}

/** Chatwoot silently ignores a live-chat link to an inbox that is not a website widget. */
function refusesNonWidget(target: unknown): string | undefined {
  const type = (target as { channel?: { type?: unknown } }).channel?.type;
  return type === 'web_widget' ? undefined : `which is not a web_widget inbox (Chatwoot shows only website widgets as a portal's live chat)`;
}

function liveLocales(wire: ChatwootPortal): string[] {
  return (wire.config?.allowed_locales ?? []).map((l) => (typeof l === 'string' ? l : l.code));
}

function inboxId(id: string | undefined): number {
  if (id === undefined) throw new Error('live chat inbox was not created before its portal link');
  return Number(id);
}

