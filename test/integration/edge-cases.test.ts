/** Cases a review found: each once planned wrongly, sent the wrong value, or crashed. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createWorld, PROVIDERS, type World } from '../support/world.js';

let world: World;
beforeEach(async () => {
  world = await createWorld();
});
afterEach(async () => {
  await world.close();
});

const state = () =>
  world.emulator.control.state() as {
    chatwoot: { portals: Array<{ slug: string; custom_domain: string | null }> };
    healthing: { channels: Array<{ name: string; business_hours: unknown }> };
  };

async function applyClean(file: string) {
  const applied = await world.run('apply', file, '--auto-approve');
  expect(applied.stderr).toBe('');
  expect(applied.code).toBe(0);
  expect((await world.run('plan', file, '--detailed-exitcode')).code).toBe(0);
}

const webchat = (extra = '') => `${PROVIDERS}
webchats:
  - name: Help
    background_color: "#FFFFFF"
    primary_color: "#000000"
    secondary_color: "#3B82F6"
    prompt: Sales assistant
    allowed_domains: []
    initial_stage: new
${extra}`;

describe('edge cases', () => {
  it('prunes webchats when none is declared (no look-ups needed to compare)', async () => {
    await applyClean(world.write('w.yaml', webchat()));
    const none = await world.run('plan', world.write('none.yaml', `${PROVIDERS}webchats: []\n`), '--prune', '--force');
    expect(none.stderr).toBe('');
    expect(none.stdout).toContain('webchat "Help" will be deleted');
  });

  it('converges a pipeline stage named without a pipeline (the default pipeline)', async () => {
    await applyClean(world.write('w.yaml', webchat('    pipeline_stage: qualified\n')));
  });

  it('sends only the host of a custom domain on update, as it compares', async () => {
    await applyClean(world.write('p.yaml', `${PROVIDERS}portals:\n  - { slug: docs, name: Docs, custom_domain: help.example.com }\n`));
    await applyClean(world.write('p.yaml', `${PROVIDERS}portals:\n  - { slug: docs, name: Docs, custom_domain: "https://Docs.Example.com/x" }\n`));
    expect(state().chatwoot.portals.find((p) => p.slug === 'docs')!.custom_domain).toBe('docs.example.com');
  });

  it('re-sends business hours restored after they were cleared', async () => {
    const week = `${PROVIDERS}channels:\n  - name: Site chat\n    business_hours:\n      monday: { enabled: true, start: "09:00", end: "17:00" }\n`;
    await applyClean(world.write('c.yaml', week));
    await applyClean(world.write('c.yaml', `${PROVIDERS}channels:\n  - name: Site chat\n    business_hours: null\n`));
    expect(state().healthing.channels.find((c) => c.name === 'Site chat')!.business_hours).toBeNull();
    const restored = await world.run('plan', world.write('c.yaml', week), '--detailed-exitcode');
    expect(restored.code).toBe(2);
    await applyClean(world.write('c.yaml', week));
    expect(state().healthing.channels.find((c) => c.name === 'Site chat')!.business_hours).toMatchObject({ monday: { enabled: true } });
  });
});

describe('references to live objects sharing a name', () => {
  it('link the object the config pins, not whichever the list returned last', async () => {
    const create = () =>
      fetch(`${world.emulator.urls.chatwoot}/api/v1/accounts/1/inboxes`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'api-access-token': 'demo-chatwoot-admin-token' },
        body: JSON.stringify({ name: 'Website', channel: { type: 'web_widget', website_url: 'https://example.com' } }),
      }).then(async (r) => ((await r.json()) as { id: number; channel_id: number }));
    const first = await create();
    await create();
    const file = world.write(
      'r.yaml',
      `${PROVIDERS}portals:\n  - { slug: docs, name: Docs, live_chat_inbox: Website }\ninboxes:\n  - id: ${first.id}\n    name: Website\n    channel: { type: web_widget, website_url: https://example.com }\n`,
    );
    await applyClean(file);
    const portal = (world.emulator.control.state() as { chatwoot: { portals: Array<{ slug: string; channel_web_widget_id: number | null }> } }).chatwoot.portals[0]!;
    expect(portal.channel_web_widget_id).toBe(first.channel_id);
  });
});

describe('a live chat link to an inbox that is not a website widget', () => {
  it('is refused before any request, since Chatwoot would ignore it and the plan would never converge', async () => {
    world.emulator.control.resetRequests();
    const file = world.write(
      'l.yaml',
      `${PROVIDERS}portals:\n  - { slug: docs, name: Docs, live_chat_inbox: Intake }\ninboxes:\n  - name: Intake\n    channel: { type: api }\n`,
    );
    const run = await world.run('plan', file);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('l.yaml:6:48: portal "docs": references inbox "Intake", which is not a web_widget inbox');
    expect(world.vendorRequests()).toEqual([]);
  });
});
