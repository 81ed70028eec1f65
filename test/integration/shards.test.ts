/**
 * Sharding a config's provider instances over CI runners (`--shard K/N`), and
 * combining the shards' plans with `deskform show`, over loopback HTTP.
 */
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { defaultFixtures } from '../../src/emulator/index.js';
import { shardOf } from '../../src/engine/units.js';
import { createWorld, type World } from '../support/world.js';

const NAMES = ['alpha', 'bravo', 'charlie', 'delta', 'echo', 'foxtrot'];

// One Chatwoot account per instance, all of them administered by the demo admin.
const CONFIG =
  'providers:\n  chatwoot:\n' +
  NAMES.map((n, i) => `    ${n}: { url: "\${env:CHATWOOT_URL}", account_id: ${i + 1}, api_token: "\${env:CHATWOOT_API_TOKEN}" }\n`).join('') +
  'inboxes:\n' +
  NAMES.map((n) => `  - { provider: chatwoot.${n}, name: Inbox-${n}, channel: { type: api } }\n`).join('');

describe('--shard and show', () => {
  let w: World;
  beforeEach(async () => {
    const fixtures = defaultFixtures();
    fixtures.chatwoot.accounts = NAMES.map((n, i) => ({ id: i + 1, name: n }));
    fixtures.chatwoot.users[0]!.memberships = NAMES.map((_n, i) => ({ account_id: i + 1, role: 'administrator' as const }));
    w = await createWorld({ fixtures });
    w.write('deskform.yaml', CONFIG);
  });
  afterEach(() => w.close());

  test('each shard plans only its instances, every instance is in exactly one shard, and show combines them', async () => {
    const files: string[] = [];
    const planned: string[] = [];
    for (const index of [1, 2, 3]) {
      const file = `plan-${index}.json`;
      const run = await w.run('plan', '--shard', `${index}/3`, '--out', file, '--format', 'json');
      expect(run.code, run.stderr).toBe(0);
      const plan = JSON.parse(run.stdout);
      expect(plan.shard.instances).toEqual(NAMES.filter((n) => shardOf(n, 3) === index));
      for (const step of plan.steps) expect(plan.shard.instances).toContain(step.instance);
      planned.push(...plan.steps.map((s: { instance: string }) => s.instance));
      files.push(file);
    }
    expect(planned.sort()).toEqual([...NAMES].sort());

    const combined = await w.run('show', '--format', 'markdown', ...files);
    expect(combined.code, combined.stderr).toBe(0);
    expect(combined.stdout).toContain('Plan: 6 to add, 0 to change, 0 to destroy.');
    for (const n of NAMES) expect(combined.stdout).toContain(`${n} · inbox`);

    const partial = await w.run('show', files[0]!, files[2]!);
    expect(partial.stdout).toContain('Warning: shard 2/3 is missing: this plan does not cover every provider instance');
    const twice = await w.run('show', files[0]!, files[0]!);
    expect(twice.code).toBe(1);
    expect(twice.stderr).toMatch(/is planned in both plan-1\.json and plan-1\.json/);
  });

  test('applying a saved shard plan applies that shard again, and only it', async () => {
    const shard = NAMES.filter((n) => shardOf(n, 2) === 1);
    expect((await w.run('plan', '--shard', '1/2', '--out', 'one.json')).code).toBe(0);
    const other = await w.run('apply', 'one.json', '--shard', '2/2');
    expect(other.code).toBe(1);
    expect(other.stderr).toContain('one.json was planned for --shard 1/2: apply it without --instance/--shard (or with the same ones), or plan again');
    const applied = await w.run('apply', 'one.json', '--shard', '1/2');
    expect(applied.code, applied.stderr).toBe(0);
    const inboxes = (w.emulator.control.state().chatwoot as { inboxes: Array<{ name: string }> }).inboxes.map((i) => i.name);
    for (const n of NAMES) expect(inboxes.includes(`Inbox-${n}`)).toBe(shard.includes(n));
  });

  test('a malformed shard or an unknown --instance is a one-line usage error; --instance plans only that instance', async () => {
    const bad = await w.run('plan', '--shard', '3/2');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('Expected k/n with 1 ≤ k ≤ n, such as 2/8.');
    const unknown = await w.run('plan', '--instance', 'charly');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('--instance: the config has no provider instance named "charly" (did you mean "charlie"?)');
    const one = JSON.parse((await w.run('plan', '--instance', 'delta', '--format', 'json')).stdout);
    expect(one.steps.map((s: { instance: string }) => s.instance)).toEqual(['delta']);
    // A --target is judged against every declared object, not only those of the instances planned here.
    const targeted = await w.run('plan', '--instance', 'delta', '--target', 'inbox/Inbox-alpha', '--format', 'json');
    expect(targeted.stderr).not.toContain('matches no');
    expect(targeted.stderr).toContain('partial');
  });
});
