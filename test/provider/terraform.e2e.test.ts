/**
 * The real terraform binary, the built provider from a filesystem mirror,
 * the emulator: init, plan, apply, no-op re-plan, in-place update,
 * replacement, `terraform import`, an `import {}` block, validation errors
 * and destroy, for all four kinds.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { defaultFixtures } from '../../src/emulator/index.js';
import type { VendorClients } from '../../src/vendors/index.js';
import { createTerraformWorld, describeTerraform, flat, REQUIRED_PROVIDERS, said, type TerraformWorld, type TfWorkspace } from './support/terraform-world.js';

interface Knobs {
  portalName: string;
  inboxChannel: string;
  greeting: string;
  mondayStart: string;
}

const DEFAULTS: Knobs = {
  portalName: 'Help Center',
  inboxChannel: `{ type = "web_widget", website_url = "https://acme.test", widget_color = "#ff0000" }`,
  greeting: 'Hi there',
  mondayStart: '09:00',
};

function mainTf(world: TerraformWorld, knobs: Partial<Knobs> = {}): string {
  const k = { ...DEFAULTS, ...knobs };
  // Chatwoot and Tether are configured in HCL; Healthing comes from the environment (HEALTHING_*).
  return `${REQUIRED_PROVIDERS}
${world.providerBlock('chatwoot', 'tether')}
data "deskform_prompt" "support" {
  name = "Support assistant"
}

data "deskform_pipeline" "default" {}

resource "deskform_portal" "help" {
  slug  = "help"
  name  = "${k.portalName}"
  color = "#1f93ff"
}

resource "deskform_inbox" "web" {
  name             = "Website"
  portal           = deskform_portal.help.slug
  greeting_enabled = true
  greeting_message = "${k.greeting}"
  channel          = ${k.inboxChannel}
  working_hours = [
    { day_of_week = 1, open_hour = 9, close_hour = 17 },
    { day_of_week = 0, closed_all_day = true },
  ]
}

resource "deskform_inbox" "intake" {
  name    = "Intake"
  channel = { type = "api" }
}

resource "deskform_webchat" "site" {
  name             = "Site chat"
  background_color = "#ffffff"
  primary_color    = "#1f93ff"
  secondary_color  = "#000000"
  allowed_domains  = ["acme.test"]
  prompt_id        = data.deskform_prompt.support.id
  pipeline_id      = data.deskform_pipeline.default.id
  initial_stage    = data.deskform_pipeline.default.stages[0].name
}

resource "deskform_channel" "wa" {
  name            = "WhatsApp main"
  assignment_mode = "round_robin"
  business_hours = {
    monday = { enabled = true, start = "${k.mondayStart}", end = "17:00" }
  }
}
`;
}

describeTerraform('terraform with the deskform provider', () => {
  let world: TerraformWorld;
  let ws: TfWorkspace;
  let clients: VendorClients;

  beforeAll(async () => {
    // Destroys wait for Chatwoot's background inbox delete: shortened, as the real one takes seconds.
    const fixtures = defaultFixtures();
    world = await createTerraformWorld({ seed: 5, fixtures: { ...fixtures, chatwoot: { ...fixtures.chatwoot, inbox_delete_delay_ms: 100 } } });
    clients = world.clients;
    ws = await world.workspace(world.env('healthing'));
    ws.write('main.tf', mainTf(world));
  }, 120_000);

  afterAll(() => world?.close());

  const healthingChannel = (id: number) =>
    (world.emulator.control.state().healthing as { channels: Array<{ id: number; name: string; assignment_mode: string | null; business_hours: Record<string, unknown> | null }> }).channels.find(
      (c) => c.id === id,
    );

  it('installs the provider from the filesystem mirror', async () => {
    const init = await ws.tf('init');
    expect(init.code, said(init)).toBe(0);
    expect(init.stdout).toMatch(/Installed deskform\/deskform v\d+\.\d+\.\d+ \(unauthenticated\)/);
  });

  it('plans all four kinds, with computed values known after apply', async () => {
    const plan = await ws.tf('plan');
    expect(plan.code, said(plan)).toBe(0);
    expect(plan.stdout).toContain('Plan: 5 to add, 0 to change, 0 to destroy.');
    expect(plan.stdout).toMatch(/\+ id\s+= \(known after apply\)/);
    expect(plan.stdout).toMatch(/\+ default_locale\s+= \(known after apply\)/);
    expect(plan.stdout).toMatch(/\+ prompt_id\s+= "65f0000000000000000000b2"/);
  });

  it('applies them; the vendors hold what the configuration says; a re-plan is empty (server-filled values included)', async () => {
    const apply = await ws.tf('apply', '-auto-approve');
    expect(apply.code, said(apply)).toBe(0);
    expect(apply.stdout).toContain('Apply complete! Resources: 5 added, 0 changed, 0 destroyed.');

    const portal = (await clients.chatwoot!.listPortals()).find((p) => p.slug === 'help');
    expect(portal).toMatchObject({ name: 'Help Center' });
    const inbox = (await clients.chatwoot!.listInboxes()).find((i) => i.name === 'Website');
    expect(inbox).toMatchObject({ channel_type: 'Channel::WebWidget', greeting_message: 'Hi there', help_center: { slug: 'help' } });
    expect(inbox?.working_hours?.find((w) => w.day_of_week === 1)).toMatchObject({ open_hour: 9, close_hour: 17 });
    const webchat = (await clients.tether!.listWebchats()).find((w) => w.name === 'Site chat');
    expect(webchat).toMatchObject({ promptId: '65f0000000000000000000b2', pipelineId: '65f0000000000000000000d1', initialStage: 'new' });
    expect(healthingChannel(1)).toMatchObject({ assignment_mode: 'round_robin', business_hours: { monday: { enabled: true, start: '09:00', end: '17:00' } } });

    const replan = await ws.tf('plan', '-detailed-exitcode');
    expect(replan.code, said(replan)).toBe(0);
    expect(replan.stdout).toContain('No changes.');
  });

  it('plans a changed attribute as an in-place update, including a write-only one, and applies it', async () => {
    ws.write('main.tf', mainTf(world, { portalName: 'Help Centre', mondayStart: '08:30' }));
    const plan = await ws.tf('plan', '-detailed-exitcode');
    expect(plan.code, said(plan)).toBe(2);
    expect(plan.stdout).toContain('Plan: 0 to add, 2 to change, 0 to destroy.');
    expect(plan.stdout).toMatch(/~ name\s+= "Help Center" -> "Help Centre"/);
    expect(plan.stdout).toMatch(/~ start\s+= "09:00" -> "08:30"/);
    const apply = await ws.tf('apply', '-auto-approve');
    expect(apply.code, said(apply)).toBe(0);
    expect((await clients.chatwoot!.listPortals()).find((p) => p.slug === 'help')?.name).toBe('Help Centre');
    expect(healthingChannel(1)?.business_hours).toMatchObject({ monday: { start: '08:30' } });
    expect((await ws.tf('plan', '-detailed-exitcode')).code).toBe(0);
  });

  it('replaces the inbox when its channel type changes', async () => {
    const before = (await clients.chatwoot!.listInboxes()).find((i) => i.name === 'Website')!;
    ws.write('main.tf', mainTf(world, { portalName: 'Help Centre', mondayStart: '08:30', inboxChannel: '{ type = "api" }' }));
    const plan = await ws.tf('plan');
    expect(plan.stdout).toContain('# deskform_inbox.web must be replaced');
    expect(plan.stdout).toMatch(/~ type\s+= "web_widget" -> "api" # forces replacement/);
    expect(plan.stdout).toContain('Plan: 1 to add, 0 to change, 1 to destroy.');
    const apply = await ws.tf('apply', '-auto-approve');
    expect(apply.code, said(apply)).toBe(0);
    world.emulator.control.drainJobs();
    const inboxes = (await clients.chatwoot!.listInboxes()).filter((i) => i.name === 'Website');
    expect(inboxes).toHaveLength(1);
    expect(inboxes[0]).toMatchObject({ channel_type: 'Channel::Api' });
    expect(inboxes[0]!.id).not.toBe(before.id);
    expect((await ws.tf('plan', '-detailed-exitcode')).code).toBe(0);
  });

  it('adopts an existing object with terraform import, by natural key', async () => {
    await clients.chatwoot!.createPortal({ portal: { name: 'Legacy docs', slug: 'legacy', custom_domain: '', config: { allowed_locales: ['en'], default_locale: 'en' } } });
    ws.write('legacy.tf', 'resource "deskform_portal" "legacy" {\n  slug = "legacy"\n  name = "Legacy docs"\n}\n');
    const imported = await ws.tf('import', 'deskform_portal.legacy', 'legacy');
    expect(imported.code, said(imported)).toBe(0);
    expect(imported.stdout).toContain('Import successful!');
    const plan = await ws.tf('plan', '-detailed-exitcode');
    expect(plan.code, said(plan)).toBe(0);
    const missing = await ws.tf('import', 'deskform_portal.nothing', 'nothing');
    expect(missing.code).toBe(1);
  });

  it('adopts an existing channel with an import block', async () => {
    ws.write('site.tf', 'resource "deskform_channel" "site" {\n  name = "Site chat"\n}\n\nimport {\n  to = deskform_channel.site\n  id = "2"\n}\n');
    const plan = await ws.tf('plan');
    expect(plan.stdout).toContain('Plan: 1 to import, 0 to add, 0 to change, 0 to destroy.');
    const apply = await ws.tf('apply', '-auto-approve');
    expect(apply.code, said(apply)).toBe(0);
    expect(apply.stdout).toContain('Resources: 1 imported, 0 added, 0 changed, 0 destroyed.');
    const show = await ws.tf('state', 'show', 'deskform_channel.site');
    expect(show.stdout).toMatch(/channel_type\s+= "healthing_chat"/);
  });

  it('points validation errors at the offending attribute', async () => {
    ws.write('bad.tf', 'resource "deskform_portal" "bad" {\n  slug  = "bad"\n  name  = "Bad"\n  color = "blue"\n}\n');
    const plan = await ws.tf('plan');
    ws.remove('bad.tf');
    expect(plan.code).toBe(1);
    expect(plan.stderr).toContain('Error: Invalid color');
    expect(plan.stderr).toContain('on bad.tf line 4, in resource "deskform_portal" "bad":');
    expect(plan.stderr).toContain('color: must be a hex colour like "#1F93FF"');
  });

  it('destroys what the vendors can delete and forgets channels with a warning', async () => {
    const destroy = await ws.tf('destroy', '-auto-approve');
    expect(destroy.code, said(destroy)).toBe(0);
    expect(destroy.stdout).toContain('Destroy complete! Resources: 7 destroyed.');
    expect(destroy.stdout).toContain('Warning: deskform_channel forgotten, not deleted');
    expect(flat(destroy.stdout)).toContain('channel "WhatsApp main" (id 1) was removed from the Terraform state and left as it is in Healthing.');
    world.emulator.control.drainJobs();
    expect((await clients.chatwoot!.listPortals()).map((p) => p.slug)).toEqual([]);
    expect((await clients.chatwoot!.listInboxes()).map((i) => i.name)).toEqual([]);
    expect((await clients.tether!.listWebchats()).filter((w) => w.name === 'Site chat')).toEqual([]);
    expect(healthingChannel(1)?.name).toBe('WhatsApp main');
    expect(healthingChannel(2)?.name).toBe('Site chat');
  });
});
