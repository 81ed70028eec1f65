/**
 * The example CDKTF app, synthesized in process, through both front doors:
 * the real terraform binary with the provider from a filesystem mirror
 * (emulator A), and `deskform apply cdk.tf.json` (emulator B). Both must
 * leave the vendors in the same state.
 */
import { cpSync, existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { synthesize } from '../../examples/cdktf/main.js';
import { createWorld, type World } from '../support/world.js';
import { comparableState } from './support/end-state.js';
import { createTerraformWorld, describeTerraform, said, type TerraformWorld, type TfWorkspace } from './support/terraform-world.js';

const STACK_DIR = 'cdktf.out/stacks/helpdesk';
const STACK = `${STACK_DIR}/cdk.tf.json`;

describeTerraform('the synthesized CDKTF stack, through terraform and through deskform', () => {
  let viaTerraform: TerraformWorld;
  let viaDeskform: World;
  let ws: TfWorkspace;

  beforeAll(async () => {
    [viaTerraform, viaDeskform] = await Promise.all([createTerraformWorld({ seed: 7 }), createWorld()]);
    synthesize(path.join(viaDeskform.dir, 'cdktf.out'));
    ws = await viaTerraform.workspace(viaTerraform.env('chatwoot', 'tether', 'healthing'));
    // Terraform runs in the stack directory, as `cdktf deploy` does: the icon asset is relative to it.
    cpSync(path.join(viaDeskform.dir, STACK_DIR), ws.dir, { recursive: true });
  }, 60_000);

  afterAll(() => Promise.all([viaTerraform?.close(), viaDeskform?.close()]));

  it('applies with terraform init/apply from the mirror and re-plans clean', async () => {
    // cdktf writes a local backend under the synthesizing process's cwd (the repo); keep the state in the workspace.
    const state = path.join(ws.dir, 'terraform.helpdesk.tfstate');
    const init = await ws.tf('init', `-backend-config=path=${state}`);
    expect(init.code, said(init)).toBe(0);
    const apply = await ws.tf('apply', '-auto-approve');
    expect(apply.code, said(apply)).toBe(0);
    expect(apply.stdout).toContain('Apply complete! Resources: 5 added, 0 changed, 0 destroyed.');
    expect(existsSync(state)).toBe(true);
    const replan = await ws.tf('plan', '-detailed-exitcode');
    expect(replan.code, said(replan)).toBe(0);
  }, 30_000);

  it('applies with `deskform apply cdk.tf.json` to the same end state', async () => {
    const applied = await viaDeskform.run('apply', STACK, '--auto-approve');
    expect(applied.stderr).toBe('');
    expect(applied.code).toBe(0);

    const fromTerraform = comparableState(viaTerraform.emulator);
    expect(comparableState(viaDeskform.emulator)).toEqual(fromTerraform);
    // Not vacuous: every declared object is there, with its links, icon and write-only hours.
    expect(fromTerraform.portals).toContainEqual(expect.objectContaining({ slug: 'handbook', live_chat_inbox: 'Website', color: '#1F93FF' }));
    expect(fromTerraform.inboxes).toContainEqual(expect.objectContaining({ name: 'Website', portal: 'handbook', timezone: 'America/New_York' }));
    expect(fromTerraform.inboxes).toContainEqual(expect.objectContaining({ name: 'API intake', enable_auto_assignment: false }));
    expect(fromTerraform.webchats).toContainEqual(expect.objectContaining({ name: 'Marketing site widget', icon: expect.stringMatching(/^widget-[0-9a-f]{16}\.png$/) }));
    expect(fromTerraform.channels).toContainEqual(
      expect.objectContaining({ name: 'WhatsApp main', assignment_mode: 'round_robin', business_hours: expect.objectContaining({ friday: { enabled: true, start: '09:00', end: '17:00' } }) }),
    );
  });
});
