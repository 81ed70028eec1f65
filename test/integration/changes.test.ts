/** Updates of each field class, references and immutable fields, against the emulator. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createWorld, PROVIDERS, type World } from '../support/world.js';

let world: World;
beforeEach(async () => {
  world = await createWorld();
});
afterEach(async () => {
  await world.close();
});

const inboxYaml = (fields: string) => `${PROVIDERS}
inboxes:
  - name: Support
    channel: { type: web_widget, website_url: https://example.com, widget_color: "#112233" }
${fields}`;

async function applyClean(file: string) {
  const applied = await world.run('apply', file, '--auto-approve');
  expect(applied.stderr).toBe('');
  expect(applied.code).toBe(0);
  const replan = await world.run('plan', file, '--detailed-exitcode');
  expect(replan.stdout).toContain('No changes.');
  expect(replan.code).toBe(0);
  return applied;
}

describe('updates', () => {
  it('updates plain, nested channel and per-day fields, sending only what changed', async () => {
    await applyClean(world.write('a.yaml', inboxYaml('    greeting_enabled: true\n    greeting_message: Hello\n')));
    const changed = world.write(
      'a.yaml',
      inboxYaml(
        '    greeting_enabled: true\n    greeting_message: Hi there\n    working_hours:\n      - { day_of_week: 1, open_hour: 10, close_hour: 16 }\n',
      ).replace('#112233', '#445566'),
    );
    const plan = await world.run('plan', changed);
    expect(plan.stdout).toContain('~ inbox "Support" {');
    expect(plan.stdout).toMatch(/~ greeting_message\s+= "Hello" -> "Hi there"/);
    expect(plan.stdout).toMatch(/~ channel\.widget_color\s+= "#112233" -> "#445566"/);
    expect(plan.stdout).toMatch(/~ working_hours\.1\s+= "09:00-17:00" -> "10:00-16:00"/);
    expect(plan.stdout).not.toContain('greeting_enabled');
    world.emulator.control.resetRequests();
    await applyClean(changed);
    const patches = world.vendorRequests().filter((r) => r.method === 'PATCH');
    expect(patches.map((r) => r.path)).toEqual([expect.stringMatching(/^\/api\/v1\/accounts\/1\/inboxes\/\d+$/)]);
  });

  it('turns an inbox channel type change into a plan error, not a vendor 500', async () => {
    await applyClean(world.write('a.yaml', inboxYaml('')));
    const file = world.write('b.yaml', `${PROVIDERS}\ninboxes:\n  - name: Support\n    channel: { type: api }\n`);
    world.emulator.control.resetRequests();
    const plan = await world.run('apply', file, '--auto-approve');
    expect(plan.code).toBe(1);
    expect(plan.stderr).toContain('b.yaml:8:22: inbox "Support": channel.type cannot change from "web_widget" to "api"');
    expect(plan.stderr).not.toContain('    at ');
    expect(world.vendorRequests().filter((r) => r.method !== 'GET')).toEqual([]);
  });

  it('adopts a Healthing channel, verifies business_hours through the ledger, and detects a real change', async () => {
    const hours = (end: string) => `${PROVIDERS}
channels:
  - name: Site chat
    assignment_mode: manual
    business_hours:
      monday: { enabled: true, start: "08:00", end: "${end}" }
`;
    const file = world.write('c.yaml', hours('12:00'));
    const first = await world.run('plan', file);
    expect(first.stdout).toContain('cannot verify');
    await applyClean(file);
    const stored = (world.emulator.control.state() as { healthing: { channels: Array<{ name: string; business_hours: unknown }> } }).healthing.channels;
    expect(stored.find((c) => c.name === 'Site chat')!.business_hours).toMatchObject({ monday: { enabled: true, start: '08:00', end: '12:00' } });
    const ledger = readFileSync(path.join(world.dir, '.deskform/state.json'), 'utf8');
    expect(ledger).not.toContain('08:00');
    const changed = await world.run('plan', world.write('c.yaml', hours('13:00')), '--detailed-exitcode');
    expect(changed.code).toBe(2);
    expect(changed.stdout).toContain('write-only: differs from the last applied value');
  });

  it('explains that Healthing channels cannot be created', async () => {
    const file = world.write('d.yaml', `${PROVIDERS}\nchannels:\n  - name: Telegram\n    assignment_mode: manual\n`);
    const plan = await world.run('plan', file);
    expect(plan.code).toBe(1);
    expect(plan.stderr).toContain('d.yaml:7:5: channel "Telegram": no live channel matches, and healthing cannot create channels');
  });

  it('resolves a webchat prompt by name and reports an unknown one at its line', async () => {
    const webchat = (prompt: string) => `${PROVIDERS}
webchats:
  - name: Help
    background_color: "#FFFFFF"
    primary_color: "#000000"
    secondary_color: "#3B82F6"
    prompt: ${prompt}
    allowed_domains: []
    initial_stage: new
`;
    await applyClean(world.write('w.yaml', webchat('Support assistant')));
    const state = world.emulator.control.state() as { tether: { webchats: Array<{ promptId: string }> } };
    expect(state.tether.webchats[0]!.promptId).toBe('65f0000000000000000000b2');
    const bad = await world.run('plan', world.write('w.yaml', webchat('Nobody')));
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('w.yaml:11:13: webchat "Help": no Tether prompt is named "Nobody" (available: "Sales assistant", "Support assistant")');
  });

  it('creates a portal and an inbox that reference each other in one run', async () => {
    const file = world.write(
      'p.yaml',
      `${PROVIDERS}
portals:
  - { slug: docs, name: Docs, live_chat_inbox: Chat }
inboxes:
  - name: Chat
    channel: { type: web_widget, website_url: https://example.com }
    portal: docs
`,
    );
    await applyClean(file);
  });
});
