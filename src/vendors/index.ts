/**
 * The vendor layer: one client per vendor over a shared HTTP core, and a
 * factory that builds the clients for the providers a config declares.
 */
import type { ProvidersConfig } from '../config/providers.js';
import { ChatwootClient } from './chatwoot.js';
import { HealthingClient } from './healthing.js';
import type { HttpOptions, VendorMetrics } from './http/options.js';
import type { VendorName } from '../config/vendor-names.js';
import { TetherClient } from './tether.js';

export * from './chatwoot.js';
export * from './tether.js';
export * from './healthing.js';
export type { HttpMessage, HttpOptions, HttpWaitMessage, VendorMetrics } from './http/options.js';
export type { RetryOptions } from './http/retry-policy.js';
export type { ConcurrencyOptions } from './http/adaptive-concurrency.js';
export type { PacerOptions } from './http/rate-pacer.js';
export type { VendorName } from '../config/vendor-names.js';

export type { ProvidersConfig };

export interface ClientsOptions extends HttpOptions {
  /** Per-vendor overrides, merged over the shared options (e.g. a lower concurrency for one vendor). */
  vendors?: Partial<Record<VendorName, HttpOptions>>;
}

export interface VendorClients {
  chatwoot?: ChatwootClient;
  tether?: TetherClient;
  healthing?: HealthingClient;
  /** Counters of every client built. */
  metrics(): Partial<Record<VendorName, VendorMetrics>>;
  /** Closes every connection pool. */
  close(): Promise<void>;
}

export function createClients(providers: ProvidersConfig, options: ClientsOptions = {}): VendorClients {
  const { vendors = {}, ...shared } = options;
  const optionsFor = (vendor: VendorName): HttpOptions => ({ ...shared, ...vendors[vendor] });
  const chatwoot = providers.chatwoot && new ChatwootClient(providers.chatwoot, optionsFor('chatwoot'));
  const tether = providers.tether && new TetherClient(providers.tether, optionsFor('tether'));
  const healthing = providers.healthing && new HealthingClient(providers.healthing, optionsFor('healthing'));
  const built = { chatwoot, tether, healthing };
  return {
    ...built,
    metrics() {
      const out: Partial<Record<VendorName, VendorMetrics>> = {};
      for (const [name, client] of Object.entries(built)) if (client) out[name as VendorName] = client.metrics();
      return out;
    },
    async close() {
      await Promise.all(Object.values(built).map((client) => client?.close()));
    },
  };
}
