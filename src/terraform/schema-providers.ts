/**
 * The provider block: one optional nested block per vendor, mirroring the
 * YAML `providers` section, with environment-variable fallbacks so secrets
 * can stay out of Terraform configurations and synthesized stacks.
 */
import type * as z from 'zod';
import { PROVIDER_SCHEMAS, PROVIDER_SECRET_FIELDS, type ProvidersConfig } from '../config/providers.js';
import { VENDOR_NAMES, type VendorName } from '../config/vendor-names.js';
import type { AttributeProblem } from '../kinds/types.js';
import type { SchemaAttribute, SchemaBlock } from './schema-types.js';
import { descriptionOf, objectAttributes } from './schema-zod.js';

/** Environment variable read when a provider attribute is not set, by vendor and attribute. */
export const PROVIDER_ENV: Readonly<Record<VendorName, Readonly<Record<string, string>>>> = {
  chatwoot: { url: 'CHATWOOT_URL', account_id: 'CHATWOOT_ACCOUNT_ID', api_token: 'CHATWOOT_API_TOKEN' },
  tether: { url: 'TETHER_URL', token: 'TETHER_TOKEN', email: 'TETHER_EMAIL', password: 'TETHER_PASSWORD' },
  healthing: { url: 'HEALTHING_URL', email: 'HEALTHING_EMAIL', password: 'HEALTHING_PASSWORD' },
};

type ObjectLike = { _zod: { def: { type: string; shape?: Record<string, never>; options?: ObjectLike[] } } };

/** Every field of a vendor schema; a union of objects (tether's two ways to log in) contributes all of its variants' fields. */
function vendorShape(schema: z.ZodType): Record<string, never> {
  const def = (schema as unknown as ObjectLike)._zod.def;
  if (def.type === 'object') return def.shape!;
  return Object.assign({}, ...(def.options ?? []).map((o) => o._zod.def.shape));
}

export function providerBlock(): SchemaBlock {
  const block_types: SchemaBlock['block_types'] = {};
  for (const vendor of [...VENDOR_NAMES].sort()) {
    const env = PROVIDER_ENV[vendor];
    const attributes = objectAttributes(vendorShape(PROVIDER_SCHEMAS[vendor]), {
      sensitive: (path) => PROVIDER_SECRET_FIELDS.includes(path[path.length - 1]!),
      computed: () => false,
    }, [], true);
    for (const [name, { type, description, description_kind, ...flags }] of Object.entries(attributes)) {
      const fallback = env[name];
      const text = [description, fallback ? `Defaults to $${fallback}.` : undefined].filter(Boolean).join(' ');
      attributes[name] = { type, ...(text ? { description: text } : {}), description_kind, ...flags } as SchemaAttribute;
    }
    block_types[vendor] = {
      nesting_mode: 'single',
      block: { attributes, description: descriptionOf(PROVIDER_SCHEMAS[vendor] as never), description_kind: 'plain' },
    };
  }
  return { block_types, description_kind: 'plain' };
}

export interface ResolvedProviders {
  providers: ProvidersConfig;
  /** Paths are `[vendor, attribute]`. Messages never quote values. */
  problems: AttributeProblem[];
}

/**
 * The providers config from a provider block (attribute values, null when
 * unset) and the environment. A vendor whose block sets something, or that is
 * in `needed`, must be complete; one only partly set by variables is left out.
 */
export function resolveProviders(
  block: Readonly<Record<string, unknown>> | null | undefined,
  env: Readonly<Record<string, string | undefined>>,
  needed: ReadonlySet<VendorName> = new Set(),
): ResolvedProviders {
  const providers: Record<string, unknown> = {};
  const problems: AttributeProblem[] = [];
  for (const vendor of VENDOR_NAMES) {
    const given = (block?.[vendor] ?? {}) as Record<string, unknown>;
    const value = mergedVendorValue(vendor, given, env);
    if (Object.keys(value).length === 0) {
      if (needed.has(vendor)) {
        const vars = Object.values(PROVIDER_ENV[vendor]).map((v) => `$${v}`).join(', ');
        problems.push({ path: [vendor], message: `the ${vendor} provider settings are missing: set the ${vendor} block or ${vars}` });
      }
      continue;
    }
    const parsed = PROVIDER_SCHEMAS[vendor].safeParse(value);
    if (parsed.success) providers[vendor] = parsed.data;
    // Stray variables for a vendor nobody uses or configures are not a configuration.
    else if (needed.has(vendor) || Object.values(given).some((v) => v !== null && v !== undefined)) {
      problems.push(...parsed.error.issues.map((iss) => vendorProblem(vendor, iss)));
    }
  }
  return { providers: providers as ProvidersConfig, problems };
}

/**
 * Explicit attributes first, then the environment. For a vendor with several
 * ways to authenticate, the environment only fills the way the block already
 * chose (or, if the block chose none, the first way the environment completes).
 */
function mergedVendorValue(vendor: VendorName, given: Record<string, unknown>, env: Readonly<Record<string, string | undefined>>): Record<string, unknown> {
  const explicit = Object.fromEntries(Object.entries(given).filter(([, v]) => v !== null && v !== undefined));
  const fromEnv: Record<string, unknown> = {};
  for (const [name, variable] of Object.entries(PROVIDER_ENV[vendor])) {
    const raw = env[variable];
    if (raw !== undefined && raw !== '' && !(name in explicit)) fromEnv[name] = name === 'account_id' && /^\d+$/.test(raw) ? Number(raw) : raw;
  }
  const def = (PROVIDER_SCHEMAS[vendor] as unknown as ObjectLike)._zod.def;
  if (def.type !== 'union') return { ...fromEnv, ...explicit };
  const ways = (def.options ?? []).map((o) => Object.keys(o._zod.def.shape ?? {}));
  const common = ways.reduce((a, b) => a.filter((f) => b.includes(f)));
  const chosen =
    ways.find((fields) => fields.some((f) => !common.includes(f) && f in explicit)) ??
    ways.find((fields) => fields.every((f) => f in explicit || f in fromEnv)) ??
    ways[0]!;
  const picked = Object.fromEntries(Object.entries(fromEnv).filter(([name]) => chosen.includes(name)));
  return { ...picked, ...explicit };
}

function vendorProblem(vendor: VendorName, iss: z.core.$ZodIssue): AttributeProblem {
  const field = iss.path[0];
  const attribute = typeof field === 'string' ? field : undefined;
  const variable = attribute ? PROVIDER_ENV[vendor][attribute] : undefined;
  if (iss.code === 'invalid_type' && attribute) {
    const missing = `missing ${vendor} ${attribute}${variable ? ` (set it in the ${vendor} block or $${variable})` : ''}`;
    return { path: [vendor, attribute], message: iss.message.includes('undefined') ? missing : `${attribute}: ${iss.message}` };
  }
  if (iss.code === 'unrecognized_keys') return { path: [vendor, iss.keys[0] ?? ''], message: `${vendor}: unknown attribute ${iss.keys.map((k) => `"${k}"`).join(', ')}`, unknownKey: true };
  if (iss.code === 'invalid_union') return { path: [vendor], message: `${vendor}: set url and either token, or email and password` };
  return { path: [vendor, ...(attribute ? [attribute] : [])], message: `${vendor}${attribute ? ` ${attribute}` : ''}: ${iss.message}` };
}
