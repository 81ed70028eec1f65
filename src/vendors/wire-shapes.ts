/**
 * The parts of each vendor's answers that the kinds rely on: identities,
 * natural keys and nested structures they walk. A list that does not match is
 * refused whole, before anything is planned from it, so a misread answer can
 * never lead to a write. Other fields pass through untouched: the shapes
 * transform nothing, so expectShape answers the value it checked, and its
 * objects need not copy the fields they do not name.
 */
import * as z from 'zod';

const text = () => z.string().nullable().optional();
const flag = () => z.boolean().nullable().optional();
const count = () => z.number().nullable().optional();
const key = () => z.string().min(1, { message: 'must not be empty' });

const chatwootLocale = z.union([z.string(), z.object({ code: z.string() })]);

export const chatwootPortalShape = z.object({
  id: z.int(),
  slug: key(),
  name: text(),
  color: text(),
  custom_domain: text(),
  header_text: text(),
  page_title: text(),
  homepage_link: text(),
  archived: flag(),
  config: z.object({ allowed_locales: z.array(chatwootLocale).nullable().optional() }).nullable().optional(),
  meta: z.object({ default_locale: text() }).nullable().optional(),
  inbox: z.object({ name: z.string() }).nullable().optional(),
});

export const chatwootInboxShape = z.object({
  id: z.int(),
  name: key(),
  channel_type: z.string(),
  help_center: z.object({ slug: z.string() }).nullable().optional(),
  working_hours: z
    .array(
      z.object({
        day_of_week: z.int().min(0).max(6),
        closed_all_day: flag(),
        open_all_day: flag(),
        open_hour: count(),
        open_minutes: count(),
        close_hour: count(),
        close_minutes: count(),
      }),
    )
    .nullable()
    .optional(),
});

/** A signed URL must parse; anything else is a bare storage key. */
const tetherIcon = z
  .string()
  .refine((v) => !/^https?:\/\//i.test(v) || URL.canParse(v), { message: 'expected a URL or a storage key' })
  .nullable()
  .optional();

export const tetherWebchatShape = z.object({
  _id: key(),
  name: key(),
  promptId: text(),
  pipelineId: text(),
  pipelineStage: text(),
  initialStage: text(),
  allowedDomains: z.array(z.string()).nullable().optional(),
  icon: tetherIcon,
});

export const tetherPromptShape = z.object({ _id: key(), name: z.string() });

export const tetherPipelineShape = z.object({
  _id: key(),
  name: z.string(),
  pipelineStages: z.array(z.object({ _id: key(), name: z.string() })).nullable().optional(),
});

export const healthingChannelShape = z.object({
  id: z.int(),
  name: key(),
  channel_type: z.string(),
  assignment_mode: text(),
});
