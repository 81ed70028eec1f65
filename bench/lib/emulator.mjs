/**
 * The emulator in its own process (`deskform emulator --port 0`), so that the
 * measured CLI and the server never share an event loop, and a thin client of
 * its control surface under /_emulator.
 */
import { spawn } from 'node:child_process';
import { Pool } from 'undici';
import { CLI } from './paths.mjs';

export const CREDENTIALS = {
  CHATWOOT_API_TOKEN: 'demo-chatwoot-admin-token',
  TETHER_TOKEN: 'demo-tether-token',
  HEALTHING_EMAIL: 'admin@acme.test',
  HEALTHING_PASSWORD: 'demo-healthing-password',
};

/** `fixtures`: a fixtures file to start from instead of the demo data set. */
export async function startEmulatorProcess({ fixtures } = {}) {
  const args = [CLI, 'emulator', '--port', '0', ...(fixtures ? ['--fixtures', fixtures] : [])];
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk) => (stderr += chunk));
  const exited = new Promise((resolve) => child.on('close', resolve));
  const url = await new Promise((resolve, reject) => {
    let out = '';
    const onData = (chunk) => {
      out += chunk;
      const match = /listening on (http:\/\/\S+)/.exec(out);
      if (match) {
        child.stdout.off('data', onData);
        child.stdout.resume();
        resolve(match[1]);
      }
    };
    child.stdout.setEncoding('utf8').on('data', onData);
    child.on('close', (code) => reject(new Error(`the emulator exited (${code}) before listening:\n${out}\n${stderr}`)));
  });
  const pool = new Pool(url, { connections: 16 });

  async function call(method, path, body) {
    const res = await pool.request({
      method,
      path: `/_emulator${path}`,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.body.text();
    if (res.statusCode >= 300) throw new Error(`emulator control ${method} ${path}: ${res.statusCode} ${text.slice(0, 500)}`);
    return text ? JSON.parse(text) : undefined;
  }

  return {
    url,
    pid: child.pid,
    env: {
      CHATWOOT_URL: `${url}/chatwoot`,
      TETHER_URL: `${url}/tether`,
      HEALTHING_URL: `${url}/healthing`,
      ...CREDENTIALS,
    },
    /** Vendor requests logged since the last reset (control requests left out). */
    async vendorRequests() {
      const all = await call('GET', '/requests');
      return all.filter((r) => r.vendor !== 'control');
    },
    resetRequests: () => call('DELETE', '/requests'),
    setFaults: (config) => call('PUT', '/faults', config),
    clearFaults: () => call('DELETE', '/faults'),
    setRateLimits: (limits) => call('PUT', '/rate-limits', limits),
    clearRateLimits: () => call('DELETE', '/rate-limits'),
    /** Healthing channels cannot be created through its API: they are seeded, a few in flight at a time. */
    async seedChannels(channels) {
      let next = 0;
      const worker = async () => {
        while (next < channels.length) await call('POST', '/healthing/channels', channels[next++]);
      };
      await Promise.all(Array.from({ length: 16 }, worker));
    },
    async close() {
      await pool.close();
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
