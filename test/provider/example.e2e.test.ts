/**
 * examples/terraform, as documented (`terraform init && terraform apply`),
 * against the emulator: every kind, a portal ↔ inbox link Terraform cannot
 * order, an icon file, credentials from the environment; then a clean re-plan
 * and destroy.
 */
import { cpSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { createClients, type VendorClients } from '../../src/vendors/index.js';
import { emulatorEnv } from '../support/world.js';
import { ensureBuilt, ROOT } from './support/built.js';
import { createWorkspace, hasTerraform, said, warnIfNoTerraform, type TfWorkspace } from './support/terraform.js';

warnIfNoTerraform('examples/terraform applied with terraform');

describe.skipIf(!hasTerraform)('examples/terraform', () => {
  let emulator: RunningEmulator;
  let clients: VendorClients;
  let ws: TfWorkspace;

  beforeAll(async () => {
    ensureBuilt();
    emulator = await startEmulator({ port: 0, seed: 3 });
    clients = createClients({ chatwoot: { url: emulator.urls.chatwoot, account_id: 1, api_token: 'demo-chatwoot-admin-token' } });
    ws = await createWorkspace(emulatorEnv(emulator));
    cpSync(path.join(ROOT, 'examples/terraform'), ws.dir, { recursive: true });
    const init = await ws.tf('init');
    expect(init.code, said(init)).toBe(0);
  }, 120_000);

  afterAll(async () => {
    await clients?.close();
    await emulator?.close();
    ws?.close();
  });

  it('applies in one go, links the portal to its live-chat inbox, and re-plans clean', async () => {
    const apply = await ws.tf('apply', '-auto-approve');
    expect(apply.code, said(apply)).toBe(0);
    expect(apply.stdout).toContain('Apply complete! Resources: 5 added, 0 changed, 0 destroyed.');
    expect(apply.stdout).not.toContain('Warning');
    const portal = (await clients.chatwoot!.listPortals()).find((p) => p.slug === 'handbook');
    expect(portal?.inbox?.name).toBe('Website');
    const replan = await ws.tf('plan', '-detailed-exitcode');
    expect(replan.code, said(replan)).toBe(0);
  });

  it('destroys, forgetting the adopted channel', async () => {
    const destroy = await ws.tf('destroy', '-auto-approve');
    expect(destroy.code, said(destroy)).toBe(0);
    expect(destroy.stdout).toContain('Destroy complete! Resources: 5 destroyed.');
    expect((await clients.chatwoot!.listPortals()).map((p) => p.slug)).toEqual([]);
  });
});
