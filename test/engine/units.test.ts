import { describe, expect, test } from 'vitest';
import type { DeclaredObject } from '../../src/config/types.js';
import { plan, step } from '../support/plans.js';
import { planWarning } from '../../src/engine/plan/warnings.js';
import { combinePlans, declaredByUnit, presentIn, selectUnits, shardOf } from '../../src/engine/units.js';
import { KINDS } from '../../src/kinds/registry.js';
import { UserError } from '../../src/errors.js';

const object = (key: string, instance?: string): DeclaredObject =>
  ({ kind: 'inbox', key, value: { name: key }, source: { file: 'f', line: 1, col: 1 }, locate: () => ({ file: 'f', line: 1, col: 1 }), dir: '.', ...(instance ? { instance } : {}) });

describe('units of a run', () => {
  test('a unit holds the objects of its instance; objects without one are the default instance', () => {
    const declared = new Map([['inbox', [object('A'), object('B', 'brand_a'), object('C', 'brand_b')]]]);
    const byUnit = declaredByUnit(declared, ['default', 'brand_a', 'brand_c']);
    expect(byUnit.get('default')!.get('inbox')!.map((o) => o.key)).toEqual(['A']);
    expect(byUnit.get('brand_a')!.get('inbox')!.map((o) => o.key)).toEqual(['B']);
    // A unit with no objects of a kind still plans it (prune needs to know it declares none).
    expect(byUnit.get('brand_c')!.get('inbox')).toEqual([]);
  });

  test('a unit plans the present kinds of the vendors it has an account at', () => {
    expect([...presentIn(new Set(['inboxes', 'webchats']), KINDS, { chatwoot: { url: 'http://127.0.0.1:1', account_id: 1, api_token: 'x'.repeat(8) } })]).toEqual(['inboxes']);
  });

  test('plans side by side: named units mark their steps and warnings; the default unit reads as it always did', () => {
    const combined = combinePlans(
      [
        { unit: 'default', plan: plan([step('A')]), warnings: [planWarning('recreate', 'inbox', 'A', 'inbox "A" will be created again')] },
        { unit: 'brand_a', plan: plan([step('A', 'noop')]), warnings: [planWarning('protected_kept', 'inbox', 'Old', 'inbox "Old" is kept')] },
      ],
      { configDigest: 'e'.repeat(32), leading: [planWarning('partial_plan', undefined, undefined, '--target is in effect')], environment: 'staging' },
    );
    expect(combined.plan.environment).toBe('staging');
    expect(combined.plan.steps.map((s) => [s.instance, s.key, s.action])).toEqual([[undefined, 'A', 'create'], ['brand_a', 'A', 'noop']]);
    expect(combined.plan.summary).toMatchObject({ create: 1, noop: 1 });
    expect(combined.plan.config_digest).toBe('e'.repeat(32));
    expect(combined.plan.warnings).toEqual(['--target is in effect', 'inbox "A" will be created again', '[brand_a] inbox "Old" is kept']);
    expect(combined.warnings[2]).toMatchObject({ instance: 'brand_a', code: 'protected_kept' });
  });

  test('a unit is in one shard, chosen by its name alone; shards partition the units', () => {
    const names = Array.from({ length: 200 }, (_, i) => `account_${i}`);
    const instances = new Map(names.map((n) => [n, {}]));
    const shards = [1, 2, 3, 4].map((index) => [...selectUnits(instances, { shard: { index, count: 4 } }).keys()]);
    expect(shards.flat().sort()).toEqual([...names].sort());
    for (const shard of shards) expect(shard.length).toBeGreaterThan(30);
    // Adding an instance moves no other one.
    const more = new Map([...instances, ['account_new', {}]]);
    expect([...selectUnits(more, { shard: { index: 2, count: 4 } }).keys()].filter((n) => n !== 'account_new')).toEqual(shards[1]);
    // The hash is part of the contract: changing it would move every account to another CI runner.
    expect([shardOf('account_0', 4), shardOf('account_0', 8), shardOf('brand_a', 4), shardOf('default', 8)]).toEqual([2, 6, 1, 2]);
  });

  test('--instance names must exist', () => {
    const instances = new Map([['brand_a', {}], ['brand_b', {}]]);
    expect([...selectUnits(instances, { names: ['brand_b'] }).keys()]).toEqual(['brand_b']);
    expect(() => selectUnits(instances, { names: ['brand_c'] })).toThrow(UserError);
  });
});
