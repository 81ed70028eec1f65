/**
 * Terraform calls ReadResource once per resource, often in parallel. The
 * kinds read through list endpoints, so one provider process serves all of
 * those reads from one list request per kind: every read of a vendor client
 * (`list…`/`get…`) is memoised, and any other call (a write) clears that
 * client's memo once it settles, so the next read sees the write.
 */
import type { VendorClients, VendorName } from '../vendors/index.js';

const READ = /^(list|get)[A-Z]/;
const PASS_THROUGH = new Set(['metrics', 'close']);

const underlying = new WeakMap<VendorClients, VendorClients>();
const forgetters = new WeakMap<VendorClients, Map<VendorName, () => void>>();

export function cachingClients(clients: VendorClients): VendorClients {
  const forget = new Map<VendorName, () => void>();
  const cached = <T extends object>(vendor: VendorName, client: T): T => {
    const memo = new Map<string, Promise<unknown>>();
    forget.set(vendor, () => memo.clear());
    return memoised(client, memo);
  };
  const caching: VendorClients = {
    ...(clients.chatwoot && { chatwoot: cached('chatwoot', clients.chatwoot) }),
    ...(clients.tether && { tether: cached('tether', clients.tether) }),
    ...(clients.healthing && { healthing: cached('healthing', clients.healthing) }),
    metrics: () => clients.metrics(),
    close: () => clients.close(),
  };
  underlying.set(caching, clients);
  forgetters.set(caching, forget);
  return caching;
}

/**
 * Drops the vendor's remembered reads: after a wait through `uncached`, a read
 * made meanwhile (a parallel refresh) may have remembered what the wait saw go.
 */
export function forgetCachedReads(clients: VendorClients, vendor: VendorName): void {
  forgetters.get(clients)?.get(vendor)?.();
}

/** The clients behind a caching set, for reads that must reach the vendor every time (polling until a delete finishes). */
export function uncached(clients: VendorClients): VendorClients {
  return underlying.get(clients) ?? clients;
}

function memoised<T extends object>(client: T, memo: Map<string, Promise<unknown>>): T {
  return new Proxy(client, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof property !== 'string' || typeof value !== 'function' || PASS_THROUGH.has(property)) return value;
      const method = value as (...args: unknown[]) => Promise<unknown>;
      if (READ.test(property)) {
        return (...args: unknown[]) => {
          const key = `${property} ${JSON.stringify(args)}`;
          let pending = memo.get(key);
          if (!pending) {
            pending = method.apply(target, args);
            memo.set(key, pending);
            // A failed read is not remembered: the next caller tries again.
            pending.catch(() => {
              if (memo.get(key) === pending) memo.delete(key);
            });
          }
          return pending;
        };
      }
      return async (...args: unknown[]) => {
        try {
          return await method.apply(target, args);
        } finally {
          memo.clear();
        }
      };
    },
  });
}
