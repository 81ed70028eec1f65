/**
 * The conventions Terraform and decK users expect of the built CLI: --debug
 * and DESKFORM_LOG on stderr with secrets masked, DESKFORM_* variables for
 * common flags, short usage errors, shell completion, validate --format json,
 * and refused credentials naming the provider fields to check.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultFixtures } from '../../src/emulator/index.js';
import { assertBuilt, spawnCli, type Finished } from '../support/built-cli.js';
import { createWorld, type World } from '../support/world.js';

const CANARIES = { chatwoot: 'CANARY-cw-debug-4b1f', tether: 'CANARY-tether-debug-8e2a', healthingPassword: 'CANARY-hpass-debug-77c3' };

let world: World;
beforeAll(async () => {
  assertBuilt();
  const fixtures = defaultFixtures();
  fixtures.chatwoot.users[0]!.access_token = CANARIES.chatwoot;
  fixtures.tether.users[0]!.api_key = CANARIES.tether;
  fixtures.healthing.users[0]!.password = CANARIES.healthingPassword;
  world = await createWorld({ fixtures, examples: true, tokens: CANARIES });
});
afterAll(async () => {
  await world.close();
});

const cli = (args: string[], env: Record<string, string> = {}): Promise<Finished> =>
  spawnCli(args, { env: { ...world.env, ...env }, cwd: world.dir }).finished;

function expectNoCanary(run: Finished): void {
  for (const canary of Object.values(CANARIES)) expect(run.stdout + run.stderr).not.toContain(canary);
}

describe('--debug and DESKFORM_LOG', () => {
  it('log each HTTP call, retry and wait on stderr, masked, while stdout stays JSON', async () => {
    world.emulator.control.setFaults({ seed: 1, rules: [{ vendor: 'tether', method: 'GET', error_rate: 1, times: 1 }] });
    const run = await cli(['plan', '.', '--format', 'json', '--debug']);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toHaveProperty('format_version', 1);
    expect(run.stderr).toMatch(/^\[DEBUG\] chatwoot GET \/\S*\/accounts\/1\/\S+ → 200 in \d+ ms \(attempt 1, ok\)$/m);
    expect(run.stderr).toMatch(/^\[DEBUG\] tether GET \S+ → 503 in \d+ ms \(attempt 1, retry\)/m);
    expect(run.stderr).toMatch(/^\[DEBUG\] tether GET \S+: waiting \d+ ms before retrying \(attempt 2\)$/m);
    expect(run.stderr).toMatch(/^\[DEBUG\] healthing POST \S+ → 200/m);
    expectNoCanary(run);

    const byEnv = await cli(['plan', '.'], { DESKFORM_LOG: 'debug' });
    expect(byEnv.stderr).toMatch(/^\[DEBUG\] chatwoot GET /m);
    expect(byEnv.stdout).not.toContain('[DEBUG]');
    expectNoCanary(byEnv);
    expect((await cli(['plan', '.'], { DESKFORM_LOG: 'warn' })).stderr).toBe('');
  });

  it('name the variable of a bad level', async () => {
    const run = await cli(['validate', '.'], { DESKFORM_LOG: 'verbose' });
    expect(run.code).toBe(1);
    expect(run.stderr).toBe('Error: DESKFORM_LOG: expected one of debug, info, warn, got "verbose"\n');
  });
});

describe('DESKFORM_* variables', () => {
  it('stand in for config paths and --state, and a flag wins over its variable', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'deskform-env-'));
    const config = [path.join(world.dir, 'providers.yaml'), path.join(world.dir, 'help-center.yaml')].join(',');
    const state = path.join(dir, 'env-state.json');
    const run = spawnCli(['apply', '--auto-approve', '--concurrency', '2'], { env: { ...world.env, DESKFORM_CONFIG: config, DESKFORM_STATE: state, DESKFORM_CONCURRENCY: 'x' }, cwd: dir });
    const applied = await run.finished;
    expect(applied.stderr).toBe('');
    expect(applied.code).toBe(0);
    expect(existsSync(state)).toBe(true);

    const flagState = path.join(dir, 'flag-state.json');
    const flag = await spawnCli(['plan', path.join(world.dir, 'providers.yaml'), '--state', flagState], { env: { ...world.env, DESKFORM_CONFIG: 'missing.yaml', DESKFORM_STATE: '/nonexistent/dir/state.json' }, cwd: dir }).finished;
    expect(flag.stderr).toBe('');
    expect(flag.code).toBe(0);

    const sharded = await cli(['plan', '.', '--format', 'json'], { DESKFORM_SHARD: '1/1' });
    expect(JSON.parse(sharded.stdout).shard).toEqual({ index: 1, count: 1, instances: ['default'] });
  });

  it('name the variable of a bad value', async () => {
    const concurrency = await cli(['apply', '.', '--auto-approve'], { DESKFORM_CONCURRENCY: '0' });
    expect(concurrency.code).toBe(1);
    expect(concurrency.stderr).toContain("value '0' from env 'DESKFORM_CONCURRENCY' is invalid. Expected a positive whole number.");
    const shard = await cli(['plan', '.'], { DESKFORM_SHARD: '3/2' });
    expect(shard.stderr).toContain("value '3/2' from env 'DESKFORM_SHARD' is invalid. Expected k/n with 1 ≤ k ≤ n, such as 2/8.");
    const config = await cli(['validate'], { DESKFORM_CONFIG: 'a.yaml,' });
    expect(config.stderr).toBe('Error: DESKFORM_CONFIG: expected config files or directories separated by commas, got "a.yaml,"\n');
  });

  it('are listed in --help', async () => {
    const help = await cli(['--help']);
    for (const name of ['DESKFORM_CONFIG', 'DESKFORM_ENV', 'DESKFORM_STATE', 'DESKFORM_CONCURRENCY', 'DESKFORM_SHARD', 'DESKFORM_LOG', 'DESKFORM_NO_COLOR', 'NO_COLOR']) expect(help.stdout).toContain(name);
    expect((await cli(['apply', '--help'])).stdout).toMatch(/env:\s+DESKFORM_CONCURRENCY/);
  });
});

describe('--env and DESKFORM_ENV', () => {
  it('patch the config with environments/NAME/, name the environment in the plan, and a flag wins over the variable', async () => {
    mkdirSync(path.join(world.dir, 'environments', 'staging'), { recursive: true });
    mkdirSync(path.join(world.dir, 'environments', 'qa'), { recursive: true });
    world.write('environments/staging/portals.yaml', 'portals:\n  - slug: handbook\n    name: Staging handbook\n');
    world.write('environments/qa/portals.yaml', 'portals:\n  - slug: handbook\n    name: QA handbook\n');
    const name = (run: Finished) => (JSON.parse(run.stdout) as { steps: Array<{ key: string; changed_fields: Array<{ path: string; after: unknown }> }> }).steps
      .find((s) => s.key === 'handbook')!.changed_fields.find((c) => c.path === 'name')!.after;

    const flag = await cli(['plan', '.', '--env', 'staging', '--format', 'json']);
    expect(flag.stderr).toBe('');
    expect(JSON.parse(flag.stdout)).toHaveProperty('environment', 'staging');
    expect(name(flag)).toBe('Staging handbook');
    const variable = await cli(['plan', '.', '--format', 'json'], { DESKFORM_ENV: 'qa' });
    expect(JSON.parse(variable.stdout)).toHaveProperty('environment', 'qa');
    expect(name(variable)).toBe('QA handbook');
    expect(name(await cli(['plan', '.', '--env', 'staging', '--format', 'json'], { DESKFORM_ENV: 'qa' }))).toBe('Staging handbook');
    const text = await cli(['validate', '.'], { DESKFORM_ENV: 'staging' });
    expect(text.stdout).toMatch(/^The configuration is valid for environment staging: /);
    // Empty is unset, as for NO_COLOR.
    const empty = await cli(['validate', '.'], { DESKFORM_ENV: '' });
    expect([empty.code, empty.stderr]).toEqual([0, '']);
    expect(empty.stdout).toMatch(/^The configuration is valid: /);
    expectNoCanary(flag);
  });

  it('refuse a name that is not a directory name, naming the variable, and an environment that does not exist', async () => {
    const bad = await cli(['plan', '.'], { DESKFORM_ENV: '../prod' });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain("value '../prod' from env 'DESKFORM_ENV' is invalid. Expected the name of a directory under environments/");
    const flag = await cli(['validate', '.', '--env', '']);
    expect(flag.code).toBe(1);
    expect(flag.stderr).toContain("option '--env <environment>' argument '' is invalid. Expected the name of a directory under environments/");
    const missing = await cli(['validate', '.', '--env', 'prod']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/^Error: environment "prod" not found: looked for environments.prod.; /);
  });
});

describe('usage errors', () => {
  it('print one line, a did-you-mean where there is one, and where the help is', async () => {
    const option = await cli(['plan', '--formt', 'json']);
    expect(option.code).toBe(1);
    expect(option.stdout).toBe('');
    expect(option.stderr).toBe("error: unknown option '--formt'\n(Did you mean --format?)\nsee `deskform plan --help`\n");
    const command = await cli(['aply']);
    expect(command.stderr).toBe("error: unknown command 'aply'\n(Did you mean apply?)\nsee `deskform --help`\n");
    const choice = await cli(['plan', '--format', 'yaml']);
    expect(choice.stderr).toBe("error: option '--format <format>' argument 'yaml' is invalid. Allowed choices are text, json, markdown.\nsee `deskform plan --help`\n");
    expect(choice.code).toBe(1);
  });
});

describe('completion', () => {
  it('prints a bash script that bash accepts and that completes commands, flags and choices', async () => {
    const run = await cli(['completion', 'bash']);
    expect(run.code).toBe(0);
    const script = path.join(world.dir, 'completion.bash');
    writeFileSync(script, run.stdout);
    execFileSync('bash', ['-n', script]);
    const complete = (...words: string[]) =>
      execFileSync('bash', ['-c', `source "$1"; COMP_WORDS=(${words.map((w) => `'${w}'`).join(' ')}); COMP_CWORD=${words.length - 1}; _deskform; printf '%s\\n' "\${COMPREPLY[@]}"`, 'x', script], { cwd: world.dir })
        .toString()
        .split('\n')
        .filter(Boolean);
    expect(complete('deskform', '')).toEqual(expect.arrayContaining(['validate', 'plan', 'apply', 'export', 'schema', 'emulator', 'provider', 'completion']));
    expect(complete('deskform', 'plan', '--f').sort()).toEqual(['--force', '--format']);
    expect(complete('deskform', 'plan', '--format', '')).toEqual(['text', 'json', 'markdown']);
    expect(complete('deskform', 'provider', '')).toEqual(['install']);
    expect(complete('deskform', 'completion', 'f')).toEqual(['fish']);
    expect(complete('deskform', 'apply', '--deb')).toEqual(['--debug']);
    expect(complete('deskform', 'apply', '--concurrency', '')).toEqual([]);
    expect(complete('deskform', 'plan', '--out', 'provider')).toEqual(['providers.yaml']);
    mkdirSync(path.join(world.dir, 'environments', 'staging', 'nested'), { recursive: true });
    mkdirSync(path.join(world.dir, 'environments', 'production'), { recursive: true });
    expect(complete('deskform', 'validate', '--env', 'st')).toEqual(['staging']);
    expect(complete('deskform', 'apply', '--env', '').sort()).toEqual(expect.arrayContaining(['production', 'staging']));
    // Beside a directory or file given as a path, as --env reads it.
    mkdirSync(path.join(world.dir, 'conf', 'environments', 'qa'), { recursive: true });
    world.write('conf/portals.yaml', 'portals: []\n');
    expect(complete('deskform', 'plan', 'conf', '--env', '')).toEqual(['qa']);
    expect(complete('deskform', 'plan', '--prune', 'conf/portals.yaml', '--env', 'q')).toEqual(['qa']);
    expect(complete('deskform', 'plan', '--out', 'plan.json', '--env', 'st')).toEqual(['staging']);
  });

  it('prints zsh and fish scripts naming every command', async () => {
    for (const shell of ['zsh', 'fish']) {
      const run = await cli(['completion', shell]);
      expect(run.code).toBe(0);
      for (const command of ['validate', 'plan', 'apply', 'export', 'completion']) expect(run.stdout).toContain(command);
    }
    const fish = (await cli(['completion', 'fish'])).stdout;
    expect(fish).toContain("complete -c deskform -n '__fish_seen_subcommand_from plan' -l format -xa 'text json markdown'");
    expect(fish).toContain("complete -c deskform -n '__fish_seen_subcommand_from plan' -l env -xa '(__deskform_environments)'");
    expect(fish).toContain('function __deskform_environments');
  });
});

describe('validate --format json', () => {
  it('prints every problem located, with the exit codes of text output', async () => {
    world.write('bad.yaml', 'portals:\n  - slug: ok\n    name: Fine\n    colour: "#FFFFFF"\n');
    const bad = await cli(['validate', 'providers.yaml', 'bad.yaml', '--format', 'json']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toBe('');
    expect(JSON.parse(bad.stdout)).toEqual({
      valid: false,
      problems: [{ file: 'bad.yaml', line: 4, column: 5, path: 'portal "ok"', message: 'unknown field "colour" (did you mean "color"?)' }],
    });
    const good = await cli(['validate', 'providers.yaml', 'help-center.yaml', '--format', 'json']);
    expect(good.code).toBe(0);
    expect(JSON.parse(good.stdout)).toEqual({ valid: true, problems: [] });
  });
});

describe('refused credentials', () => {
  it('name the provider field to check and the variable it came from, never the value', async () => {
    const wrong = 'CANARY-wrong-cw-token-e2e-61d0';
    world.write('cw-only.yaml', 'providers:\n  chatwoot: { url: "${env:CHATWOOT_URL}", account_id: 1, api_token: "${env:CHATWOOT_API_TOKEN}" }\nportals:\n  - { slug: handbook, name: Handbook }\n');
    const run = await cli(['plan', 'cw-only.yaml'], { CHATWOOT_API_TOKEN: wrong });
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      'Error: chatwoot: GET /chatwoot/api/v1/accounts/1/portals returned 401: Invalid Access Token; check providers.chatwoot.api_token (set from ${env:CHATWOOT_API_TOKEN})\n',
    );
    expect(run.stdout + run.stderr).not.toContain(wrong);
  });
});
