/**
 * The floor a no-change plan is compared to: the same vendor requests the
 * plan sent, replayed raw with undici (logins first, as any client must) and
 * their bodies JSON.parsed, with nothing else done.
 */
import { performance } from 'node:perf_hooks';
import { Pool } from 'undici';

const LOGIN = /\/auth\/login$/;

/** `requests`: the emulator's log of the plan ({vendor, method, path}); `env`: the plan's environment. */
export async function rawFetchMs(requests, env) {
  const started = performance.now();
  const byVendor = new Map();
  for (const r of requests) byVendor.set(r.vendor, [...(byVendor.get(r.vendor) ?? []), r]);
  const pools = [];
  await Promise.all(
    [...byVendor].map(async ([vendor, entries]) => {
      const base = new URL(env[`${vendor.toUpperCase()}_URL`]);
      const pool = new Pool(base.origin, { connections: 8 });
      pools.push(pool);
      const send = async (method, path, headers, body) => {
        const res = await pool.request({ method, path: base.pathname + path, headers, body });
        const text = await res.body.text();
        if (res.statusCode >= 300) throw new Error(`floor ${method} ${path}: ${res.statusCode}`);
        return JSON.parse(text);
      };
      let headers = {};
      if (vendor === 'chatwoot') headers = { 'api-access-token': env.CHATWOOT_API_TOKEN };
      if (vendor === 'tether') headers = { authorization: `Bearer ${env.TETHER_TOKEN}` };
      const login = entries.find((e) => e.method === 'POST' && LOGIN.test(e.path));
      if (login) {
        const credentials = JSON.stringify({ email: env.HEALTHING_EMAIL, password: env.HEALTHING_PASSWORD });
        const session = await send('POST', login.path, { 'content-type': 'application/json' }, credentials);
        headers = { authorization: `Bearer ${session.access_token}` };
      }
      await Promise.all(entries.filter((e) => e !== login).map((e) => send(e.method, e.path, headers)));
    }),
  );
  const elapsed = performance.now() - started;
  await Promise.all(pools.map((p) => p.close()));
  return elapsed;
}
