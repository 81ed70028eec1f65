/** The YAML workflow end to end against the emulator over loopback HTTP: plan, apply, re-plan, export. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { deskform } from '../support/cli.js';
import { createWorld, type World } from '../support/world.js';

let world: World;
beforeEach(async () => {
  world = await createWorld({ examples: true });
});
afterEach(async () => {
  await world.close();
});

interface Live {
  chatwoot: {
    portals: Array<Record<string, unknown>>;
    inboxes: Array<Record<string, unknown> & { channel: { id: number } }>;
  };
  tether: { webchats: Array<Record<string, unknown>> };
  healthing: { channels: Array<Record<string, unknown>> };
}
const live = () => world.emulator.control.state() as unknown as Live;

describe('plan → apply → plan', () => {
  it('creates every kind, links portal and widget both ways, and re-plans clean', async () => {
    const first = await world.run('plan', '.', '--detailed-exitcode');
    expect(first.stderr).toBe('');
    expect(first.code).toBe(2);
    expect(first.stdout).toContain('+ portal "handbook" {');
    expect(first.stdout).toContain('<= channel "WhatsApp main" {');
    expect(first.stdout).toContain('Plan: 4 to add, 0 to change, 0 to destroy, 1 to adopt.');

    const applied = await world.run('apply', '.', '--auto-approve');
    expect(applied.stderr).toBe('');
    expect(applied.code).toBe(0);
    expect(applied.stdout).toContain('Apply complete: 4 added, 0 changed, 0 destroyed, 1 adopted.');

    const state = live();
    const portal = state.chatwoot.portals.find((p) => p.slug === 'handbook')!;
    const website = state.chatwoot.inboxes.find((i) => i.name === 'Website')!;
    expect(portal.channel_web_widget_id).toBe(website.channel.id);
    expect(website.portal_id).toBe(portal.id);
    expect(state.tether.webchats).toHaveLength(1);
    expect(String(state.tether.webchats[0]!.icon)).toMatch(/widget-[0-9a-f]{16}\.png$/);

    world.emulator.control.resetRequests();
    const again = await world.run('plan', '.', '--detailed-exitcode');
    expect(again.stdout).toBe('No changes. The live state matches the configuration.\n');
    expect(again.code).toBe(0);

    // One list request per kind, plus look-ups and Healthing's login: never one per object.
    const requests = world.vendorRequests().map((r) => `${r.vendor} ${r.method} ${r.path}`).sort();
    expect(requests).toEqual([
      'chatwoot GET /api/v1/accounts/1/inboxes',
      'chatwoot GET /api/v1/accounts/1/portals',
      'healthing GET /api/v1/channels',
      'healthing POST /api/v1/auth/login',
      'tether GET /api/pipelines',
      'tether GET /api/prompts/user',
      'tether GET /api/webchats',
    ]);
  });

  it('export then plan of the export is clean', async () => {
    expect((await world.run('apply', '.', '--auto-approve')).code).toBe(0);
    const exported = await world.run('export', 'providers.yaml', '--out', 'exported.yaml');
    expect(exported.stderr).toBe('');
    expect(exported.code).toBe(0);
    const text = readFileSync(path.join(world.dir, 'exported.yaml'), 'utf8');
    expect(text).toContain('slug: handbook');
    expect(text).not.toContain('demo-chatwoot-admin-token');
    expect(text).toContain('${env:CHATWOOT_API_TOKEN}');
    const replan = await world.run('plan', 'exported.yaml', '--detailed-exitcode');
    expect(replan.stderr).toBe('');
    expect(replan.stdout).toContain('No changes.');
    expect(replan.code).toBe(0);
  });

  it('export writes provider fields as the ${env:…} references they were declared with, and never a credential', async () => {
    const env = world.env;
    const providers = world.write(
      'own-names.yaml',
      'providers:\n' +
        `  chatwoot: { url: "\${env:CHATWOOT_URL}", account_id: 1, api_token: "${env.CHATWOOT_API_TOKEN}" }\n` +
        `  healthing: { url: "${env.HEALTHING_URL}", email: "\${env:MY_LOGIN}", password: "\${env:MY_PASSWORD}" }\n`,
    );
    const run = await deskform(['export', providers, '--kinds', 'channels,portals'], {
      env: { ...env, MY_LOGIN: env.HEALTHING_EMAIL!, MY_PASSWORD: env.HEALTHING_PASSWORD! },
      cwd: world.dir,
    });
    expect(run.stderr).toBe('');
    const exported = parse(run.stdout) as { providers: Record<string, Record<string, unknown>> };
    expect(exported.providers).toEqual({
      chatwoot: { url: '${env:CHATWOOT_URL}', account_id: 1, api_token: '${env:CHATWOOT_API_TOKEN}' },
      healthing: { url: env.HEALTHING_URL, email: '${env:MY_LOGIN}', password: '${env:MY_PASSWORD}' },
    });
    expect(run.stdout).not.toContain(env.HEALTHING_EMAIL);
    expect(run.stdout).not.toContain(env.CHATWOOT_API_TOKEN);
  });
});
