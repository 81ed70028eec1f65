/**
 * What a run costs the vendors, counted over real HTTP: a no-change plan reads
 * one list per kind plus the look-ups (Tether prompts and default pipeline)
 * and the Healthing login, whatever the number of objects; a re-apply of
 * unchanged objects sends no write at all. (Timings are benchmarked in bench/.)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorld, PROVIDERS, type World } from '../support/world.js';

const NO_CHANGE_PLAN = [
  'chatwoot GET /api/v1/accounts/1/inboxes',
  'chatwoot GET /api/v1/accounts/1/portals',
  'healthing GET /api/v1/channels',
  'healthing POST /api/v1/auth/login',
  'tether GET /api/pipelines',
  'tether GET /api/prompts/user',
  'tether GET /api/webchats',
];

function config(perKind: number): string {
  const range = Array.from({ length: perKind }, (_, i) => i + 1);
  const portals = range.map((i) => `  - { slug: count-portal-${i}, name: Portal ${i}, color: "#1F93FF", allowed_locales: [en, fr] }`);
  const inboxes = range.map((i) =>
    i % 2 === 0
      ? `  - { name: Inbox ${i}, channel: { type: web_widget, website_url: https://s${i}.example.com }, greeting_enabled: true${i % 10 === 0 ? `, portal: count-portal-${i}` : ''} }`
      : `  - { name: Inbox ${i}, channel: { type: api, webhook_url: https://hooks.example.com/${i} } }`,
  );
  const webchats = range.map(
    (i) =>
      `  - { name: Webchat ${i}, background_color: "#FFFFFF", primary_color: "#1F2937", secondary_color: "#3B82F6", prompt: Sales assistant, allowed_domains: [https://s${i}.example.com], initial_stage: new }`,
  );
  const channels = range.map((i) => `  - { name: Count channel ${i}, assignment_mode: round_robin, business_hours: { monday: { enabled: true, start: "09:00", end: "17:00" } } }`);
  return `${PROVIDERS}portals:\n${portals.join('\n')}\ninboxes:\n${inboxes.join('\n')}\nwebchats:\n${webchats.join('\n')}\nchannels:\n${channels.join('\n')}\n`;
}

const requestLines = (world: World) => world.vendorRequests().map((r) => `${r.vendor} ${r.method} ${r.path.split('?')[0]}`).sort();

describe('request counts', () => {
  let world: World;
  const SMALL = 10;
  const LARGE = 75;

  beforeAll(async () => {
    world = await createWorld();
    for (let i = 1; i <= LARGE; i++) world.emulator.control.seedHealthingChannel({ tenant_id: 1, name: `Count channel ${i}`, channel_type: 'whatsapp' });
  });
  afterAll(() => world.close());

  it(`a no-change plan costs the same few requests at ${SMALL * 4} and at ${LARGE * 4} objects`, async () => {
    for (const perKind of [SMALL, LARGE]) {
      world.write('deskform.yaml', config(perKind));
      const applied = await world.run('apply', '--auto-approve', '--quiet');
      expect(applied.code, applied.stderr).toBe(0);
      world.emulator.control.resetRequests();
      const planned = await world.run('plan', '--detailed-exitcode');
      expect(planned.stdout).toContain('No changes.');
      expect(planned.code).toBe(0);
      expect(requestLines(world)).toEqual(NO_CHANGE_PLAN);
    }
  });

  it(`re-applying ${LARGE * 4} unchanged objects sends no write`, async () => {
    world.write('deskform.yaml', config(LARGE));
    world.emulator.control.resetRequests();
    const reapplied = await world.run('apply', '--auto-approve');
    expect(reapplied.code, reapplied.stderr).toBe(0);
    expect(reapplied.stdout).toContain('No changes.');
    const writes = world.vendorRequests().filter((r) => r.method !== 'GET' && !r.path.endsWith('/auth/login'));
    expect(writes).toEqual([]);
    expect(requestLines(world)).toEqual(NO_CHANGE_PLAN);
  });
});
