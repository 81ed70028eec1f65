/** Access to the vendor clients a kind needs; the loader guarantees the provider block exists. */
import type { ChatwootClient, HealthingClient, TetherClient, VendorClients as Clients } from '../vendors/index.js';

function required<T>(client: T | undefined, vendor: string): T {
  if (!client) throw new Error(`no ${vendor} client: the config loader should have required providers.${vendor}`);
  return client;
}

export const chatwootOf = (clients: Clients): ChatwootClient => required(clients.chatwoot, 'chatwoot');
export const tetherOf = (clients: Clients): TetherClient => required(clients.tether, 'tether');
export const healthingOf = (clients: Clients): HealthingClient => required(clients.healthing, 'healthing');

/** Export leaves out what the vendor has no value for, so the YAML stays short. */
export function withoutNulls(obj: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(obj)) if (v !== null && v !== undefined) out[k] = v;
  return out;
}
