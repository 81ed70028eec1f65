/** Config directories whose entries cannot be read refuse the run: a skipped file would make --prune delete what it declared. */
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
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

const livePortals = () => (world.emulator.control.state() as { chatwoot: { portals: Array<{ slug: string }> } }).chatwoot.portals.map((p) => p.slug).sort();

/** `config/` holding providers, portal a, and whatever `extra` adds. */
function configDir(extra: (dir: string) => void): void {
  const dir = path.join(world.dir, 'config');
  mkdirSync(dir);
  writeFileSync(path.join(dir, 'providers.yaml'), PROVIDERS);
  writeFileSync(path.join(dir, 'a.yaml'), 'portals:\n  - { slug: a, name: a }\n');
  extra(dir);
}

describe.skipIf(process.platform === 'win32')('config files that cannot be read', () => {
  it('a dangling symlink fails validate, and plan or apply --prune --force refuse before any request', async () => {
    const seeded = await world.run('apply', world.write('seed.yaml', `${PROVIDERS}portals:\n  - { slug: a, name: a }\n  - { slug: b, name: b }\n`), '--auto-approve');
    expect(seeded.code).toBe(0);
    configDir((dir) => symlinkSync('../moved/b.yaml', path.join(dir, 'b.yaml')));
    const refused = 'Error: config/b.yaml:1:1: is a dangling symlink to ../moved/b.yaml\n';

    const validate = await world.run('validate', 'config');
    expect(validate).toMatchObject({ code: 1, stdout: '', stderr: refused });
    world.emulator.control.resetRequests();
    const plan = await world.run('plan', 'config', '--prune', '--force');
    expect(plan).toMatchObject({ code: 1, stdout: '', stderr: refused });
    const apply = await world.run('apply', 'config', '--prune', '--force', '--auto-approve');
    expect(apply).toMatchObject({ code: 1, stdout: '', stderr: refused });
    expect(world.vendorRequests()).toHaveLength(0);
    expect(livePortals()).toEqual(['a', 'b']);
  });

  it('reads a config file symlinked from outside its directory only with --allow-external-symlinks', async () => {
    mkdirSync(path.join(world.dir, 'shared'));
    world.write('shared/b.yaml', 'portals:\n  - { slug: b, name: b }\n');
    configDir((dir) => symlinkSync('../shared/b.yaml', path.join(dir, 'b.yaml')));
    const refused = await world.run('validate', 'config');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/^Error: config\/b\.yaml:1:1: is a symlink to \S+\/shared\/b\.yaml, outside its directory: pass --allow-external-symlinks to read it\n$/);
    for (const command of [['validate'], ['plan'], ['export', '--kinds', 'portals']]) {
      const allowed = await world.run(...command, 'config', '--allow-external-symlinks');
      expect(allowed.stderr).toBe('');
      expect(allowed.code).toBe(0);
    }
    expect((await world.run('apply', 'config', '--allow-external-symlinks', '--auto-approve')).code).toBe(0);
    expect(livePortals()).toEqual(['a', 'b']);
  });
});
