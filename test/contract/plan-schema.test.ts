/**
 * The JSON plan is a contract (docs/plan-format.md, schema/plan.schema.json):
 * every plan the CLI emits against the emulator, on stdout or saved with
 * --out, validates, and the schema is strict enough to reject broken plans.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { summarise, type Plan } from '../../src/engine/plan/plan.js';
import { createWorld, type World } from '../support/world.js';
import { compileSchema, describeErrors, REPO } from './json-schema-validator.js';

const validate = compileSchema('schema/plan.schema.json');

let world: World;
/** Every plan emitted below, by how it was produced. */
const emitted: Array<{ how: string; plan: Plan }> = [];

async function planJson(...args: string[]): Promise<Plan> {
  const run = await world.run('plan', ...args, '--format', 'json');
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  const plan = JSON.parse(run.stdout) as Plan;
  emitted.push({ how: `plan ${args.join(' ')}`, plan });
  return plan;
}

async function savedPlan(file: string, ...args: string[]): Promise<Plan> {
  const run = await world.run('plan', ...args, '--out', file);
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  const plan = JSON.parse(readFileSync(path.join(world.dir, file), 'utf8')) as Plan;
  emitted.push({ how: `plan ${args.join(' ')} --out ${file}`, plan });
  return plan;
}

beforeAll(async () => {
  world = await createWorld({ examples: true });
  world.write('mail.yaml', 'inboxes:\n  - name: Mail\n    channel: { type: email, email: help@example.com, imap_enabled: true, imap_password: hunter2-imap-password }\n');
  await planJson('.'); // creates, and adopts the Healthing channel
  await savedPlan('first.json', '.');
  // `apply --json` emits the plan it applies as its first event.
  const applied = await world.run('apply', 'first.json', '--json');
  expect(applied.code).toBe(0);
  const first = JSON.parse(applied.stdout.split('\n')[0]!) as { type: string; plan: Plan };
  expect(first.type).toBe('plan');
  emitted.push({ how: 'apply first.json --json', plan: first.plan });
  await planJson('.'); // all noop
  const helpCenter = path.join(world.dir, 'help-center.yaml');
  world.write('help-center.yaml', readFileSync(helpCenter, 'utf8').replace('name: Handbook', 'name: Help center'));
  await planJson('.'); // an update
  // Without mail.yaml the Mail inbox is undeclared: a delete (1 of 3 inboxes is over the 30% default, hence --force).
  await planJson('providers.yaml', 'help-center.yaml', '--prune', '--force');
  await savedPlan('pruned.json', 'providers.yaml', 'help-center.yaml', '--prune', '--force');
  // An environment's overlay: the plan names it.
  mkdirSync(path.join(world.dir, 'environments', 'staging'), { recursive: true });
  world.write('environments/staging/portals.yaml', 'portals:\n  - slug: handbook\n    name: Staging handbook\n');
  expect(await planJson('.', '--env', 'staging')).toHaveProperty('environment', 'staging');
  expect(await savedPlan('staging.json', '.', '--env', 'staging')).toHaveProperty('environment', 'staging');
}, 30_000);

afterAll(async () => {
  await world.close();
});

describe('emitted plans', () => {
  it('cover every action, on stdout and saved', () => {
    const actions = new Set(emitted.flatMap(({ plan }) => plan.steps.map((s) => s.action)));
    expect([...actions].sort()).toEqual(['adopt', 'create', 'delete', 'noop', 'update']);
    expect(emitted.filter(({ plan }) => plan.saved)).toHaveLength(3);
    expect(emitted.find(({ how }) => how.includes('pruned.json'))!.plan.saved).toMatchObject({ prune: true, force: true });
  });

  it('all validate against schema/plan.schema.json', () => {
    expect(emitted.length).toBeGreaterThanOrEqual(7);
    for (const { how, plan } of emitted) {
      expect(validate(plan), `${how}:\n${describeErrors(validate.errors)}`).toBe(true);
    }
  });

  it('have summaries that count their steps', () => {
    for (const { plan } of emitted) expect(plan.summary).toEqual(summarise(plan.steps));
  });
});

describe('schema/plan.schema.json', () => {
  const base = () => structuredClone(emitted[0]!.plan);

  it.each([
    ['another format_version', (p: any) => (p.format_version = 2)],
    ['an unknown top-level field', (p: any) => (p.extra = true)],
    ['an unknown action', (p: any) => (p.steps[0].action = 'replace')],
    ['a create with a fingerprint', (p: any) => (p.steps.find((s: any) => s.action === 'create').fingerprint = 'a'.repeat(32))],
    ['a create with an id', (p: any) => (p.steps.find((s: any) => s.action === 'create').id = '1')],
    ['an adopt without an id', (p: any) => delete p.steps.find((s: any) => s.action === 'adopt').id],
    ['a field change without after', (p: any) => delete p.steps[0].changed_fields[0].after],
    ['a summary missing an action', (p: any) => delete p.summary.adopt],
    ['a saved section without config paths', (p: any) => (p.saved = { prune: false })],
    ['an environment that is not a directory name', (p: any) => (p.environment = '../prod')],
  ])('rejects %s', (_name, mutate) => {
    const plan = base();
    mutate(plan);
    expect(validate(plan)).toBe(false);
  });

  it('rejects a delete or noop step that lists changed fields', () => {
    const plan = structuredClone(emitted.find(({ how }) => how.includes('--prune'))!.plan);
    const remove = plan.steps.find((s) => s.action === 'delete')!;
    remove.changed_fields.push({ path: 'name', before: 'Mail', after: null });
    expect(validate(plan)).toBe(false);
  });

  it('documents every property in docs/plan-format.md', () => {
    const schema = readFileSync(path.join(REPO, 'schema/plan.schema.json'), 'utf8');
    const docs = readFileSync(path.join(REPO, 'docs/plan-format.md'), 'utf8');
    const properties = new Set<string>();
    const collect = (node: unknown): void => {
      if (!node || typeof node !== 'object') return;
      const props = (node as { properties?: Record<string, unknown> }).properties;
      if (props) for (const name of Object.keys(props)) properties.add(name);
      for (const child of Object.values(node)) collect(child);
    };
    collect(JSON.parse(schema));
    expect(properties.size).toBeGreaterThan(20);
    for (const name of properties) expect(docs, `docs/plan-format.md does not mention \`${name}\``).toContain(`\`${name}\``);
  });
});
