/** The `providers` block: where each vendor lives and how to authenticate. */
import { z } from 'zod';
import type { VendorName } from '../vendors/names.js';

// Only the format complaint is replaced; a missing or mistyped url keeps the loader's wording.
const httpUrl = z.url({
  protocol: /^https?$/,
  error: (iss) => (iss.code === 'invalid_format' ? 'expected an http:// or https:// URL' : undefined),
});
/** Shorter secrets are refused: masking one in output would also mask the ordinary words that contain it. */
export const MIN_SECRET_LENGTH = 8;

/** A credential: long enough to be masked wherever its value turns up in output. */
export const secretString = () =>
  z.string().min(MIN_SECRET_LENGTH, {
    message: `is a secret and must be at least ${MIN_SECRET_LENGTH} characters long (a shorter one could not be masked in output)`,
  });
const secret = secretString();

export const chatwootProviderSchema = z.strictObject({
  url: httpUrl,
  account_id: z.int().positive(),
  api_token: secret,
});

export const tetherProviderSchema = z.union([
  z.strictObject({ url: httpUrl, token: secret }),
  z.strictObject({ url: httpUrl, email: z.string().min(1), password: secret }),
]);

export const healthingProviderSchema = z.strictObject({
  url: httpUrl,
  email: z.string().min(1),
  password: secret,
});

export const PROVIDER_SCHEMAS = {
  chatwoot: chatwootProviderSchema,
  tether: tetherProviderSchema,
  healthing: healthingProviderSchema,
} as const satisfies Record<VendorName, z.ZodType>;

export const providersSchema = z.strictObject({
  chatwoot: chatwootProviderSchema.optional(),
  tether: tetherProviderSchema.optional(),
  healthing: healthingProviderSchema.optional(),
});

export type ProvidersConfig = z.infer<typeof providersSchema>;
export type ChatwootProvider = z.infer<typeof chatwootProviderSchema>;
export type TetherProvider = z.infer<typeof tetherProviderSchema>;
export type HealthingProvider = z.infer<typeof healthingProviderSchema>;

/** Provider fields holding credentials: never printed, logged or written to plan files. */
export const PROVIDER_SECRET_FIELDS: readonly string[] = ['api_token', 'token', 'password'];
