import { describe, expect, it } from 'vitest';
import { cachingClients } from '../../src/provider/refresh-cache.js';
import type { VendorClients } from '../../src/vendors/index.js';

/** A stand-in vendor client that counts its calls. */
function fakeClients() {
  const calls: string[] = [];
  let failNextList = false;
  const healthing = {
    async listChannels() {
      calls.push('list');
      if (failNextList) {
        failNextList = false;
        throw new Error('boom');
      }
      return [{ id: calls.length }];
    },
    async getThing(id: number) {
      calls.push(`get ${id}`);
      return { id };
    },
    async updateChannel(fail: boolean) {
      calls.push('update');
      if (fail) throw new Error('refused');
    },
  };
  const clients = { healthing, metrics: () => ({}), close: async () => undefined } as unknown as VendorClients;
  return { calls, clients, failList: () => (failNextList = true) };
}

type Fake = {
  listChannels(): Promise<Array<{ id: number }>>;
  getThing(id: number): Promise<unknown>;
  updateChannel(fail: boolean): Promise<void>;
};

describe('cachingClients', () => {
  it('shares one read between concurrent and later callers, per method and arguments', async () => {
    const fake = fakeClients();
    const client = cachingClients(fake.clients).healthing as unknown as Fake;
    const [a, b] = await Promise.all([client.listChannels(), client.listChannels()]);
    expect(a).toBe(b);
    await client.listChannels();
    await client.getThing(1);
    await client.getThing(1);
    await client.getThing(2);
    expect(fake.calls).toEqual(['list', 'get 1', 'get 2']);
  });

  it('forgets every read after a write settles, whether it succeeded or not', async () => {
    const fake = fakeClients();
    const client = cachingClients(fake.clients).healthing as unknown as Fake;
    await client.listChannels();
    await client.updateChannel(false);
    await client.listChannels();
    await expect(client.updateChannel(true)).rejects.toThrow('refused');
    await client.listChannels();
    expect(fake.calls).toEqual(['list', 'update', 'list', 'update', 'list']);
  });

  it('does not remember a failed read', async () => {
    const fake = fakeClients();
    const client = cachingClients(fake.clients).healthing as unknown as Fake;
    fake.failList();
    await expect(client.listChannels()).rejects.toThrow('boom');
    expect(await client.listChannels()).toEqual([{ id: 2 }]);
  });

  it('leaves vendors that are not configured absent', () => {
    const fake = fakeClients();
    const cached = cachingClients(fake.clients);
    expect(cached.chatwoot).toBeUndefined();
    expect(cached.tether).toBeUndefined();
  });
});
