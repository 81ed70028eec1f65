/**
 * The real terraform binary against the emulator, for the paths where one
 * command must leave nothing for the next plan: `apply -replace` of an inbox
 * a portal links as its live chat, and `terraform import` of inboxes whose
 * configuration declares only the required fields.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTerraformWorld, describeTerraform, REQUIRED_PROVIDERS, said, type TerraformWorld, type TfWorkspace } from './support/terraform-world.js';

describeTerraform('terraform replace and import paths', () => {
  let world: TerraformWorld;

  beforeAll(async () => {
    world = await createTerraformWorld({ seed: 7 });
  }, 120_000);

  afterAll(() => world?.close());

  /** A workspace of its own per test, so one test's state cannot leak into another's plan; Chatwoot comes from the environment. */
  async function workspace(resources: string): Promise<TfWorkspace> {
    const ws = await world.workspace({ ...world.env('chatwoot'), CHATWOOT_ACCOUNT_ID: '1' });
    ws.write('main.tf', `${REQUIRED_PROVIDERS}\n${resources}`);
    const init = await ws.tf('init');
    expect(init.code, said(init)).toBe(0);
    return ws;
  }

  const portal = async (slug: string) => (await world.clients.chatwoot!.listPortals()).find((p) => p.slug === slug);

  it('re-links a portal to the live-chat inbox that apply -replace re-created, in one apply', async () => {
    const ws = await workspace(`resource "deskform_inbox" "web" {
  name    = "Website"
  channel = { type = "web_widget", website_url = "https://acme.test" }
}

resource "deskform_portal" "help" {
  slug            = "help"
  name            = "Help"
  live_chat_inbox = deskform_inbox.web.name
}
`);
    const apply = await ws.tf('apply', '-auto-approve');
    expect(apply.code, said(apply)).toBe(0);
    const before = (await world.clients.chatwoot!.listInboxes()).find((i) => i.name === 'Website')!;
    expect((await portal('help'))?.inbox?.id).toBe(before.id);

    const replace = await ws.tf('apply', '-auto-approve', '-replace=deskform_inbox.web');
    expect(replace.code, said(replace)).toBe(0);
    world.emulator.control.drainJobs();
    const after = (await world.clients.chatwoot!.listInboxes()).filter((i) => i.name === 'Website');
    expect(after).toHaveLength(1);
    expect(after[0]!.id).not.toBe(before.id);
    expect((await portal('help'))?.inbox?.id).toBe(after[0]!.id);
    const replan = await ws.tf('plan', '-detailed-exitcode');
    expect(replan.code, said(replan)).toBe(0);
  }, 120_000);

  it('imports an inbox of every channel type with only the required fields configured, and plans no change', async () => {
    const chatwoot = world.clients.chatwoot!;
    const widget = await chatwoot.createInbox({ name: 'Legacy widget', channel: { type: 'web_widget', website_url: 'https://legacy.test', welcome_title: 'Hello' } }, []);
    const api = await chatwoot.createInbox({ name: 'Legacy api', channel: { type: 'api', webhook_url: 'https://hooks.legacy.test/in' } }, []);
    const email = await chatwoot.createInbox({ name: 'Legacy mail', channel: { type: 'email', email: 'help@legacy.test' } }, []);
    const ws = await workspace(`resource "deskform_inbox" "widget" {
  name    = "Legacy widget"
  channel = { type = "web_widget", website_url = "https://legacy.test" }
}

resource "deskform_inbox" "api" {
  name    = "Legacy api"
  channel = { type = "api" }
}

resource "deskform_inbox" "mail" {
  name    = "Legacy mail"
  channel = { type = "email", email = "help@legacy.test" }
}
`);
    for (const [address, id] of [
      ['deskform_inbox.widget', widget.id],
      ['deskform_inbox.api', api.id],
      ['deskform_inbox.mail', email.id],
    ] as const) {
      const imported = await ws.tf('import', address, String(id));
      expect(imported.code, said(imported)).toBe(0);
    }
    const plan = await ws.tf('plan', '-detailed-exitcode');
    expect(plan.code, said(plan)).toBe(0);
  }, 120_000);
});
