import { describe, expect, test } from 'vitest';
import { combinePlanFiles } from '../../src/engine/plan/combine.js';
import type { PlanStep } from '../../src/engine/plan/plan.js';
import { plan, step } from '../support/plans.js';


describe('combining plan files', () => {
  test('shards combine in shard order, summaries add up, and a missing shard is a warning', () => {
    const two = plan([step('B', 'create', 'b')], { shard: { index: 2, count: 3, instances: ['b'] } });
    const one = plan([step('A', 'create', 'a')], { shard: { index: 1, count: 3, instances: ['a'] } });
    const combined = combinePlanFiles([{ name: 'two.json', plan: two }, { name: 'one.json', plan: one }]);
    expect(combined.steps.map((s) => s.key)).toEqual(['A', 'B']);
    expect(combined.summary.create).toBe(2);
    expect(combined.warnings).toEqual(['shard 3/3 is missing: this plan does not cover every provider instance']);
    expect(combined).not.toHaveProperty('shard');
  });

  test('plans of different environments are not shown as one; one environment is kept', () => {
    const staging = (steps: PlanStep[]) => plan(steps, { environment: 'staging' });
    expect(combinePlanFiles([{ name: 'a.json', plan: staging([step('A', 'create', 'x')]) }, { name: 'b.json', plan: staging([step('B', 'create', 'y')]) }]).environment).toBe('staging');
    expect(() => combinePlanFiles([{ name: 'a.json', plan: staging([step('A')]) }, { name: 'b.json', plan: plan([step('B')]) }])).toThrow(
      'b.json was planned for no environment, a.json for environment staging: show the plans of one environment together',
    );
  });

  test('one saved plan shows without its saved section', () => {
    const saved = plan([step('A')], { saved: { config_paths: ['.'], prune: false } });
    expect(combinePlanFiles([{ name: 'p.json', plan: saved }])).not.toHaveProperty('saved');
  });

  test('plans of other configs, or planning one object twice, are refused', () => {
    const other = plan([step('B')], { config_digest: 'c'.repeat(32) });
    expect(() => combinePlanFiles([{ name: 'a.json', plan: plan([step('A')]) }, { name: 'b.json', plan: other }])).toThrow(/b\.json was planned from another config than a\.json/);
    expect(() => combinePlanFiles([{ name: 'a.json', plan: plan([step('A', 'create', 'x')]) }, { name: 'b.json', plan: plan([step('A', 'create', 'x')]) }])).toThrow(
      /\[x\] inbox "A" is planned in both a\.json and b\.json/,
    );
    // The same key in two instances is two objects.
    expect(combinePlanFiles([{ name: 'a.json', plan: plan([step('A', 'create', 'x')]) }, { name: 'b.json', plan: plan([step('A', 'create', 'y')]) }]).steps).toHaveLength(2);
  });
});
