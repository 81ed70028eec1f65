/** The `providers` block: where each vendor lives and how to authenticate. */
import * as z from 'zod';
import { hasControl } from '../util/visible.js';
import { hostAndPort } from '../util/host-and-port.js';
import { doc, type Doc } from './field-docs.js';
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
const SECRET_NOTE = 'Secret: never printed, logged or written to plan files; keep it out of the config file with an environment variable.';
const secret = (title: string, markdown: string) => secretString().meta(doc(title, `${markdown} ${SECRET_NOTE}`));
const baseUrl = (vendor: string, example: string) =>
  httpUrl.meta(doc(`${vendor} URL`, `Base URL of the ${vendor} server, for example \`${example}\`. Plain \`http://\` is accepted only for loopback hosts unless \`allow_insecure_http\` is true.`));
const allowInsecureHttp = z
  .boolean()
  .optional()
  .meta(
    doc(
      'Allow insecure HTTP',
      'Allow a plain `http://` url to a host other than loopback: credentials then cross the network unencrypted. Default `false`.',
    ),
  );
const loginEmail = (vendor: string) => z.string().min(1).meta(doc('Login email', `Email address of the ${vendor} user deskform logs in as.`));

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

// Snippet bodies escape `$` (`\\$`): a bare `${…}` is a tab stop to the editor.
export const chatwootProviderSchema = z
  .strictObject({
    url: baseUrl('Chatwoot', 'https://app.chatwoot.com'),
    account_id: z
      .int()
      .positive()
      .meta(doc('Account id', 'Id of the Chatwoot account that owns the portals and inboxes (the number after `/app/accounts/` in the dashboard URL).')),
    api_token: secret('API token', 'Access token of a Chatwoot administrator or agent bot (Profile settings → Access token), sent in the `Api-Access-Token` header.'),
    allow_insecure_http: allowInsecureHttp,
  })
  .check(checkTransport)
  .meta(
    doc('Chatwoot provider', 'Where the Chatwoot server is and how to authenticate: needed by `portals` and `inboxes`.', [
      {
        label: 'Chatwoot provider',
        description: 'URL, account and an API token from the environment',
        body: { url: '${1:https://app.chatwoot.com}', account_id: 1, api_token: '\\${env:CHATWOOT_API_TOKEN}' },
      },
    ]),
  );

export const tetherProviderSchema = z
  .union([
    z
      .strictObject({
        url: baseUrl('Tether', 'https://tether.example.com'),
        token: secret('API token', 'Tether API token (a JWT), sent as `Authorization: Bearer`.'),
        allow_insecure_http: allowInsecureHttp,
      })
      .meta(doc('Tether with a token', 'Authenticates with an API token.')),
    z
      .strictObject({
        url: baseUrl('Tether', 'https://tether.example.com'),
        email: loginEmail('Tether'),
        password: secret('Password', 'Password of the Tether user; deskform logs in with it (`POST /api/auth/login`) and sends the token it gets.'),
        allow_insecure_http: allowInsecureHttp,
      })
      .meta(doc('Tether with email and password', 'Logs in with a user\'s email and password.')),
  ])
  .check(checkTransport)
  .meta(
    doc('Tether provider', 'Where the Tether server is and how to authenticate (a `token`, or an `email` and `password`): needed by `webchats` and their prompt and pipeline look-ups.', [
      {
        label: 'Tether provider (token)',
        description: 'URL and an API token from the environment',
        body: { url: '${1:https://tether.example.com}', token: '\\${env:TETHER_TOKEN}' },
      },
    ]),
  );

export const healthingProviderSchema = z
  .strictObject({
    url: baseUrl('Healthing', 'https://crm.healthing.com.br'),
    email: loginEmail('Healthing'),
    password: secret('Password', 'Password of the Healthing user; deskform logs in with it (`POST /api/v1/auth/login`) and refreshes the 30-minute token as needed.'),
    allow_insecure_http: allowInsecureHttp,
  })
  .check(checkTransport)
  .meta(
    doc('Healthing provider', 'Where the Healthing server is and how to log in: needed by `channels`.', [
      {
        label: 'Healthing provider',
        description: 'URL, and email and password from the environment',
        body: { url: '${1:https://crm.healthing.com.br}', email: '\\${env:HEALTHING_EMAIL}', password: '\\${env:HEALTHING_PASSWORD}' },
      },
    ]),
  );

export const PROVIDER_SCHEMAS = {
  chatwoot: chatwootProviderSchema,
  tether: tetherProviderSchema,
  healthing: healthingProviderSchema,
} as const satisfies Record<VendorName, z.ZodType>;

/** Every field some vendor's block has: a block holding none of them is a mapping of named instances (config/instances.ts). */
export const PROVIDER_BLOCK_FIELDS: ReadonlySet<string> = new Set(
  [chatwootProviderSchema, ...tetherProviderSchema.options, healthingProviderSchema].flatMap((schema) => Object.keys(schema.shape)),
);

/** As Terraform provider aliases: a letter, then letters, digits, `_` or `-`. */
export const INSTANCE_NAME = /^[A-Za-z][A-Za-z0-9_-]{0,63}$/;

/** A vendor's block, or a mapping of named instances of it (see config/instances.ts); what editors are offered. */
const oneOrNamed = (vendor: string, block: z.ZodType) =>
  z
    .union([
      block,
      z
        .record(z.string().regex(INSTANCE_NAME), block)
        .meta(
          doc(
            `Named ${vendor} instances`,
            `Several ${vendor} accounts, by instance name (letters, digits, \`_\`, \`-\`). Objects choose one with \`provider: ${vendor.toLowerCase()}.<name>\`; those without one use the instance named \`default\`, or the only one.`,
          ),
        ),
    ])
    // Editors offer the snippets of the node they complete: the single block's are offered here too.
    .meta(doc(`${vendor} provider`, `One ${vendor} account, or several as named instances (a mapping of instance names to blocks).`, (z.globalRegistry.get(block) as Doc | undefined)?.defaultSnippets))
    .optional();

export const providersSchema = z
  .strictObject({
    chatwoot: oneOrNamed('Chatwoot', chatwootProviderSchema),
    tether: oneOrNamed('Tether', tetherProviderSchema),
    healthing: oneOrNamed('Healthing', healthingProviderSchema),
  })
  .meta(
    doc(
      'Providers',
      'One block per vendor the config uses, or per vendor a mapping of named instances (several accounts). Files merge, so a block may sit in another file; each vendor may be defined in one file only.',
    ),
  );

/** One instance per vendor: the accounts one unit of a run talks to. */
export type ProvidersConfig = {
  chatwoot?: ChatwootProvider;
  tether?: TetherProvider;
  healthing?: HealthingProvider;
};
export type ChatwootProvider = z.infer<typeof chatwootProviderSchema>;
export type TetherProvider = z.infer<typeof tetherProviderSchema>;
export type HealthingProvider = z.infer<typeof healthingProviderSchema>;

/** Provider fields holding credentials: never printed, logged or written to plan files. */
export const PROVIDER_SECRET_FIELDS: readonly string[] = ['api_token', 'token', 'password'];
