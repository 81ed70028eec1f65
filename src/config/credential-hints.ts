/**
 * What to check when a vendor refuses the credentials (401, 403): the
 * provider fields that hold them and how each was supplied. Only the names
 * of `${env:…}` variables are named, never a value, nor text written around a
 * reference (it could be part of a secret).
 */
import { DEFAULT_INSTANCE, instanceLabel } from './instances.js';
import { envReferences } from './interpolate.js';
import type { ProvidersConfig } from './providers.js';
import type { VendorName } from './vendor-names.js';

/** The fields each vendor authenticates with, given its block. */
const CREDENTIAL_FIELDS: Record<VendorName, (block: object) => string[]> = {
  chatwoot: () => ['api_token'],
  tether: (block) => ('token' in block ? ['token'] : ['email', 'password']),
  healthing: () => ['email', 'password'],
};

/**
 * Per configured vendor of one provider instance, e.g. `check providers.chatwoot.api_token (set from ${env:CHATWOOT_API_TOKEN})`
 * (`providers.chatwoot.brand_a.api_token` for a named one).
 * `references` are the provider fields written with `${env:…}`, as LoadedConfig.providerReferences holds them.
 */
export function credentialHints(
  providers: ProvidersConfig,
  references: Readonly<Record<string, Readonly<Record<string, string>>>>,
  instance: string = DEFAULT_INSTANCE,
): Partial<Record<VendorName, string>> {
  const hints: Partial<Record<VendorName, string>> = {};
  for (const vendor of Object.keys(CREDENTIAL_FIELDS) as VendorName[]) {
    const block = providers[vendor];
    if (!block) continue;
    const fields = CREDENTIAL_FIELDS[vendor](block);
    // References are kept by instance label; a named instance's block sits under its name.
    const label = instanceLabel(vendor, instance);
    const written = references[label] ?? {};
    const sources = fields.map((field) => envReferences(written[field] ?? ''));
    const at = instance === DEFAULT_INSTANCE ? `providers.${vendor}` : `providers.${vendor}.${instance}`;
    hints[vendor] = `check ${at}.${fields.join(' and ')} (${howSupplied(fields, sources)})`;
  }
  return hints;
}

function howSupplied(fields: readonly string[], sources: ReadonlyArray<readonly string[]>): string {
  if (sources.every((s) => s.length > 0)) return `set from ${sources.flat().join(' and ')}`;
  if (sources.every((s) => s.length === 0)) return 'written in the config file';
  return fields.map((field, i) => (sources[i]!.length > 0 ? `${field} set from ${sources[i]!.join(' and ')}` : `${field} written in the config file`)).join(', ');
}
