/** `plan --out` then `apply <plan>`: exactly the reviewed steps, or a refusal when anything moved. */
import { execFileSync } from 'node:child_process';
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

const config = (title: string) => `${PROVIDERS}portals:\n  - { slug: docs, name: Docs, page_title: "${title}" }\n  - { slug: blog, name: Blog }\n`;

async function renamePortalLive(slug: string, name: string) {
  const res = await fetch(`${world.emulator.urls.chatwoot}/api/v1/accounts/1/portals/${slug}`, {
    method: 'PATCH',
    headers: { 'content-type': 'application/json', 'api-access-token': 'demo-chatwoot-admin-token' },
    body: JSON.stringify({ portal: { name } }),
  });
  expect(res.status).toBe(200);
}

describe('saved plans', () => {
  it('applies exactly the saved steps when nothing moved', async () => {
    const file = world.write('d.yaml', config('v1'));
    expect((await world.run('apply', file, '--auto-approve')).code).toBe(0);
    world.write('d.yaml', config('v2'));
    const planned = await world.run('plan', 'd.yaml', '--out', 'plan.json');
    expect(planned.code).toBe(0);
    const saved = JSON.parse(readFileSync(path.join(world.dir, 'plan.json'), 'utf8')) as { saved: unknown; steps: Array<{ action: string }> };
    expect(saved.saved).toMatchObject({ config_paths: ['d.yaml'], prune: false });
    world.emulator.control.resetRequests();
    const applied = await world.run('apply', 'plan.json');
    expect(applied.stderr).toBe('');
    expect(applied.code).toBe(0);
    const writes = world.vendorRequests().filter((r) => r.method !== 'GET');
    expect(writes.map((r) => `${r.method} ${r.path}`)).toEqual(['PATCH /api/v1/accounts/1/portals/docs']);
    expect((await world.run('plan', 'd.yaml', '--detailed-exitcode')).code).toBe(0);
  });

  it('refuses, naming the object, when a live object changed since the plan', async () => {
    expect((await world.run('apply', world.write('d.yaml', config('v1')), '--auto-approve')).code).toBe(0);
    world.write('d.yaml', config('v2'));
    expect((await world.run('plan', 'd.yaml', '--out', 'plan.json')).code).toBe(0);
    await renamePortalLive('blog', 'Blog (edited in the UI)');
    world.emulator.control.resetRequests();
    const applied = await world.run('apply', 'plan.json');
    expect(applied.code).toBe(1);
    expect(applied.stderr).toContain('the saved plan plan.json is stale; run plan again:');
    expect(applied.stderr).toContain('portal "blog": the live object changed since the plan was made');
    expect(world.vendorRequests().filter((r) => r.method !== 'GET')).toEqual([]);
  });

  it('refuses when the config changed since the plan', async () => {
    world.write('d.yaml', config('v1'));
    expect((await world.run('plan', 'd.yaml', '--out', 'plan.json')).code).toBe(0);
    world.write('d.yaml', config('v3'));
    const applied = await world.run('apply', 'plan.json');
    expect(applied.code).toBe(1);
    expect(applied.stderr).toContain('the configuration changed since the plan was made');
  });

  it('refuses a saved plan that is not a regular file instead of waiting on it', async () => {
    execFileSync('mkfifo', [path.join(world.dir, 'plan.json')]);
    const applied = await world.run('apply', 'plan.json');
    expect(applied.code).toBe(1);
    expect(applied.stderr).toBe('Error: cannot read the saved plan plan.json: it is not a regular file but a FIFO (named pipe)\n');
    expect(world.vendorRequests()).toEqual([]);
  });
});
