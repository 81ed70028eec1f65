/** The `providers` block: where each vendor lives and how to authenticate. */
import { z } from 'zod';
import { hasControl } from '../util/visible.js';
import { hostAndPort } from '../util/host-and-port.js';
import type { VendorName } from './vendor-names.js';

// Only the format complaint is replaced; a missing or mistyped url keeps the loader's wording.
const httpUrl = z.url({
  protocol: /^https?$/,
  error: (iss) => (iss.code === 'invalid_format' ? 'expected an http:// or https:// URL' : undefined),
});
/** Shorter secrets are refused: masking one in output would also mask the ordinary words that contain it. */
export const MIN_SECRET_LENGTH = 8;

/** A credential: long enough, and plain enough, to be masked wherever its value turns up in output. */
export const secretString = () =>
  z
    .string()
    .min(MIN_SECRET_LENGTH, {
      message: `is a secret and must be at least ${MIN_SECRET_LENGTH} characters long (a shorter one could not be masked in output)`,
    })
    // Output is escaped before it is masked: an escaped secret no longer matches its raw value.
    .refine((value) => !hasControl(value), {
      message: 'is a secret and must not hold control or bidi characters (output shows them escaped, where the secret could not be masked)',
    });
const secret = secretString();
const allowInsecureHttp = z.boolean().optional().describe('Allow a plain http:// url to a host other than loopback: credentials then cross the network unencrypted');

/** 127.0.0.0/8, ::1 and localhost: plain http there never leaves the machine (the emulator, tests). */
function isLoopback(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/^\[(.*)\]$/, '$1');
  // URL writes an IPv4-mapped address in hex: ::ffff:127.0.0.1 becomes ::ffff:7f00:1.
  return host === 'localhost' || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host) || /^::ffff:7f[0-9a-f]{2}:[0-9a-f]{1,4}$/.test(host);
}

/** Credentials go over plain http only to loopback, unless the block says otherwise. */
function checkTransport(ctx: z.core.ParsePayload<{ url: string; allow_insecure_http?: boolean | undefined }>): void {
  // An unparsable url has its own problem already.
  if (!URL.canParse(ctx.value.url)) return;
  const url = new URL(ctx.value.url);
  if (url.protocol !== 'http:' || isLoopback(url.hostname) || ctx.value.allow_insecure_http === true) return;
  ctx.issues.push({
    code: 'custom',
    path: ['url'],
    input: ctx.value.url,
    message: `plain http:// would send the credentials unencrypted to ${hostAndPort(url)}: use https://, or set allow_insecure_http to true in this block`,
  });
}

export const chatwootProviderSchema = z
  .strictObject({
    url: httpUrl,
    account_id: z.int().positive(),
    api_token: secret,
    allow_insecure_http: allowInsecureHttp,
  })
  .check(checkTransport);

export const tetherProviderSchema = z
  .union([
    z.strictObject({ url: httpUrl, token: secret, allow_insecure_http: allowInsecureHttp }),
    z.strictObject({ url: httpUrl, email: z.string().min(1), password: secret, allow_insecure_http: allowInsecureHttp }),
  ])
  .check(checkTransport);

export const healthingProviderSchema = z
  .strictObject({
    url: httpUrl,
    email: z.string().min(1),
    password: secret,
    allow_insecure_http: allowInsecureHttp,
  })
  .check(checkTransport);

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
