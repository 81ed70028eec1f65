/**
 * `deskform plan|apply cdk.tf.json`: the example CDKTF app, synthesized in
 * process, applied by the engine against the emulator, reaches the same end
 * state as the equivalent YAML (examples/gitops).
 */
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { synthesize } from '../../examples/cdktf/main.js';
import { createWorld, PROVIDERS, type World } from '../support/world.js';

const STACK = 'cdktf.out/stacks/helpdesk/cdk.tf.json';
const worlds: World[] = [];
afterEach(async () => {
  await Promise.all(worlds.splice(0).map((w) => w.close()));
});

async function world(examples = false): Promise<World> {
  const w = await createWorld({ examples });
  worlds.push(w);
  return w;
}

/** What both front doors must agree on: everything export reads back, plus Healthing's write-only hours. */
async function endState(w: World) {
  w.write('export-providers.yaml', PROVIDERS);
  const exported = await w.run('export', 'export-providers.yaml');
  expect(exported.code).toBe(0);
  const healthing = (w.emulator.control.state() as { healthing: { channels: Array<{ name: string; business_hours?: unknown }> } }).healthing;
  // The providers section names each world's own emulator port.
  const { providers: _urls, ...objects } = parse(exported.stdout) as Record<string, unknown>;
  return { objects, hours: healthing.channels.map((c) => [c.name, c.business_hours]) };
}

describe('deskform plan|apply with a synthesized CDKTF stack', () => {
  it('plans, applies and re-plans clean, ending where the YAML example ends', async () => {
    const cdktf = await world();
    synthesize(path.join(cdktf.dir, 'cdktf.out'));

    const plan = await cdktf.run('plan', STACK, '--detailed-exitcode');
    expect(plan.stderr).toBe('');
    expect(plan.code).toBe(2);
    expect(plan.stdout).toContain('+ portal "handbook" {');
    expect(plan.stdout).toContain('<= channel "WhatsApp main" {');
    expect(plan.stdout).toContain('Plan: 4 to add, 0 to change, 0 to destroy, 1 to adopt.');

    const applied = await cdktf.run('apply', STACK, '--auto-approve');
    expect(applied.stderr).toBe('');
    expect(applied.code).toBe(0);

    const again = await cdktf.run('plan', STACK, '--detailed-exitcode');
    expect(again.stdout).toBe('No changes. The live state matches the configuration.\n');
    expect(again.code).toBe(0);

    const yaml = await world(true);
    const yamlApplied = await yaml.run('apply', '.', '--auto-approve');
    expect(yamlApplied.code).toBe(0);
    const fromStack = await endState(cdktf);
    expect(fromStack).toEqual(await endState(yaml));
    // The comparison is not vacuous: every kind is there, links, icon and write-only hours included.
    const has = (...items: object[]) => expect.arrayContaining(items.map((i) => expect.objectContaining(i)));
    expect(fromStack.objects).toEqual({
      portals: has({ slug: 'handbook', live_chat_inbox: 'Website' }),
      inboxes: has({ name: 'Website', portal: 'handbook' }, { name: 'API intake' }),
      webchats: has({ name: 'Marketing site widget', icon: { key: expect.stringMatching(/widget-[0-9a-f]{16}\.png$/) } }),
      channels: has({ name: 'WhatsApp main', assignment_mode: 'round_robin' }),
    });
    expect(fromStack.hours).toContainEqual(['WhatsApp main', expect.objectContaining({ monday: { enabled: true, start: '09:00', end: '18:00' } })]);
  });
});
