/**
 * Environments as overlays against the emulator over loopback HTTP, with
 * examples/environments: production is the base on one emulator; staging's
 * overlay moves Chatwoot to another emulator, changes the Website inbox, adds
 * QA intake and deletes Partner intake.
 */
import { cpSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import type { Plan } from '../../src/engine/plan/plan.js';
import { deskform } from '../support/cli.js';
import { createWorld, type World } from '../support/world.js';

const EXAMPLE = path.resolve(import.meta.dirname, '../../examples/environments');
const OVERLAY = path.join('environments', 'staging', 'help-center.yaml');

let world: World;
let staging: RunningEmulator;
let env: Record<string, string>;
beforeEach(async () => {
  world = await createWorld();
  staging = await startEmulator({ port: 0, seed: 8 });
  cpSync(EXAMPLE, world.dir, { recursive: true });
  env = { ...world.env, STAGING_CHATWOOT_URL: staging.urls.chatwoot, STAGING_CHATWOOT_API_TOKEN: 'demo-chatwoot-admin-token' };
});
afterEach(async () => {
  await staging.close();
  await world.close();
});

const run = (...args: string[]) => deskform(args, { env, cwd: world.dir });
const stagingRequests = () => staging.control.requests().filter((r) => r.vendor !== 'control');
const steps = (plan: Plan) => plan.steps.map((s) => `${s.action} ${s.kind} ${s.key}`);

/** Staging as production would be: the base config applied to the staging emulator. */
async function seedStagingWithBase(): Promise<void> {
  const seeded = await deskform(['apply', '.', '--auto-approve'], { env: { ...env, CHATWOOT_URL: staging.urls.chatwoot }, cwd: world.dir });
  expect(seeded.stderr).toBe('');
  expect(seeded.code).toBe(0);
}

describe('plan --env staging', () => {
  it('talks to the overlay provider url only, and plans the changed field, the added object and not the deleted one', async () => {
    await seedStagingWithBase();
    staging.control.resetRequests();
    world.emulator.control.resetRequests();

    const planned = await run('plan', '.', '--env', 'staging', '--format', 'json');
    expect(planned.stderr).toBe('');
    const plan = JSON.parse(planned.stdout) as Plan;
    expect(plan.environment).toBe('staging');
    expect(steps(plan)).toEqual(['noop portal handbook', 'update inbox Website', 'create inbox QA intake']);
    expect(plan.steps[1]!.changed_fields.map((c) => [c.path, c.after])).toEqual([
      ['greeting_message', 'Hello from staging!'],
      ['channel.website_url', 'https://staging.example.com'],
    ]);
    expect(world.vendorRequests()).toEqual([]);
    expect(stagingRequests().length).toBeGreaterThan(0);

    // The object the overlay deletes is not declared in staging: --prune deletes it there.
    const pruned = JSON.parse((await run('plan', '.', '--env', 'staging', '--prune', '--force', '--format', 'json')).stdout) as Plan;
    expect(steps(pruned)).toContain('delete inbox Partner intake');

    const text = await run('plan', '.', '--env', 'staging');
    expect(text.stdout).toMatch(/^Environment: staging\n\ndeskform will perform the following actions:\n/);
    const markdown = await run('plan', '.', '--env', 'staging', '--format', 'markdown');
    expect(markdown.stdout).toMatch(/^## deskform plan\n\nEnvironment: `staging`\n\n/);
  });

  it('applies, then plans clean in staging, while production (no --env) is the base on its own vendor', async () => {
    const applied = await run('apply', '.', '--env', 'staging', '--auto-approve');
    expect(applied.stderr).toBe('');
    expect(applied.stdout).toMatch(/^Environment: staging\n/);
    expect(applied.stdout).toContain('Apply complete: 3 added, 0 changed, 0 destroyed.');
    expect((await run('plan', '.', '--env', 'staging')).stdout).toBe('Environment: staging\n\nNo changes. The live state matches the configuration.\n');

    const production = JSON.parse((await run('plan', '.', '--format', 'json')).stdout) as Plan;
    expect(production).not.toHaveProperty('environment');
    expect(steps(production)).toEqual(['create portal handbook', 'create inbox Website', 'create inbox Partner intake']);
    const withDomain = JSON.parse((await run('plan', '.', '--env', 'production', '--format', 'json')).stdout) as Plan;
    expect(withDomain.steps[0]!.changed_fields).toContainEqual({ path: 'custom_domain', before: null, after: 'help.example.com' });
  });

  it('validates and exports with the overlay: counts, and the provider fields as the overlay wrote them', async () => {
    expect((await run('validate', '.', '--env', 'staging')).stdout).toBe('The configuration is valid for environment staging: 1 portal, 2 inboxes.\n');
    const exported = await run('export', '.', '--env', 'staging', '--kinds', 'inboxes');
    expect(exported.stderr).toBe('');
    expect(exported.stdout).toContain('url: ${env:STAGING_CHATWOOT_URL}');
    expect(exported.stdout).toContain('api_token: ${env:STAGING_CHATWOOT_API_TOKEN}');
    expect(exported.stdout).toContain('account_id: 1');
  });
});

describe('mistakes', () => {
  it('a bad value is located where it was written: in the overlay file, or in the base file', async () => {
    world.write(OVERLAY, readFileSync(path.join(world.dir, OVERLAY), 'utf8').replace('greeting_message: Hello from staging!', 'greeting_message: [not, text]'));
    world.write('help-center.yaml', readFileSync(path.join(world.dir, 'help-center.yaml'), 'utf8').replace('color: "#1F93FF"', 'color: blue'));
    const checked = await run('validate', '.', '--env', 'staging');
    expect(checked.code).toBe(1);
    // Each problem quotes its line, from the file that wrote it.
    expect(checked.stderr).toBe(
      'Error: help-center.yaml:6:12: portal "handbook": color: must be a hex colour like "#1F93FF"\n' +
        '    6 |     color: blue\n' +
        '      |            ^\n' +
        `${OVERLAY}:7:23: inbox "Website": greeting_message: expected a string, got a list\n` +
        '    7 |     greeting_message: [not, text]\n' +
        '      |                       ^\n',
    );
    expect(stagingRequests()).toEqual([]);
  });

  it('an environment that does not exist is refused before any request, naming the ones there', async () => {
    const missing = await run('plan', '.', '--env', 'stagign');
    expect(missing).toMatchObject({ code: 1, stdout: '' });
    expect(missing.stderr).toBe(
      `Error: environment "stagign" not found: looked for ${path.join('environments', 'stagign')}${path.sep}; environments there: production, staging (did you mean "staging"?)\n`,
    );
    expect(world.vendorRequests()).toEqual([]);
  });

  it('an environment applies to YAML config, not to a synthesized stack', async () => {
    world.write('cdk.tf.json', '{}');
    const refused = await run('plan', 'cdk.tf.json', '--env', 'staging');
    expect(refused).toMatchObject({ code: 1, stdout: '' });
    expect(refused.stderr).toBe('Error: environment "staging": an environment\'s overlay patches YAML config files, not a synthesized stack (cdk.tf.json)\n');
  });

  it('a saved plan is applied only under the environment it was made for', async () => {
    expect((await run('plan', '.', '--env', 'staging', '--out', 'staging.json')).code).toBe(0);
    expect(JSON.parse(readFileSync(path.join(world.dir, 'staging.json'), 'utf8'))).toMatchObject({ environment: 'staging', saved: { config_paths: ['.'] } });
    staging.control.resetRequests();
    const bare = await run('apply', 'staging.json');
    expect(bare).toMatchObject({ code: 1, stdout: '' });
    expect(bare.stderr).toBe('Error: the saved plan staging.json was made for environment "staging", and is applied without --env: apply it with --env staging, or plan again\n');
    const other = await run('apply', 'staging.json', '--env', 'production');
    expect(other.stderr).toContain('was made for environment "staging", and is applied with --env production');
    expect(stagingRequests()).toEqual([]);

    const applied = await run('apply', 'staging.json', '--env', 'staging');
    expect(applied.stderr).toBe('');
    expect(applied.code).toBe(0);
  });
});
