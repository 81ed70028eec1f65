/**
 * examples/terraform/several-accounts with the real terraform binary: two
 * aliased provider configurations, each on its own Chatwoot account of one
 * emulator, holding an inbox of the same name. Each alias creates, links,
 * changes and destroys only in its own account.
 */
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { defaultFixtures } from '../../src/emulator/index.js';
import { createClients, type VendorClients } from '../../src/vendors/index.js';
import { ROOT } from './support/built.js';
import { createTerraformWorld, describeTerraform, said, type TerraformWorld, type TfWorkspace } from './support/terraform-world.js';

const EXAMPLE = path.join(ROOT, 'examples/terraform/several-accounts');

describeTerraform('provider aliases: two Chatwoot accounts from one configuration', () => {
  let world: TerraformWorld;
  let ws: TfWorkspace;
  /** The emulator's demo accounts 1 and 2, each through its own administrator's token. */
  let accounts: Record<1 | 2, NonNullable<VendorClients['chatwoot']>>;
  let accountB: VendorClients;

  beforeAll(async () => {
    const fixtures = defaultFixtures();
    // Destroys wait for Chatwoot's background inbox delete: shortened, as the real one takes seconds.
    world = await createTerraformWorld({ seed: 11, fixtures: { ...fixtures, chatwoot: { ...fixtures.chatwoot, inbox_delete_delay_ms: 50 } } });
    accountB = createClients({ chatwoot: { url: world.emulator.urls.chatwoot, account_id: 2, api_token: 'demo-chatwoot-other-token' } });
    accounts = { 1: world.clients.chatwoot!, 2: accountB.chatwoot! };
    // Only the variables the example reads: no CHATWOOT_* fallback could stand in for an alias's own settings.
    ws = await world.workspace({
      TF_VAR_chatwoot_url: world.emulator.urls.chatwoot,
      TF_VAR_brand_a_token: 'demo-chatwoot-admin-token',
      TF_VAR_brand_b_token: 'demo-chatwoot-other-token',
    });
    cpSync(EXAMPLE, ws.dir, { recursive: true });
    const init = await ws.tf('init');
    expect(init.code, said(init)).toBe(0);
  }, 120_000);

  afterAll(async () => {
    await accountB?.close();
    await world?.close();
  });

  const inboxes = async (account: 1 | 2) => (await accounts[account].listInboxes()).map((i) => ({ id: i.id, name: i.name, greeting: i.greeting_message }));
  const portals = async (account: 1 | 2) => (await accounts[account].listPortals()).map((p) => ({ slug: p.slug, inbox: p.inbox?.id }));

  it('creates one "Website" inbox and one portal in each account, each portal linked to its own account\'s inbox, and re-plans clean', async () => {
    const apply = await ws.tf('apply', '-auto-approve');
    expect(apply.code, said(apply)).toBe(0);
    expect(apply.stdout).toContain('Apply complete! Resources: 4 added, 0 changed, 0 destroyed.');
    expect(apply.stdout).not.toContain('Warning');

    const [a] = await inboxes(1);
    const [b] = await inboxes(2);
    expect(await inboxes(1)).toEqual([{ id: a!.id, name: 'Website', greeting: 'Hello from Brand A' }]);
    expect(await inboxes(2)).toEqual([{ id: b!.id, name: 'Website', greeting: 'Hello from Brand B' }]);
    expect(await portals(1)).toEqual([{ slug: 'brand-a-help', inbox: a!.id }]);
    expect(await portals(2)).toEqual([{ slug: 'brand-b-help', inbox: b!.id }]);

    const replan = await ws.tf('plan', '-detailed-exitcode');
    expect(replan.code, said(replan)).toBe(0);
  });

  it('sends a change to one alias\'s resource only to that alias\'s account', async () => {
    const main = path.join(ws.dir, 'main.tf');
    writeFileSync(main, readFileSync(main, 'utf8').replace('"Hello from Brand B"', '"Welcome to Brand B"'));
    const since = world.emulator.control.requests().length;
    const apply = await ws.tf('apply', '-auto-approve');
    expect(apply.code, said(apply)).toBe(0);
    expect(apply.stdout).toContain('Apply complete! Resources: 0 added, 1 changed, 0 destroyed.');
    const writes = world.emulator.control.requests().slice(since).filter((r) => r.vendor === 'chatwoot' && r.method !== 'GET');
    expect(writes.map((r) => `${r.method} ${r.path}`)).toEqual([expect.stringMatching(/^PATCH \/api\/v1\/accounts\/2\/inboxes\/\d+$/)]);
    expect((await inboxes(1))[0]?.greeting).toBe('Hello from Brand A');
    expect((await inboxes(2))[0]?.greeting).toBe('Welcome to Brand B');
  });

  it('destroys both accounts\' objects', async () => {
    const destroy = await ws.tf('destroy', '-auto-approve');
    expect(destroy.code, said(destroy)).toBe(0);
    expect(destroy.stdout).toContain('Destroy complete! Resources: 4 destroyed.');
    world.emulator.control.drainJobs();
    for (const account of [1, 2] as const) {
      expect(await inboxes(account)).toEqual([]);
      expect(await portals(account)).toEqual([]);
    }
  });
});
