/**
 * examples/terraform, as documented (`terraform init && terraform apply`),
 * against the emulator: every kind, a portal ↔ inbox link Terraform cannot
 * order, an icon file, credentials from the environment; then a clean re-plan
 * and destroy.
 */
import { cpSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ROOT } from './support/built.js';
import { createTerraformWorld, describeTerraform, said, type TerraformWorld, type TfWorkspace } from './support/terraform-world.js';

describeTerraform('examples/terraform', () => {
  let world: TerraformWorld;
  let ws: TfWorkspace;

  beforeAll(async () => {
    world = await createTerraformWorld({ seed: 3 });
    ws = await world.workspace(world.env('chatwoot', 'tether', 'healthing'));
    cpSync(path.join(ROOT, 'examples/terraform'), ws.dir, { recursive: true });
    const init = await ws.tf('init');
    expect(init.code, said(init)).toBe(0);
  }, 120_000);

  afterAll(() => world?.close());

  it('applies in one go, links the portal to its live-chat inbox, and re-plans clean', async () => {
    const apply = await ws.tf('apply', '-auto-approve');
    expect(apply.code, said(apply)).toBe(0);
    expect(apply.stdout).toContain('Apply complete! Resources: 5 added, 0 changed, 0 destroyed.');
    expect(apply.stdout).not.toContain('Warning');
    const portal = (await world.clients.chatwoot!.listPortals()).find((p) => p.slug === 'handbook');
    expect(portal?.inbox?.name).toBe('Website');
    const replan = await ws.tf('plan', '-detailed-exitcode');
    expect(replan.code, said(replan)).toBe(0);
  });

  it('destroys, forgetting the adopted channel', async () => {
    const destroy = await ws.tf('destroy', '-auto-approve');
    expect(destroy.code, said(destroy)).toBe(0);
    expect(destroy.stdout).toContain('Destroy complete! Resources: 5 destroyed.');
    expect((await world.clients.chatwoot!.listPortals()).map((p) => p.slug)).toEqual([]);
  });
});
