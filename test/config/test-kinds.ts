/** Small kinds of our own, so the loader's tests do not depend on the real ones. */
import * as z from 'zod';
import type { ConfigKind, Reference } from '../../src/config/types.js';

const widgetSchema = z.strictObject({
  name: z.string().min(1),
  color: z.string().regex(/^#[0-9A-Fa-f]{6}$/, 'must be a hex colour like #1F93FF').optional(),
  size: z.int().positive().optional(),
  enabled: z.boolean().optional(),
  tags: z.array(z.string()).optional(),
  gadget: z.string().optional(),
  channel: z
    .discriminatedUnion('type', [
      z.strictObject({ type: z.literal('web'), website_url: z.url() }),
      z.strictObject({ type: z.literal('api'), webhook_url: z.url().optional() }),
    ])
    .optional(),
  hmac: z
    .string()
    .refine((v) => v.length >= 8, { error: (iss) => `hmac "${String(iss.input)}" is too short` })
    .optional(),
});
type Widget = z.infer<typeof widgetSchema>;

const widgetKind: ConfigKind<Widget> = {
  kind: 'widget',
  configKey: 'widgets',
  vendor: 'chatwoot',
  schema: widgetSchema,
  fieldClasses: { hmac: 'secret' },
  keyOf: (w) => w.name,
  references: (w): Reference[] => (w.gadget === undefined ? [] : [{ path: ['gadget'], kind: 'gadget', key: w.gadget }]),
};

const gadgetSchema = z.strictObject({
  slug: z.string().regex(/^[a-z0-9-]+$/, 'must be lowercase letters, digits and dashes'),
  title: z.string().optional(),
  widgets: z.array(z.string()).optional(),
});
type Gadget = z.infer<typeof gadgetSchema>;

const gadgetKind: ConfigKind<Gadget> = {
  kind: 'gadget',
  configKey: 'gadgets',
  vendor: 'tether',
  schema: gadgetSchema,
  keyOf: (g) => g.slug,
  references: (g) => (g.widgets ?? []).map((key, i) => ({ path: ['widgets', i], kind: 'widget', key })),
};

export const TEST_KINDS: readonly ConfigKind[] = [widgetKind as ConfigKind, gadgetKind as ConfigKind];
