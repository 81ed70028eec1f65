/** Several accounts on one host share its connections, concurrency limit and pacing. */
import { afterEach, describe, expect, it } from 'vitest';
import { ChatwootClient } from '../../src/vendors/chatwoot.js';
import { HostLanes } from '../../src/vendors/http/host-lanes.js';
import { setTimeout as delay } from 'node:timers/promises';
import { json, startScriptServer, type ScriptServer } from './script-server.js';

let server: ScriptServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('host lanes', () => {
  it('clients of one host share one concurrency limit: requests of two accounts never exceed it together', async () => {
    server = await startScriptServer();
    // Every answer waits a little, so requests that were allowed to overlap would.
    server.handle(async (_req, res) => {
      await delay(20);
      json(res, 200, { payload: [] });
    });
    const hosts = new HostLanes();
    const options = { hosts, concurrency: { max: 2, min: 1 } };
    const one = new ChatwootClient({ url: server.url, account_id: 1, api_token: 'token-one-12345' }, options);
    const two = new ChatwootClient({ url: server.url, account_id: 2, api_token: 'token-two-12345' }, options);
    await Promise.all([1, 2, 3].flatMap(() => [one.listInboxes(), two.listInboxes()]));
    expect(server.received).toHaveLength(6);
    expect(server.maxInFlight).toBe(2);
    await Promise.all([one.close(), two.close()]);
  });

  it('a lane is made once per origin and closed with its last client', async () => {
    const closed: string[] = [];
    const lane = (origin: string) => () => ({ pool: { closed: false, destroyed: false, close: async () => void closed.push(origin) }, limiter: {}, pacer: {} }) as never;
    const hosts = new HostLanes();
    const first = hosts.acquire('http://a', lane('a'));
    expect(hosts.acquire('http://a', lane('a-again'))).toBe(first);
    hosts.acquire('http://b', lane('b'));
    await hosts.release('http://a');
    expect(closed).toEqual([]);
    await hosts.release('http://a');
    await hosts.release('http://b');
    expect(closed).toEqual(['a', 'b']);
  });
});
