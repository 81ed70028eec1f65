import { describe, expect, it } from 'vitest';
import { targetingWarnings } from '../../src/engine/plan/targeting.js';
import { KINDS } from '../../src/kinds/registry.js';

const keys: Record<string, string[]> = { portal: ['docs-en', 'docs-fr'], inbox: ['Website'] };
const keysOf = (kind: string) => keys[kind] ?? [];

describe('targetingWarnings', () => {
  it('says nothing about a plan that is not narrowed', () => {
    expect(targetingWarnings(KINDS, {}, keysOf)).toEqual([]);
  });

  it('says the plan is partial, and names each pattern that matches no declared or live object', () => {
    const warnings = targetingWarnings(KINDS, { targets: ['portals/docs-*', 'inbox/Web'], excludes: ['portal/blog'] }, keysOf);
    expect(warnings.map((w) => [w.code, w.kind, w.text])).toEqual([
      ['partial_plan', undefined, 'partial plan: --target/--exclude is in effect, so this plan may not show every change the configuration asks for'],
      ['target_unmatched', 'inbox', '--target inbox/Web matches no declared or live inbox'],
      ['target_unmatched', 'portal', '--exclude portal/blog matches no declared or live portal'],
    ]);
  });
});
