/** The create recovery loop, request by request, against a scripted Chatwoot. */
import type { ServerResponse } from 'node:http';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createOrRecover } from '../../src/engine/apply/create-recovery.js';
import { AmbiguousWriteError } from '../../src/errors.js';
import { portalKind } from '../../src/kinds/portal.js';
import { createClients, type VendorClients } from '../../src/vendors/index.js';
import { json, startScriptServer, type Received, type ScriptServer } from '../vendors/script-server.js';

const PORTALS = '/api/v1/accounts/1/portals';
const portal = (id: number) => ({ id, slug: 'help', name: 'Help', account_id: 1, archived: false, config: { allowed_locales: [{ code: 'en' }] }, meta: { default_locale: 'en' } });

let server: ScriptServer;
let clients: VendorClients;
let sleeps: number[];

beforeEach(async () => {
  server = await startScriptServer();
  sleeps = [];
  clients = createClients(
    { chatwoot: { url: server.url, account_id: 1, api_token: 'secret-token' } },
    { retry: { maxAttempts: 3, baseDelayMs: 100 }, random: () => 0.5, sleep: async (ms) => void sleeps.push(ms) },
  );
});

afterEach(async () => {
  await clients.close();
  await server.close();
});

/** Answers each POST with the next of `creates` (a status, or 'reset'); lists show `listed` portals until then. */
function script(creates: Array<number | 'reset'>, listed: (posts: number) => unknown[] = () => []): void {
  let posts = 0;
  server.handle((req: Received, res: ServerResponse) => {
    if (req.method === 'GET') return json(res, 200, { payload: listed(posts) });
    const answer = creates[posts++] ?? 200;
    if (answer === 'reset') return void res.socket?.destroy();
    json(res, answer, answer === 200 ? portal(7) : { message: 'busy' });
  });
}

const sequence = () => server.received.map((r) => `${r.method} ${r.url}`);
const recover = () =>
  createOrRecover(portalKind, { slug: 'help', name: 'Help' }, { clients, lookups: undefined, idOf: () => undefined }, new Set(), new Set(['1']), 'help', () => new Set());

describe('create recovery', () => {
  it('re-lists and creates again after each 502/503/reset, with the retry policy’s backoff', async () => {
    script([503, 'reset']);
    const created = await recover();
    expect(created.id).toBe('7');
    expect(sequence()).toEqual([`POST ${PORTALS}`, `GET ${PORTALS}`, `POST ${PORTALS}`, `GET ${PORTALS}`, `POST ${PORTALS}`]);
    // Full jitter with random() = 0.5: half of base·2^(n-1), as for an idempotent request.
    expect(sleeps).toEqual([50, 100]);
  });

  it('stops at the attempt budget with the last failure, having created no more than maxAttempts times and looked once more', async () => {
    script([502, 503, 504, 503]);
    const err = await recover().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AmbiguousWriteError);
    expect((err as Error).message).toBe(`chatwoot: POST ${PORTALS} returned 504: busy (the write may have been applied; re-read before retrying)`);
    expect(sequence()).toEqual([`POST ${PORTALS}`, `GET ${PORTALS}`, `POST ${PORTALS}`, `GET ${PORTALS}`, `POST ${PORTALS}`, `GET ${PORTALS}`]);
  });

  it('adopts the last create of the budget when it landed despite its failure', async () => {
    script([502, 503, 504], (posts) => (posts >= 3 ? [portal(9)] : []));
    expect((await recover()).id).toBe('9');
    expect(sequence()).toEqual([`POST ${PORTALS}`, `GET ${PORTALS}`, `POST ${PORTALS}`, `GET ${PORTALS}`, `POST ${PORTALS}`, `GET ${PORTALS}`]);
  });

  it('adopts a create that landed despite its 503, without creating again', async () => {
    script([503], (posts) => (posts > 0 ? [{ ...portal(1), slug: 'other' }, portal(9)] : []));
    const created = await recover();
    expect(created.id).toBe('9');
    expect(sequence()).toEqual([`POST ${PORTALS}`, `GET ${PORTALS}`]);
  });

  it('a 429 on the create is retried in place, then the loop goes on', async () => {
    script([429, 503]);
    expect((await recover()).id).toBe('7');
    expect(sequence()).toEqual([`POST ${PORTALS}`, `POST ${PORTALS}`, `GET ${PORTALS}`, `POST ${PORTALS}`]);
  });

  it('a 500 is not transient: one re-create after re-listing, and a last look after it', async () => {
    script([500, 500]);
    await expect(recover()).rejects.toThrow(`chatwoot: POST ${PORTALS} returned 500: busy`);
    expect(sequence()).toEqual([`POST ${PORTALS}`, `GET ${PORTALS}`, `POST ${PORTALS}`, `GET ${PORTALS}`]);
    expect(sleeps).toEqual([]);
  });
});
