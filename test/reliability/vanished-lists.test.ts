/**
 * A vendor that suddenly lists nothing where deskform applied objects (a
 * broken page, a proxy answering for the wrong account): planning creates for
 * them would duplicate everything once the list comes back, so it is refused.
 */
import { readFileSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createWorld, PROVIDERS, type World } from '../support/world.js';
import { json, startHostileServer, type HostileServer, type Responder } from './support/hostile-server.js';

const INBOXES = '/api/v1/accounts/1/inboxes';
const CONFIG = `${PROVIDERS}
inboxes:
  - { name: Website, channel: { type: web_widget, website_url: "https://example.com" } }
  - { name: Support, channel: { type: web_widget, website_url: "https://example.com/support" } }
`;

let world: World;
let proxy: HostileServer;
/** Routes (`METHOD /path`) the proxy answers itself instead of forwarding to the emulator. */
const sabotaged = new Map<string, Responder>();

/** Passes the request on to `target` and its answer back. */
function forwardTo(target: string): Responder {
  return (req: IncomingMessage, res, body) => {
    const headers = Object.fromEntries(Object.entries(req.headers).filter(([name]) => !['host', 'connection', 'content-length'].includes(name))) as Record<string, string>;
    void fetch(target + (req.url ?? '/'), { method: req.method!, headers, ...(body ? { body } : {}) }).then(async (answer) => {
      res.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? 'application/json' });
      res.end(Buffer.from(await answer.arrayBuffer()));
    });
  };
}

beforeEach(async () => {
  world = await createWorld();
  const forward = forwardTo(world.emulator.urls.chatwoot);
  proxy = await startHostileServer(new Proxy({}, { get: (_routes, route: string) => sabotaged.get(route) ?? forward }));
  world.env.CHATWOOT_URL = proxy.url;
  world.write('deskform.yaml', CONFIG);
});
afterEach(async () => {
  sabotaged.clear();
  await proxy.close();
  await world.close();
});

const posts = () => proxy.requests.filter((r) => r.method === 'POST');

describe('a list suddenly empty where deskform applied objects', () => {
  it('plan and apply refuse to re-create them, naming them and the state file', async () => {
    expect((await world.run('apply', 'deskform.yaml', '--auto-approve')).code).toBe(0);
    const created = posts().length;
    const ids = (world.emulator.control.state() as { chatwoot: { inboxes: Array<{ id: number; name: string }> } }).chatwoot.inboxes;
    const idOf = (name: string) => ids.find((i) => i.name === name)!.id;
    sabotaged.set(`GET ${INBOXES}`, json(200, { payload: [] }));

    const expected =
      `Error: chatwoot listed no inboxes, but deskform applied 2 here (Website id ${idOf('Website')}, Support id ${idOf('Support')}); refusing to re-create them. ` +
      `If they were deleted outside deskform, remove their entries from ${world.dir}/.deskform/state.json (or the file) and plan again.\n`;
    const planned = await world.run('plan', 'deskform.yaml');
    expect(planned.code).toBe(1);
    expect(planned.stderr).toBe(expected);
    const applied = await world.run('apply', 'deskform.yaml', '--auto-approve');
    expect(applied.code).toBe(1);
    expect(applied.stderr).toBe(expected);
    expect(posts()).toHaveLength(created);
  });

  it('an applied object deleted outside deskform, while others stay listed, is created again with a warning, and its old entry dropped', async () => {
    const portals = `${PROVIDERS}portals:\n  - { slug: handbook, name: Handbook }\n  - { slug: faq, name: FAQ }\n`;
    world.write('portals.yaml', portals);
    expect((await world.run('apply', 'portals.yaml', '--auto-approve')).code).toBe(0);
    const ledger = () => JSON.parse(readFileSync(path.join(world.dir, '.deskform', 'state.json'), 'utf8')) as { scopes: Record<string, Record<string, { key: string }>> };
    const handbookIds = () => Object.entries(Object.values(ledger().scopes)[0]!).filter(([, e]) => e.key === 'handbook').map(([ref]) => ref);
    const [before] = handbookIds();
    const deleted = await fetch(`${world.emulator.urls.chatwoot}/api/v1/accounts/1/portals/handbook`, { method: 'DELETE', headers: { api_access_token: world.env.CHATWOOT_API_TOKEN! } });
    expect(deleted.status).toBe(200);

    const planned = await world.run('plan', 'portals.yaml');
    expect(planned.code).toBe(0);
    expect(planned.stdout).toContain(`portal "handbook" was applied as id ${before!.slice('portal/'.length)} and is no longer listed: it will be created again`);
    expect((await world.run('apply', 'portals.yaml', '--auto-approve')).code).toBe(0);
    expect(handbookIds()).toHaveLength(1);
    expect(handbookIds()).not.toEqual([before]);
  });
});
