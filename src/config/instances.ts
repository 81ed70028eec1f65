/**
 * Named provider instances: several accounts of one vendor in one config.
 *
 *     providers:
 *       chatwoot:              # one instance, named `default`
 *         url: …
 *     ---
 *     providers:
 *       chatwoot:              # named instances
 *         brand_a: { url: …, account_id: 1, api_token: … }
 *         brand_b: { url: …, account_id: 2, api_token: … }
 *
 * An object chooses its instance with `provider: chatwoot.brand_a`; without
 * one it belongs to the vendor's instance named `default`, or to its only
 * instance. Instances of different vendors that share a name are planned and
 * applied together, as one unit (`brand_a`: its Chatwoot and Tether accounts);
 * units never see each other's objects.
 */
import { VENDOR_NAMES, type VendorName } from './vendor-names.js';
import { PROVIDER_BLOCK_FIELDS, type ProvidersConfig } from './providers.js';
import type { LoadedConfig } from './types.js';

export const DEFAULT_INSTANCE = 'default';

/** The field an object chooses its provider instance with; read by the loader, never by a kind. */
export const PROVIDER_FIELD = 'provider';

/**
 * A vendor block holding any provider field is one instance; one holding none
 * is a mapping of named instances (so a misspelt field in a single block is
 * still reported as a misspelt field, next to the fields it does hold).
 */
export function holdsNamedInstances(keys: readonly string[]): boolean {
  return keys.length > 0 && !keys.some((k) => PROVIDER_BLOCK_FIELDS.has(k));
}

/** Provider blocks by instance name: a config's `instances`, or its one block per vendor as the instance `default`. */
export function instancesOf(config: Pick<LoadedConfig, 'instances' | 'providers'>): ReadonlyMap<string, ProvidersConfig> {
  return config.instances ?? new Map([[DEFAULT_INSTANCE, config.providers]]);
}

/** Whether a vendor's instances (their names) are named ones, so messages, exports and plans say which: anything but a lone `default`. */
export function namesInstances(names: readonly string[]): boolean {
  return names.length > 1 || (names.length === 1 && names[0] !== DEFAULT_INSTANCE);
}

/** How messages and `provider:` name an instance: `chatwoot` for the default one, `chatwoot.brand_a` otherwise. */
export function instanceLabel(vendor: VendorName, name: string): string {
  return name === DEFAULT_INSTANCE ? vendor : `${vendor}.${name}`;
}

/** The instance names a vendor has, in the order the config declared them. */
export type InstanceNames = ReadonlyMap<VendorName, readonly string[]>;

export type ChoiceResult = { name: string } | { problem: string };

/**
 * Which instance of `vendor` an object belongs to, from its `provider:` value
 * (`undefined` when it wrote none). `noun` names the object's kind in
 * messages (`inboxes`).
 */
export function chooseInstance(raw: unknown, vendor: VendorName, names: InstanceNames, noun: string): ChoiceResult {
  const declared = names.get(vendor) ?? [];
  const labels = () => declared.map((n) => instanceLabel(vendor, n)).join(', ');
  if (raw === undefined) {
    if (declared.length <= 1) return { name: declared[0] ?? DEFAULT_INSTANCE };
    if (declared.includes(DEFAULT_INSTANCE)) return { name: DEFAULT_INSTANCE };
    return { problem: `needs a provider: field: ${vendor} has several instances (${labels()}) and none is named ${DEFAULT_INSTANCE}` };
  }
  if (typeof raw !== 'string') return { problem: `provider must be a string such as ${instanceLabel(vendor, declared[0] ?? 'name')}` };
  const dot = raw.indexOf('.');
  const written = dot < 0 ? raw : raw.slice(0, dot);
  if (written !== vendor) {
    const other = VENDOR_NAMES.find((v) => v === written);
    const why = other ? `${noun} are ${vendor} objects, not ${other} ones` : `"${written}" is not a vendor`;
    return { problem: `provider "${raw}": ${why}; write ${vendor} or ${vendor}.<instance>` };
  }
  const name = dot < 0 ? DEFAULT_INSTANCE : raw.slice(dot + 1);
  if (declared.includes(name)) return { name };
  // `provider: chatwoot` means the vendor's default instance, which a single block is.
  if (dot < 0 && declared.length === 1) return { name: declared[0]! };
  return { problem: `provider "${raw}" is not declared: providers.${vendor} has ${declared.length > 0 ? labels() : 'no instance'}` };
}

/** `default` first, then by name: the order units are planned, shown and applied in. */
export function orderedInstances(instances: ReadonlyMap<string, ProvidersConfig>): Map<string, ProvidersConfig> {
  const names = [...instances.keys()].sort((a, b) => Number(b === DEFAULT_INSTANCE) - Number(a === DEFAULT_INSTANCE) || (a < b ? -1 : a > b ? 1 : 0));
  return new Map(names.map((n) => [n, instances.get(n)!]));
}

/**
 * Who a vendor block acts as: the server and the account or user. Two
 * instances acting as the same would each plan the other's objects as
 * undeclared (and `--prune` in one would delete them). Held in memory only:
 * a token is compared, never shown.
 */
export function accountOf(vendor: VendorName, block: Record<string, unknown>): string {
  // As URL writes it: host case, a default port and a trailing slash make no other server.
  const server = new URL(String(block.url)).href.replace(/\/+$/, '');
  if (block.account_id !== undefined) return `${server}\u0000account\u0000${String(block.account_id)}`;
  if (typeof block.token === 'string') return `${server}\u0000token\u0000${block.token}`;
  return `${server}\u0000user\u0000${String(block.email).toLowerCase()}`;
}
