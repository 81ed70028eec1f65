/**
 * The parts of each vendor's answers that the kinds rely on: identities,
 * natural keys and nested structures they walk. A list that does not match is
 * refused whole, before anything is planned from it, so a misread answer can
 * never lead to a write. Other fields pass through untouched.
 */
import { z } from 'zod';

const text = () => z.string().nullable().optional();
const flag = () => z.boolean().nullable().optional();
const count = () => z.number().nullable().optional();
const key = () => z.string().min(1, { message: 'must not be empty' });

const chatwootLocale = z.union([z.string(), z.looseObject({ code: z.string() })]);

export const chatwootPortalShape = z.looseObject({
  id: z.int(),
  slug: key(),
  name: text(),
  color: text(),
  custom_domain: text(),
  header_text: text(),
  page_title: text(),
  homepage_link: text(),
  archived: flag(),
  config: z.looseObject({ allowed_locales: z.array(chatwootLocale).nullable().optional() }).nullable().optional(),
  meta: z.looseObject({ default_locale: text() }).nullable().optional(),
  inbox: z.looseObject({ name: z.string() }).nullable().optional(),
});

export const chatwootInboxShape = z.looseObject({
  id: z.int(),
  name: key(),
  channel_type: z.string(),
  help_center: z.looseObject({ slug: z.string() }).nullable().optional(),
  working_hours: z
    .array(
      z.looseObject({
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

export const tetherWebchatShape = z.looseObject({
  _id: key(),
  name: key(),
  promptId: text(),
  pipelineId: text(),
  pipelineStage: text(),
  initialStage: text(),
  allowedDomains: z.array(z.string()).nullable().optional(),
  icon: tetherIcon,
});

export const tetherPromptShape = z.looseObject({ _id: key(), name: z.string() });

export const tetherPipelineShape = z.looseObject({
  _id: key(),
  name: z.string(),
  pipelineStages: z.array(z.looseObject({ _id: key(), name: z.string() })).nullable().optional(),
});

export const healthingChannelShape = z.looseObject({
  id: z.int(),
  name: key(),
  channel_type: z.string(),
  assignment_mode: text(),
});
