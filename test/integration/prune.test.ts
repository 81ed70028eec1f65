/** Pruning is safe by design: opt-in, scoped to present kinds, protected objects kept, a threshold, archive mode. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createWorld, PROVIDERS, type World } from '../support/world.js';

let world: World;
beforeEach(async () => {
  world = await createWorld();
});
afterEach(async () => {
  await world.close();
});

const portals = (...slugs: string[]) => `portals:\n${slugs.map((s) => `  - { slug: ${s}, name: ${s} }\n`).join('')}`;
const liveSlugs = () =>
  (world.emulator.control.state() as { chatwoot: { portals: Array<{ slug: string; archived: boolean }> } }).chatwoot.portals
    .filter((p) => !p.archived)
    .map((p) => p.slug)
    .sort();

async function seed(...slugs: string[]) {
  const applied = await world.run('apply', world.write('seed.yaml', `${PROVIDERS}${portals(...slugs)}`), '--auto-approve');
  expect(applied.code).toBe(0);
}

describe('prune', () => {
  it('deletes nothing without --prune, and nothing of a kind whose key is absent', async () => {
    await seed('a', 'b', 'c', 'd');
    const file = world.write('keep.yaml', `${PROVIDERS}${portals('a', 'b', 'c')}`);
    expect((await world.run('apply', file, '--auto-approve')).stdout).toContain('No changes.');
    const noKey = world.write('nokey.yaml', `${PROVIDERS}inboxes: []\n`);
    const pruned = await world.run('plan', noKey, '--prune');
    expect(pruned.stdout).toContain('No changes.');
    expect(liveSlugs()).toEqual(['a', 'b', 'c', 'd']);
  });

  it('deletes only undeclared objects of present kinds, listing deletes first', async () => {
    await seed('a', 'b', 'c', 'd');
    const file = world.write('keep.yaml', `${PROVIDERS}${portals('a', 'b', 'c', 'new')}`);
    const plan = await world.run('plan', file, '--prune');
    expect(plan.stdout.indexOf('portal "d" will be deleted')).toBeLessThan(plan.stdout.indexOf('portal "new" will be created'));
    expect(plan.stdout).toContain('Plan: 1 to add, 0 to change, 1 to destroy.');
    expect((await world.run('apply', file, '--prune', '--auto-approve')).code).toBe(0);
    expect(liveSlugs()).toEqual(['a', 'b', 'c', 'new']);
  });

  it('refuses to delete more than the threshold without --force', async () => {
    await seed('a', 'b', 'c', 'd');
    const file = world.write('one.yaml', `${PROVIDERS}${portals('a')}`);
    world.emulator.control.resetRequests();
    const refused = await world.run('apply', file, '--prune', '--auto-approve');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('--prune would delete 3 of 4 live portals (75%, more than 30%): check the config, or pass --force');
    expect(world.vendorRequests().filter((r) => r.method !== 'GET')).toEqual([]);
    expect((await world.run('plan', file, '--prune', '--max-delete-percent', '80')).code).toBe(0);
    expect((await world.run('apply', file, '--prune', '--force', '--auto-approve')).code).toBe(0);
    expect(liveSlugs()).toEqual(['a']);
  });

  it('never deletes what the protect section lists or what was applied with protected: true', async () => {
    await seed('a', 'b', 'c', 'd');
    const marked = world.write('marked.yaml', `${PROVIDERS}portals:\n  - { slug: a, name: a }\n  - { slug: b, name: b, protected: true }\n  - { slug: c, name: c }\n  - { slug: d, name: d }\n`);
    const marking = await world.run('apply', marked, '--auto-approve');
    expect(marking.stdout).toContain('~ protected = false -> true');
    const file = world.write('keep.yaml', `${PROVIDERS}${portals('a')}protect:\n  portals: [c]\n`);
    const plan = await world.run('apply', file, '--prune', '--force', '--auto-approve');
    expect(plan.code).toBe(0);
    expect(plan.stdout).toContain('Warning: portal "b" is not declared but protected: it is kept');
    expect(plan.stdout).toContain('Warning: portal "c" is not declared but protected: it is kept');
    expect(liveSlugs()).toEqual(['a', 'b', 'c']);
  });

  it('takes globs in the protect section, and warns of an entry that matches no live object', async () => {
    await seed('a', 'legacy-1', 'legacy-2', 'd');
    const file = world.write('keep.yaml', `${PROVIDERS}${portals('a')}protect:\n  portals: ["legacy-*", "Legacy*"]\n  inboxes: [Old]\n`);
    const plan = await world.run('plan', file, '--prune', '--force');
    expect(plan.code).toBe(0);
    expect(plan.stdout).toContain('Warning: portal "legacy-1" is not declared but protected: it is kept');
    expect(plan.stdout).toContain('Warning: protect: portals "Legacy*" matches no live portal');
    expect(plan.stdout).not.toContain('inboxes'); // not read: the config declares no inboxes
    expect(plan.stdout).toContain('Plan: 0 to add, 0 to change, 1 to destroy.');
  });

  it('archives portals instead of deleting them with prune_mode: archive', async () => {
    await seed('a', 'b');
    const file = world.write('archive.yaml', `${PROVIDERS}prune_mode: archive\n${portals('a')}`);
    const plan = await world.run('apply', file, '--prune', '--auto-approve');
    expect(plan.code).toBe(0);
    expect(plan.stdout).toMatch(/~ archived = false -> true {2}# archived instead of deleted/);
    const all = (world.emulator.control.state() as { chatwoot: { portals: Array<{ slug: string; archived: boolean }> } }).chatwoot.portals;
    expect(all.map((p) => [p.slug, p.archived])).toEqual([
      ['a', false],
      ['b', true],
    ]);
    expect((await world.run('plan', file, '--prune', '--detailed-exitcode')).code).toBe(0);
  });
});

describe('targeting', () => {
  it('plans and applies only targeted objects, minus exclusions', async () => {
    const file = world.write('t.yaml', `${PROVIDERS}${portals('docs-en', 'docs-fr', 'blog')}`);
    const plan = await world.run('plan', file, '--target', 'portal/docs-*', '--exclude', 'portals/docs-fr');
    expect(plan.stdout).toContain('portal "docs-en" will be created');
    expect(plan.stdout).not.toContain('docs-fr');
    expect(plan.stdout).not.toContain('blog');
    expect((await world.run('apply', file, '--target', 'portal/docs-*', '--exclude', 'portals/docs-fr', '--auto-approve')).code).toBe(0);
    expect(liveSlugs()).toEqual(['docs-en']);
  });

  it('resolves references to excluded objects that exist, and refuses ones that would not', async () => {
    const both = `${PROVIDERS}portals:\n  - { slug: docs, name: Docs }\ninboxes:\n  - name: Chat\n    channel: { type: api }\n    portal: docs\n`;
    const file = world.write('r.yaml', both);
    const refused = await world.run('plan', file, '--exclude', 'portal/docs');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('references portal "docs", which does not exist yet and is left out by --target/--exclude: include it');
    expect((await world.run('apply', file, '--target', 'portal/docs', '--auto-approve')).code).toBe(0);
    expect((await world.run('apply', file, '--exclude', 'portal/docs', '--auto-approve')).code).toBe(0);
    expect((await world.run('plan', file, '--detailed-exitcode')).code).toBe(0);
  });

  it('warns that a narrowed plan is partial, and names a pattern matching nothing, in text and in JSON', async () => {
    const file = world.write('w.yaml', `${PROVIDERS}${portals('docs')}`);
    const text = await world.run('plan', file, '--target', 'portal/doc', '--exclude', 'portals/blog*');
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('Warning: partial plan: --target/--exclude is in effect');
    expect(text.stdout).toContain('Warning: --target portal/doc matches no declared or live portal\n');
    expect(text.stdout).toContain('Warning: --exclude portals/blog* matches no declared or live portal\n');
    expect(text.stderr).toBe('');
    const json = await world.run('plan', file, '--target', 'portal/doc*', '--format', 'json');
    const plan = JSON.parse(json.stdout) as { warnings: string[]; summary: { create: number } };
    expect(plan.summary.create).toBe(1);
    expect(plan.warnings).toEqual([expect.stringMatching(/^partial plan: /)]);
    expect(json.stderr).toBe(`Warning: ${plan.warnings[0]}\n`);
    const whole = await world.run('plan', file, '--format', 'json');
    expect(JSON.parse(whole.stdout)).not.toHaveProperty('warnings');
  });

  it('rejects a malformed target', async () => {
    const run = await world.run('plan', world.write('x.yaml', `${PROVIDERS}${portals('a')}`), '--target', 'widgets/a');
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('--target "widgets/a": expected kind/key');
  });
});
