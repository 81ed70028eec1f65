/**
 * The CI recipe: examples/ci/deskform.yml must drive the composite action in
 * action.yml correctly. Beyond shape checks, each step that uses the action
 * runs the action's own script with a stand-in `deskform`, to see the command
 * line it builds and the exit code it ends with.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { REPO } from './json-schema-validator.js';

interface Step {
  id?: string;
  name?: string;
  uses?: string;
  run?: string;
  shell?: string;
  if?: string;
  with?: Record<string, string>;
  env?: Record<string, string>;
  'working-directory'?: string;
  'continue-on-error'?: boolean | string;
}
interface Action {
  inputs: Record<string, { description: string; required?: boolean; default?: string }>;
  outputs: Record<string, { value: string }>;
  runs: { using: string; steps: Step[] };
}
interface Job {
  if?: string;
  needs?: string | string[];
  steps: Step[];
  'continue-on-error'?: boolean | string;
}
interface Workflow {
  on: Record<string, any>;
  concurrency: { group: string; 'cancel-in-progress': string | boolean };
  env: Record<string, string>;
  jobs: Record<string, Job>;
}

function loadYaml<T>(relative: string): T {
  const doc = parseDocument(readFileSync(path.join(REPO, relative), 'utf8'), { uniqueKeys: true, prettyErrors: true });
  expect(doc.errors.map(String), relative).toEqual([]);
  expect(doc.warnings.map(String), relative).toEqual([]);
  return doc.toJS() as T;
}

const action = loadYaml<Action>('action.yml');
const workflow = loadYaml<Workflow>('examples/ci/deskform.yml');
const LOCAL_ACTION = './';
const actionSteps = Object.entries(workflow.jobs).flatMap(([job, j]) => j.steps.filter((s) => s.uses === LOCAL_ACTION).map((step) => ({ job, step })));
const stepOf = (job: string, id: string) => workflow.jobs[job]!.steps.find((s) => s.id === id)!;

/** A full commit SHA: a tag such as v4 can be moved to other code. */
const PINNED = /^[\w-]+\/[\w/-]+@[0-9a-f]{40}$/;

/** Every `uses:` of another repository names a SHA, with the version it is in a comment, for Dependabot and for readers. */
function expectPinnedWithVersionComments(relative: string): void {
  const lines = readFileSync(path.join(REPO, relative), 'utf8').split('\n').filter((l) => /^\s*(- )?uses:/.test(l));
  expect(lines.length).toBeGreaterThan(0);
  for (const line of lines) {
    if (line.trim().endsWith(`uses: ${LOCAL_ACTION}`)) continue;
    expect(line, relative).toMatch(/uses: [\w-]+\/[\w/-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+$/);
  }
}

/** Resolves the few expression forms these files pass around; anything else is a test failure. */
function resolve(text: string, context: { inputs?: Record<string, string>; env?: Record<string, string> }): string {
  return text.replace(/\$\{\{\s*(inputs|env)\.([\w-]+)\s*\}\}/g, (_m, scope: 'inputs' | 'env', name: string) => {
    const value = context[scope]?.[name];
    if (value === undefined) throw new Error(`unresolved ${scope}.${name} in "${text}"`);
    return value;
  });
}

describe('action.yml', () => {
  it('is a composite action whose run steps all name a shell', () => {
    expect(action.runs.using).toBe('composite');
    for (const step of action.runs.steps) {
      expect(Boolean(step.uses) !== Boolean(step.run), JSON.stringify(step)).toBe(true);
      if (step.run) expect(step.shell, `step ${step.id ?? step.run.slice(0, 40)} has no shell`).toBe('bash');
      if (step.uses) expect(step.uses).toMatch(PINNED);
    }
    expectPinnedWithVersionComments('action.yml');
  });

  it('has the inputs of the recipe, each described, required ones without a default', () => {
    expect(Object.keys(action.inputs)).toEqual(
      expect.arrayContaining(['command', 'paths', 'args', 'format', 'state-file', 'node-version', 'working-directory']),
    );
    for (const [name, input] of Object.entries(action.inputs)) {
      expect(input.description, name).toBeTruthy();
      if (input.required) expect(input.default, `${name} is required, so a default is never used`).toBeUndefined();
    }
  });

  it('uses every input it declares and declares every input it uses', () => {
    const text = readFileSync(path.join(REPO, 'action.yml'), 'utf8');
    const used = new Set([...text.matchAll(/\$\{\{\s*inputs\.([\w-]+)\s*\}\}/g)].map((m) => m[1]));
    expect([...used].sort()).toEqual(Object.keys(action.inputs).sort());
  });

  it('maps each output to an output of one of its steps', () => {
    const ids = new Set(action.runs.steps.map((s) => s.id));
    for (const [name, output] of Object.entries(action.outputs)) {
      const m = /^\$\{\{\s*steps\.([\w-]+)\.outputs\.([\w-]+)\s*\}\}$/.exec(output.value);
      expect(m, name).not.toBeNull();
      expect(ids.has(m![1])).toBe(true);
      expect(action.runs.steps.find((s) => s.id === m![1])!.run).toContain(`echo "${m![2]}=`);
    }
  });
});

describe('examples/ci/deskform.yml', () => {
  it('plans on pull requests, applies on pushes to main, checks drift on a schedule', () => {
    expect(Object.keys(workflow.on)).toEqual(expect.arrayContaining(['pull_request', 'push', 'schedule']));
    expect(workflow.on.push.branches).toEqual(['main']);
    expect(workflow.on.schedule[0].cron).toMatch(/^\S+ \S+ \* \* \*$/);
    expect(workflow.jobs.plan!.if).toBe("github.event_name == 'pull_request'");
    expect(workflow.jobs['plan-main']!.if).toBe("github.event_name == 'push'");
    expect(workflow.jobs.drift!.if).toContain("github.event_name == 'schedule'");
  });

  it('uses the action of this repository, passing only its real inputs and every required one', () => {
    expect(actionSteps.map(({ job }) => job).sort()).toEqual(['apply', 'drift', 'plan', 'plan-main']);
    const required = Object.entries(action.inputs).filter(([, i]) => i.required).map(([name]) => name);
    for (const { job, step } of actionSteps) {
      for (const key of Object.keys(step.with ?? {})) expect(Object.keys(action.inputs), `${job}: unknown input "${key}"`).toContain(key);
      for (const key of required) expect(step.with, `${job}: missing required input "${key}"`).toHaveProperty(key);
    }
  });

  it("reads only outputs the action declares", () => {
    const text = readFileSync(path.join(REPO, 'examples/ci/deskform.yml'), 'utf8');
    const ids = new Set(actionSteps.map(({ step }) => step.id));
    const refs = [...text.matchAll(/steps\.([\w-]+)\.outputs\.([\w-]+)/g)];
    expect(refs.length).toBeGreaterThan(0);
    for (const [, id, output] of refs) {
      expect(ids.has(id), `steps.${id} is not a deskform step`).toBe(true);
      expect(Object.keys(action.outputs)).toContain(output);
    }
  });

  it('posts the pull-request plan as one comment, found again by its hidden marker', () => {
    const plan = workflow.jobs.plan!.steps;
    const comment = plan.find((s) => s.uses?.startsWith('actions/github-script@'))!;
    expect(comment.with!.script).toContain("'<!-- deskform-plan -->'");
    expect(comment.with!.script).toContain('github.rest.issues.updateComment');
    expect(comment.with!.script).toContain('github.rest.issues.createComment');
    expect(comment.env!.PLAN_FILE).toBe('${{ steps.plan.outputs.output-file }}');
    const upload = plan.find((s) => s.uses?.startsWith('actions/upload-artifact@'))!;
    expect(upload.with!.path).toBe('plan.json');
  });

  it('applies on main the plan saved by the plan-main job', () => {
    const saved = workflow.jobs['plan-main']!.steps.find((s) => s.uses?.startsWith('actions/upload-artifact@'))!;
    const apply = workflow.jobs.apply!;
    expect(apply.needs).toBe('plan-main');
    const download = apply.steps.find((s) => s.uses?.startsWith('actions/download-artifact@'))!;
    expect(download.with!.name).toBe(saved.with!.name);
    expect(saved.with!.path).toBe('plan.json');
    expect(stepOf('apply', 'apply').with!.paths).toBe('plan.json');
  });

  it('pins every action by its full commit SHA, with the version in a comment', () => {
    for (const job of Object.values(workflow.jobs)) for (const step of job.steps) if (step.uses && step.uses !== LOCAL_ACTION) expect(step.uses).toMatch(PINNED);
    expectPinnedWithVersionComments('examples/ci/deskform.yml');
  });

  it('installs deskform with npm ci from the lockfile, npm cache by setup-node, before each deskform step; never @latest', () => {
    const code = readFileSync(path.join(REPO, 'examples/ci/deskform.yml'), 'utf8').split('\n').filter((l) => !l.trim().startsWith('#'));
    expect(code.join('\n')).not.toMatch(/@latest|npx deskform|npm install/);
    expect(action.inputs.version!.default).toBe('');
    for (const { job, step } of actionSteps) {
      const steps = workflow.jobs[job]!.steps;
      const setup = steps.findIndex((s) => s.uses?.startsWith('actions/setup-node@'));
      const ci = steps.findIndex((s) => s.run?.startsWith('npm ci'));
      expect(setup, job).toBeGreaterThanOrEqual(0);
      expect(steps[setup]!.with).toMatchObject({ cache: 'npm' });
      expect(setup, job).toBeLessThan(ci);
      expect(ci, job).toBeLessThan(steps.indexOf(step));
      // The locked deskform, on the Node.js set up with the cache (the action sets up none of its own).
      expect(step.with?.version, job).toBeUndefined();
      expect(step.with?.['node-version'], job).toBe('');
    }
  });

  it('keeps pull-request plans, applies and drift checks in separate concurrency groups; only a pull request cancels a running plan', () => {
    const runOf = (event_name: string) => ({ event_name, event: { pull_request: { number: 12 } } });
    const group = (event: string) => evaluate(workflow.concurrency.group, runOf(event));
    const cancels = (event: string) => evaluate(String(workflow.concurrency['cancel-in-progress']), runOf(event));
    expect(group('pull_request')).toBe('deskform-plan-12');
    expect(group('push')).toBe('deskform-apply');
    expect(group('schedule')).toBe('deskform-drift');
    expect(group('workflow_dispatch')).toBe('deskform-drift');
    expect(['pull_request', 'push', 'schedule', 'workflow_dispatch'].map(cancels)).toEqual([true, false, false, false]);
    for (const job of Object.values(workflow.jobs)) expect(job).not.toHaveProperty('concurrency');
  });

  it('writes the apply results to the job summary', () => {
    expect(stepOf('apply', 'apply').with!.args).toBe('--summary');
  });

  it('opens or annotates an issue only when the drift check exits with 2', () => {
    const drift = workflow.jobs.drift!;
    expect(drift['continue-on-error']).toBeUndefined();
    expect(stepOf('drift', 'drift')['continue-on-error']).toBeUndefined();
    const followUps = drift.steps.filter((s) => s.if?.includes('steps.drift.outputs.exit-code'));
    expect(followUps).toHaveLength(2);
    for (const s of followUps) expect(s.if).toBe("${{ failure() && steps.drift.outputs.exit-code == '2' }}");
    expect(followUps.some((s) => s.with?.script?.includes('github.rest.issues.create('))).toBe(true);
    expect(followUps.some((s) => s.run?.includes('::error'))).toBe(true);
  });
});

/**
 * A `${{ … }}` expression (or text holding them) over `github`, for the forms
 * the recipe uses: ==, &&, || and format(). Their GitHub semantics (&& and ||
 * return an operand) are JavaScript's for these operands.
 */
function evaluate(text: string, github: Record<string, unknown>): unknown {
  const js = (expr: string) =>
    expr.replace(/format\('([^']*)', ([^)]+)\)/g, (_m, pattern: string, arg: string) => `'${pattern}'.replace('{0}', ${arg})`).replace(/==/g, '===');
  const whole = /^\$\{\{(.*)\}\}$/s.exec(text.trim());
  const run = (expr: string) => new Function('github', `return (${js(expr)});`)(github) as unknown;
  if (whole && !whole[1]!.includes('}}')) return run(whole[1]!);
  return text.replace(/\$\{\{(.*?)\}\}/g, (_m, expr: string) => String(run(expr)));
}

describe('examples/ci/sharded.yml', () => {
  const sharded = parseDocument(readFileSync(path.join(REPO, 'examples/ci/sharded.yml'), 'utf8')).toJS() as Workflow & { env: Record<string, string> };
  const jobs = sharded.jobs as Record<string, Job & { strategy?: { matrix: { shard: number[] } } }>;
  const runs = (job: string) => jobs[job]!.steps.flatMap((s) => (s.run ? [s.run] : []));

  it('plans and applies one shard per matrix runner, covering 1..SHARDS with each shard\'s own ledger', () => {
    const count = Number(sharded.env.SHARDS);
    for (const job of ['plan', 'apply']) expect(jobs[job]!.strategy!.matrix.shard).toEqual(Array.from({ length: count }, (_, i) => i + 1));
    expect(runs('plan')).toContainEqual(expect.stringMatching(/deskform plan "\$CONFIG" --shard "\$\{\{ matrix.shard \}\}\/\$SHARDS" --state "\.deskform\/state-\$\{\{ matrix.shard \}\}\.json" --out "plan-\$\{\{ matrix.shard \}\}\.json"/));
    expect(runs('apply')).toContainEqual(expect.stringMatching(/deskform apply "plan-\$\{\{ matrix.shard \}\}\.json" --state "\.deskform\/state-\$\{\{ matrix.shard \}\}\.json"/));
  });

  it('combines every shard\'s plan into one pull-request comment with deskform show', () => {
    expect(jobs.comment!.needs).toBe('plan');
    expect(runs('comment')).toContainEqual(expect.stringContaining('deskform show --format markdown plan-*.json'));
  });

  it('pins every action by its full commit SHA, installs from the lockfile, and never cancels an apply', () => {
    expectPinnedWithVersionComments('examples/ci/sharded.yml');
    for (const job of Object.values(jobs)) expect(job.steps.some((s) => s.run?.startsWith('npm ci'))).toBe(true);
    expect(String(sharded.concurrency['cancel-in-progress'])).toBe("${{ github.event_name == 'pull_request' }}");
  });
});

describe("the action's run step, driven by the workflow's inputs", () => {
  const sandbox = mkdtempSync(path.join(tmpdir(), 'deskform-ci-'));
  afterAll(() => rmSync(sandbox, { recursive: true, force: true }));
  // Stands in for the installed CLI: records its arguments, prints a plan, exits as told.
  const fake = (dir: string, name: string) => {
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'deskform'), `#!/usr/bin/env bash\necho ${name} > "$FAKE_WHICH"\nprintf "%s\\n" "$@" > "$FAKE_ARGV"\necho "the plan"\nexit "$FAKE_EXIT"\n`);
    chmodSync(path.join(dir, 'deskform'), 0o755);
  };
  // What the action's install step puts on PATH when given a version, and what npm ci installs in the config repository.
  const bin = path.join(sandbox, 'bin');
  fake(bin, 'installed-by-the-action');
  fake(path.join(sandbox, 'repo', 'node_modules', '.bin'), 'locked');
  const runStep = action.runs.steps.find((s) => s.id === 'run')!;

  /** Runs the step in a directory of the config repository (below its node_modules), or of one without node_modules. */
  function runAction(given: Record<string, string>, fakeExit: number, where: 'repo' | 'bare' = 'repo') {
    const inputs = Object.fromEntries(Object.entries(action.inputs).map(([name, i]) => [name, given[name] ?? i.default ?? '']));
    mkdirSync(path.join(sandbox, where), { recursive: true });
    const dir = mkdtempSync(path.join(sandbox, where, 'run-'));
    const script = path.join(dir, 'step.sh');
    writeFileSync(script, runStep.run!);
    const files = { argv: path.join(dir, 'argv'), which: path.join(dir, 'which'), output: path.join(dir, 'github-output') };
    writeFileSync(files.output, '');
    const stepEnv = Object.fromEntries(Object.entries(runStep.env ?? {}).map(([k, v]) => [k, resolve(v, { inputs })]));
    // As GitHub runs `shell: bash`.
    const result = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', script], {
      cwd: path.resolve(dir, resolve(runStep['working-directory']!, { inputs })),
      env: {
        PATH: `${bin}:${process.env.PATH ?? ''}`,
        RUNNER_TEMP: dir,
        GITHUB_OUTPUT: files.output,
        GITHUB_RUN_ATTEMPT: '1',
        FAKE_ARGV: files.argv,
        FAKE_WHICH: files.which,
        FAKE_EXIT: String(fakeExit),
        ...stepEnv,
      },
      encoding: 'utf8',
    });
    const outputs = Object.fromEntries(readFileSync(files.output, 'utf8').trim().split('\n').filter(Boolean).map((l) => l.split(/=(.*)/s).slice(0, 2)));
    const argv = (() => {
      try {
        return readFileSync(files.argv, 'utf8').trimEnd().split('\n');
      } catch {
        return undefined;
      }
    })();
    const which = argv && readFileSync(files.which, 'utf8').trim();
    return { code: result.status, stdout: result.stdout, argv, which, outputs };
  }

  const withOf = (job: string, id: string) =>
    Object.fromEntries(Object.entries(stepOf(job, id).with ?? {}).map(([k, v]) => [k, resolve(v, { env: workflow.env })]));

  it('plans a pull request in Markdown and saves the plan', () => {
    const run = runAction(withOf('plan', 'plan'), 0);
    expect(run.code).toBe(0);
    expect(run.argv).toEqual(['plan', 'deskform', '--format', 'markdown', '--state', '.deskform/state.json', '--out', 'plan.json', '--summary']);
    expect(run.stdout).toContain('the plan');
    expect(run.outputs['exit-code']).toBe('0');
    expect(readFileSync(run.outputs['output-file']!, 'utf8')).toBe('the plan\n');
  });

  it('fails the drift job on exit code 2, with the code as an output', () => {
    const drifted = runAction(withOf('drift', 'drift'), 2);
    expect(drifted.argv).toEqual(['plan', 'deskform', '--format', 'markdown', '--state', '.deskform/state.json', '--detailed-exitcode', '--summary']);
    expect(drifted.code).toBe(2);
    expect(drifted.outputs['exit-code']).toBe('2');
    const clean = runAction(withOf('drift', 'drift'), 0);
    expect(clean.code).toBe(0);
    expect(clean.outputs['exit-code']).toBe('0');
  });

  it('applies the saved plan file, with no --format, writing the results to the job summary', () => {
    const run = runAction(withOf('apply', 'apply'), 0);
    expect(run.code).toBe(0);
    expect(run.argv).toEqual(['apply', 'plan.json', '--state', '.deskform/state.json', '--summary']);
    const failed = runAction(withOf('apply', 'apply'), 1);
    expect(failed.code).toBe(1);
  });

  it('runs the locked deskform of the config repository, or the version the action installed when given one', () => {
    expect(runAction(withOf('plan', 'plan'), 0).which).toBe('locked');
    expect(runAction({ ...withOf('plan', 'plan'), version: '1.2.3' }, 0).which).toBe('installed-by-the-action');
    const bare = runAction(withOf('plan', 'plan'), 0, 'bare');
    expect(bare.code).toBe(1);
    expect(bare.stdout).toContain('::error title=deskform::deskform is not installed: run npm ci first');
    expect(bare.argv).toBeUndefined();
  });

  it('refuses a command other than plan or apply before running anything', () => {
    const run = runAction({ command: 'destroy' }, 0);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("::error title=deskform::input 'command' must be plan or apply, got 'destroy'");
    expect(run.argv).toBeUndefined();
  });
});
