/** Vendor faults during apply: ambiguous creates, throttling, 5xx, expiring tokens, partial failure. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadDesired } from '../../src/engine/load/desired.js';
import { Session } from '../../src/engine/session.js';
import { createWorld, PROVIDERS, type World } from '../support/world.js';

let world: World;
beforeEach(async () => {
  world = await createWorld();
});
afterEach(async () => {
  await world.close();
});

const inboxes = (...names: string[]) =>
  `${PROVIDERS}\ninboxes:\n${names.map((n) => `  - name: ${n}\n    channel: { type: api, webhook_url: https://hooks.example.com/${n} }\n`).join('')}`;

const liveInboxNames = () =>
  (world.emulator.control.state() as { chatwoot: { inboxes: Array<{ name: string }> } }).chatwoot.inboxes.map((i) => i.name).sort();

describe('apply under vendor faults', () => {
  it('never duplicates an object whose create was committed but whose answer was lost', async () => {
    world.emulator.control.setFaults({ seed: 1, rules: [{ vendor: 'chatwoot', method: 'POST', path: '/inboxes', commit_then_reset_rate: 1, times: 1 }] });
    const file = world.write('a.yaml', inboxes('Intake'));
    const applied = await world.run('apply', file, '--auto-approve');
    expect(applied.stderr).toBe('');
    expect(applied.code).toBe(0);
    expect(liveInboxNames()).toEqual(['Intake']);
    const posts = world.vendorRequests().filter((r) => r.method === 'POST');
    expect(posts.map((r) => r.status)).toEqual([0]);
    expect((await world.run('plan', file, '--detailed-exitcode')).code).toBe(0);
  });

  it('creates again when the lost create was not committed', async () => {
    world.emulator.control.setFaults({ seed: 1, rules: [{ vendor: 'chatwoot', method: 'POST', path: '/inboxes', reset_rate: 1, times: 1 }] });
    const applied = await world.run('apply', world.write('a.yaml', inboxes('Intake')), '--auto-approve');
    expect(applied.code).toBe(0);
    expect(liveInboxNames()).toEqual(['Intake']);
    expect(world.vendorRequests().filter((r) => r.method === 'POST').map((r) => r.status)).toEqual([0, 200]);
  });

  it('retries reads and updates through 429 (with and without Retry-After) and 503', async () => {
    const file = world.write('a.yaml', inboxes('One', 'Two'));
    expect((await world.run('apply', file, '--auto-approve')).code).toBe(0);
    world.emulator.control.setFaults({
      seed: 3,
      rules: [
        { vendor: 'chatwoot', method: 'GET', rate_429_retry_after: 1, retry_after_s: 0, times: 1 },
        { vendor: 'chatwoot', method: 'GET', rate_429: 1, times: 1 },
        { vendor: 'chatwoot', method: 'PATCH', error_rate: 1, error_status: 503, times: 2 },
      ],
    });
    world.emulator.control.resetRequests();
    const changed = world.write('a.yaml', inboxes('One', 'Two').replaceAll('hooks.example.com', 'hooks2.example.com'));
    const applied = await world.run('apply', changed, '--auto-approve');
    expect(applied.stderr).toBe('');
    expect(applied.code).toBe(0);
    const statuses = world.vendorRequests().filter((r) => r.vendor === 'chatwoot').map((r) => r.status);
    expect(statuses.filter((s) => s === 429)).toHaveLength(2);
    expect(statuses.filter((s) => s === 503)).toHaveLength(2);
    expect((await world.run('plan', changed, '--detailed-exitcode')).code).toBe(0);
  });

  it('keeps going after a failed step, reports every failure with vendor, method, path, status and message', async () => {
    const other = await fetch(`${world.emulator.urls.chatwoot}/api/v1/accounts/2/portals`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'api-access-token': 'demo-chatwoot-other-token' },
      body: JSON.stringify({ portal: { name: 'Taken', slug: 'taken', custom_domain: '' } }),
    });
    expect(other.status).toBe(200);
    const file = world.write('p.yaml', `${PROVIDERS}\nportals:\n  - { slug: taken, name: Mine }\n  - { slug: free, name: Free }\n`);
    const applied = await world.run('apply', file, '--auto-approve');
    expect(applied.code).toBe(1);
    expect(applied.stdout).toContain('+ portal "free": created');
    expect(applied.stdout).toContain('Apply failed: 1 failed, 0 skipped; 1 added, 0 changed, 0 destroyed.');
    expect(applied.stdout).toMatch(/portal "taken": chatwoot: POST \/chatwoot\/api\/v1\/accounts\/1\/portals returned 422: Slug has already been taken/);
  });

  it('refreshes an expired Healthing token in the middle of a run', async () => {
    const file = world.write('c.yaml', `${PROVIDERS}\nchannels:\n  - { name: Site chat, assignment_mode: round_robin }\n`);
    const desired = await loadDesired([file], { env: world.env, cwd: world.dir });
    const session = await Session.open(desired.config.providers, { cwd: world.dir });
    try {
      const run = await session.plan(desired);
      world.emulator.control.advanceClock(1801 * 1000);
      const results = await session.apply(run);
      expect(results.map((r) => r.status)).toEqual(['ok']);
    } finally {
      await session.close();
    }
    const healthing = world.vendorRequests().filter((r) => r.vendor === 'healthing').map((r) => `${r.method} ${r.path} ${r.status}`);
    expect(healthing).toEqual([
      'POST /api/v1/auth/login 200',
      'GET /api/v1/channels 200',
      'PUT /api/v1/channels/2 401',
      'POST /api/v1/auth/refresh 200',
      'PUT /api/v1/channels/2 200',
    ]);
  });
});
