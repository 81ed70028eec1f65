/**
 * Named provider instances over loopback HTTP: two Chatwoot accounts of one
 * emulator in one config, each object in its own account.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { defaultFixtures } from '../../src/emulator/index.js';
import { createWorld, type World } from '../support/world.js';

const OTHER_TOKEN = 'demo-chatwoot-other-token';

const TWO_ACCOUNTS = `providers:
  chatwoot:
    brand_a: { url: "\${env:CHATWOOT_URL}", account_id: 1, api_token: "\${env:CHATWOOT_API_TOKEN}" }
    brand_b: { url: "\${env:CHATWOOT_URL}", account_id: 2, api_token: "\${env:CW_OTHER_TOKEN}" }
`;

const inbox = (name: string, provider: string, extra = '') =>
  `  - { provider: ${provider}, name: ${name}, channel: { type: api, webhook_url: "https://hooks.example.com/${name}" }${extra} }\n`;

describe('named provider instances', () => {
  let w: World;
  beforeEach(async () => {
    w = await createWorld();
    w.env.CW_OTHER_TOKEN = OTHER_TOKEN;
  });
  afterEach(() => w.close());

  test('each object goes to its own account; the same name in two accounts is two objects; re-plans are clean', async () => {
    w.write('deskform.yaml', TWO_ACCOUNTS + 'inboxes:\n' + inbox('Support', 'chatwoot.brand_a') + inbox('Support', 'chatwoot.brand_b') + inbox('Sales', 'chatwoot.brand_b'));

    const planned = await w.run('plan', '--format', 'json');
    expect(planned.stderr).toBe('');
    const plan = JSON.parse(planned.stdout);
    const creates = plan.steps.filter((s: { action: string }) => s.action === 'create').map((s: { instance: string; key: string }) => `${s.instance}/${s.key}`);
    expect(creates).toEqual(['brand_a/Support', 'brand_b/Support', 'brand_b/Sales']);

    const text = await w.run('plan');
    expect(text.stdout).toContain('[brand_b] inbox "Sales" will be created');
    expect(text.stdout).toMatch(/Plan: 3 to add, 0 to change, 0 to destroy\.\n {2}brand_a: 1 to add, 0 to change, 0 to destroy\.\n {2}brand_b: 2 to add/);

    const applied = await w.run('apply', '--auto-approve');
    expect(applied.code).toBe(0);
    expect(applied.stdout).toMatch(/Apply complete: 3 added, 0 changed, 0 destroyed\.\n {2}brand_a: complete; 1 added/);
    const inboxes = () => (w.emulator.control.state().chatwoot as { inboxes: Array<{ account_id: number; name: string }> }).inboxes;
    const inAccount = (id: number) => inboxes().filter((i) => i.account_id === id).map((i) => i.name);
    expect(inAccount(1)).toContain('Support');
    expect(inAccount(1)).not.toContain('Sales');
    expect(inAccount(2)).toEqual(expect.arrayContaining(['Support', 'Sales']));

    w.emulator.control.resetRequests();
    const again = await w.run('plan', '--detailed-exitcode');
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('No changes.');
    // One inbox list per account: planning two accounts costs what two single-account plans cost.
    const lists = w.vendorRequests().filter((r) => r.method === 'GET' && r.path.endsWith('/inboxes'));
    expect(lists.map((r) => r.path).sort()).toEqual(['/api/v1/accounts/1/inboxes', '/api/v1/accounts/2/inboxes']);

    // A change in one account touches only that account.
    w.write('deskform.yaml', TWO_ACCOUNTS + 'inboxes:\n' + inbox('Support', 'chatwoot.brand_a') + inbox('Support', 'chatwoot.brand_b', ', greeting_enabled: true, greeting_message: Hi') + inbox('Sales', 'chatwoot.brand_b'));
    const changed = JSON.parse((await w.run('plan', '--format', 'json')).stdout);
    expect(changed.steps.filter((s: { action: string }) => s.action !== 'noop').map((s: { instance: string; key: string; action: string }) => [s.instance, s.key, s.action])).toEqual([
      ['brand_b', 'Support', 'update'],
    ]);
    for (const out of [planned, text, applied, again]) expect(out.stdout + out.stderr).not.toContain(OTHER_TOKEN);
  });

  test('a saved plan is refused once the config sends its objects to other accounts', async () => {
    w.write('deskform.yaml', TWO_ACCOUNTS + 'inboxes:\n' + inbox('Support', 'chatwoot.brand_a'));
    expect((await w.run('plan', '--out', 'plan.json')).code).toBe(0);
    w.write('deskform.yaml', TWO_ACCOUNTS.replace('account_id: 1', 'account_id: 9').replace('account_id: 2', 'account_id: 1').replace('account_id: 9', 'account_id: 2').replace('CHATWOOT_API_TOKEN', 'X').replace('CW_OTHER_TOKEN', 'CHATWOOT_API_TOKEN').replace('X', 'CW_OTHER_TOKEN') + 'inboxes:\n' + inbox('Support', 'chatwoot.brand_a'));
    const applied = await w.run('apply', 'plan.json');
    expect(applied.code).toBe(1);
    expect(applied.stderr).toContain('the configuration changed since the plan was made');
  });

  test('export refuses instance names that would read one variable', async () => {
    // Credentials held literally are exported as variables named after their instance.
    w.write('deskform.yaml', `providers:\n  chatwoot:\n    brand-a: { url: "\${env:CHATWOOT_URL}", account_id: 1, api_token: demo-chatwoot-admin-token }\n    brand_a: { url: "\${env:CHATWOOT_URL}", account_id: 2, api_token: ${OTHER_TOKEN} }\n`);
    const exported = await w.run('export');
    expect(exported.stdout + exported.stderr).not.toContain(OTHER_TOKEN);
    expect(exported.code).toBe(1);
    expect(exported.stderr).toContain('export: providers chatwoot.brand-a and chatwoot.brand_a would both read their credentials from ${env:CHATWOOT_BRAND_A_…}; rename one instance');
  });

  test('prune is per account: an account the config names loses what it does not declare, the other keeps its own', async () => {
    w.write('deskform.yaml', TWO_ACCOUNTS + 'inboxes:\n' + inbox('Support', 'chatwoot.brand_a') + inbox('Old', 'chatwoot.brand_b') + inbox('Kept', 'chatwoot.brand_b'));
    expect((await w.run('apply', '--auto-approve')).code).toBe(0);
    w.write('deskform.yaml', TWO_ACCOUNTS + 'inboxes:\n' + inbox('Support', 'chatwoot.brand_a') + inbox('Kept', 'chatwoot.brand_b'));
    const plan = JSON.parse((await w.run('plan', '--prune', '--force', '--format', 'json')).stdout);
    const deletes = plan.steps.filter((s: { action: string }) => s.action === 'delete').map((s: { instance: string; key: string }) => `${s.instance}/${s.key}`);
    // Account 1's demo inboxes are not declared either: prune means every undeclared object of the account.
    expect(deletes).toContain('brand_b/Old');
    expect(deletes.filter((d: string) => d.startsWith('brand_b/'))).toEqual(['brand_b/Old']);
    expect(deletes).not.toContain('brand_a/Support');
  });

  test('export writes named instances back as named instances, each object with its provider', async () => {
    w.write('deskform.yaml', TWO_ACCOUNTS + 'inboxes:\n' + inbox('Only-B', 'chatwoot.brand_b'));
    expect((await w.run('apply', '--auto-approve')).code).toBe(0);
    const exported = await w.run('export', '--kinds', 'inboxes');
    expect(exported.code).toBe(0);
    expect(exported.stdout).toContain('brand_a:');
    expect(exported.stdout).toContain('api_token: ${env:CW_OTHER_TOKEN}');
    expect(exported.stdout).toMatch(/- provider: chatwoot\.brand_b\n {4}name: Only-B/);
    expect(exported.stdout).not.toContain(OTHER_TOKEN);
  });

  test('an object without provider: goes to the instance named default; mistakes about instances are located', async () => {
    const config =
      'providers:\n  chatwoot:\n' +
      '    default: { url: "${env:CHATWOOT_URL}", account_id: 1, api_token: "${env:CHATWOOT_API_TOKEN}" }\n' +
      '    brand_b: { url: "${env:CHATWOOT_URL}", account_id: 2, api_token: "${env:CW_OTHER_TOKEN}" }\n' +
      'portals:\n  - { provider: chatwoot.brand_b, slug: help-b, name: Help, live_chat_inbox: Website }\n' +
      'inboxes:\n' +
      '  - { name: Website, channel: { type: web_widget, website_url: "https://a.example.com" } }\n' +
      inbox('Twice', 'chatwoot.brand_b') +
      inbox('Twice', 'chatwoot.brand_b') +
      inbox('Lost', 'chatwoot.brand_c') +
      inbox('Wrong', 'tether.brand_b');
    w.write('deskform.yaml', config);
    const run = await w.run('validate');
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('deskform.yaml:6:78: portal "help-b": references inbox "Website", which is declared for chatwoot, not chatwoot.brand_b: a reference cannot cross accounts');
    expect(run.stderr).toMatch(/deskform\.yaml:10:5: inbox "Twice": is declared more than once for chatwoot\.brand_b \(first at deskform\.yaml:9:5\)/);
    expect(run.stderr).toContain('deskform.yaml:11:17: inbox "Lost": provider "chatwoot.brand_c" is not declared: providers.chatwoot has chatwoot, chatwoot.brand_b');
    expect(run.stderr).toContain('deskform.yaml:12:17: inbox "Wrong": provider "tether.brand_b": inboxes are chatwoot objects, not tether ones; write chatwoot or chatwoot.<instance>');
    expect(run.stderr).not.toContain('Website", which is not declared');
  });

  test('two instances acting as the same account are refused: each would plan the other\'s objects as undeclared', async () => {
    w.write(
      'deskform.yaml',
      'providers:\n  chatwoot:\n' +
        '    one: { url: "${env:CHATWOOT_URL}", account_id: 1, api_token: "${env:CHATWOOT_API_TOKEN}" }\n' +
        '    two: { url: "${env:CHATWOOT_URL}/", account_id: 1, api_token: "${env:CW_OTHER_TOKEN}" }\n' +
        '  tether:\n' +
        '    a: { url: "${env:TETHER_URL}", token: "${env:TETHER_TOKEN}" }\n' +
        '    b: { url: "${env:TETHER_URL}", token: "${env:TETHER_TOKEN}" }\n',
    );
    const run = await w.run('validate');
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('deskform.yaml:4:5: providers.chatwoot.two: acts as the same chatwoot account as chatwoot.one (at deskform.yaml:3:5)');
    expect(run.stderr).toContain('deskform.yaml:7:5: providers.tether.b: acts as the same tether account as tether.a (at deskform.yaml:6:5)');
    expect(run.stderr).not.toContain('demo-tether-token');
  });

  test('several instances and no default: an object must choose', async () => {
    w.write('deskform.yaml', TWO_ACCOUNTS + 'inboxes:\n  - { name: Nowhere, channel: { type: api } }\n');
    const run = await w.run('validate');
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('deskform.yaml:6:5: inbox "Nowhere": needs a provider: field: chatwoot has several instances (chatwoot.brand_a, chatwoot.brand_b) and none is named default');
  });
});

describe('one account failing', () => {
  let w: World;
  beforeEach(async () => {
    w = await createWorld();
    w.env.CW_OTHER_TOKEN = 'wrong-token-for-brand-b';
  });
  afterEach(() => w.close());

  test('a wrong token for one instance stops neither the plan nor the apply of the other; the run exits 1 naming it', async () => {
    w.write('deskform.yaml', TWO_ACCOUNTS + 'inboxes:\n' + inbox('Support', 'chatwoot.brand_a') + inbox('Support', 'chatwoot.brand_b'));
    const planned = await w.run('plan', '--format', 'json');
    expect(planned.code).toBe(1);
    const plan = JSON.parse(planned.stdout);
    expect(plan.steps.map((s: { instance: string }) => s.instance)).toEqual(['brand_a']);
    expect(plan.errors).toEqual([{ instance: 'brand_b', message: expect.stringMatching(/^chatwoot: GET \/\S*\/accounts\/2\/inboxes returned 401: /) }]);
    expect(planned.stderr).toMatch(/^Error: \[brand_b\] chatwoot: GET \/\S*\/accounts\/2\/inboxes returned 401/m);
    // The hint names the instance's own block and variable.
    expect(planned.stderr).toContain('check providers.chatwoot.brand_b.api_token (set from ${env:CW_OTHER_TOKEN})');

    const markdown = await w.run('plan', '--format', 'markdown');
    expect(markdown.stdout).toContain('**1 provider instance could not be planned**');

    const summary = path.join(w.dir, 'summary.md');
    w.env.GITHUB_STEP_SUMMARY = summary;
    const applied = await w.run('apply', '--auto-approve', '--summary');
    expect(applied.code).toBe(1);
    expect(applied.stdout).toContain('Apply complete: 1 added');
    expect(applied.stderr).toContain('Error: [brand_b] chatwoot: GET');
    expect(readFileSync(summary, 'utf8')).toMatch(/\*\*1 provider instance could not be planned\*\*\n>\n> - `brand_b`: chatwoot: GET/);
    const after = await w.run('plan');
    expect(after.stdout).toContain('No changes in the provider instances that were planned; 1 could not be planned (brand_b: see the errors).');
    const names = (w.emulator.control.state().chatwoot as { inboxes: Array<{ account_id: number; name: string }> }).inboxes;
    expect(names.some((i) => i.account_id === 1 && i.name === 'Support')).toBe(true);
    for (const out of [planned, applied]) expect(out.stdout + out.stderr).not.toContain('wrong-token-for-brand-b');
  });

  test('a failing step in one account leaves the other account to finish', async () => {
    await w.close();
    const fixtures = defaultFixtures();
    // Chatwoot refuses a create over the account's inbox limit (402).
    fixtures.chatwoot.accounts[1]!.inbox_limit = 0;
    w = await createWorld({ fixtures });
    w.env.CW_OTHER_TOKEN = OTHER_TOKEN;
    w.write('deskform.yaml', TWO_ACCOUNTS + 'inboxes:\n' + inbox('Support', 'chatwoot.brand_a') + inbox('Support', 'chatwoot.brand_b'));
    const applied = await w.run('apply', '--auto-approve');
    expect(applied.code).toBe(1);
    expect(applied.stdout).toMatch(/\n {2}brand_a: complete; 1 added, 0 changed, 0 destroyed\.\n {2}brand_b: 1 not done; 0 added/);
    expect(applied.stdout).toContain('[brand_b] inbox "Support": failed');
  });
});

describe('examples/accounts', () => {
  let w: World;
  beforeEach(async () => {
    w = await createWorld();
    Object.assign(w.env, { BRAND_A_TOKEN: 'demo-chatwoot-admin-token', BRAND_B_TOKEN: OTHER_TOKEN });
  });
  afterEach(() => w.close());

  test('applies to both accounts and then plans clean; one brand alone is one unit', async () => {
    const example = path.resolve(import.meta.dirname, '../../examples/accounts');
    const applied = await w.run('apply', example, '--auto-approve');
    expect(applied.code, applied.stderr).toBe(0);
    expect(applied.stdout).toMatch(/\n {2}brand_a: complete; 3 added.*\n {2}brand_b: complete; 2 added/);
    const again = await w.run('plan', example, '--detailed-exitcode');
    expect(again.code, again.stdout + again.stderr).toBe(0);
    const one = JSON.parse((await w.run('plan', example, '--instance', 'brand_b', '--format', 'json')).stdout);
    expect(new Set(one.steps.map((s: { instance: string }) => s.instance))).toEqual(new Set(['brand_b']));
  });
});
