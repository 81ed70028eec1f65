/** How apply talks: confirmation on a terminal, live progress, --quiet, and the --json event stream. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { deskform } from '../support/cli.js';
import { createWorld, PROVIDERS, type World } from '../support/world.js';

let world: World;
let file: string;
beforeEach(async () => {
  world = await createWorld();
  file = world.write('p.yaml', `${PROVIDERS}portals:\n  - { slug: a, name: A }\n  - { slug: b, name: B }\n`);
});
afterEach(async () => {
  await world.close();
});

const portalCount = () => (world.emulator.control.state() as { chatwoot: { portals: unknown[] } }).chatwoot.portals.length;

describe('apply output', () => {
  it('asks on a terminal and applies only after "yes"; any other answer cancels with exit code 1', async () => {
    for (const answer of ['y', 'YES', '']) {
      const declined = await deskform(['apply', file], { env: world.env, cwd: world.dir, isTTY: true, answer });
      expect(declined.code).toBe(1);
      expect(declined.stdout).toMatch(/Apply cancelled\.\n$/);
    }
    expect(portalCount()).toBe(0);
    const accepted = await deskform(['apply', file], { env: world.env, cwd: world.dir, isTTY: true, answer: 'yes' });
    expect(accepted.code).toBe(0);
    expect(portalCount()).toBe(2);
    // The live status line counts finished steps and is cleared before each result line.
    expect(accepted.stdout).toMatch(/\[0\/2\]/);
    expect(accepted.stdout).toMatch(/\[2\/2\] … \d+\.\ds/);
    expect(accepted.stdout).toContain('\r\u001b[K+ portal "a": created');
  });

  it('prints one line per finished step when not on a terminal, and only failures with --quiet', async () => {
    const lines = await world.run('apply', file, '--auto-approve');
    expect(lines.stdout.split('\n').filter((l) => l.startsWith('+ portal'))).toHaveLength(2);
    expect(lines.stdout).not.toContain('\r');
    const quiet = await world.run('apply', world.write('p.yaml', `${PROVIDERS}portals:\n  - { slug: a, name: A2 }\n`), '--auto-approve', '--quiet');
    expect(quiet.stdout).toBe('Apply complete: 0 added, 1 changed, 0 destroyed.\n');
  });

  it('streams machine-readable events with --json, one JSON object per line', async () => {
    const run = await world.run('apply', file, '--auto-approve', '--json');
    expect(run.code).toBe(0);
    const events = run.stdout.trimEnd().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    const types = events.map((e) => e.type as string);
    // Steps run concurrently: only the ends of the stream have a fixed order.
    expect(types.slice(0, 2)).toEqual(['plan', 'start']);
    expect(types.at(-1)).toBe('summary');
    expect(types.slice(2, -1).sort()).toEqual(['step_end', 'step_end', 'step_start', 'step_start']);
    expect(events.at(-1)).toMatchObject({ type: 'summary', ok: true, succeeded: 2, failed: 0, skipped: 0, added: 2, changed: 0, destroyed: 0, adopted: 0 });
    expect(events.filter((e) => e.type === 'step_end').map((e) => `${e.kind}/${e.key} ${e.status}`).sort()).toEqual(['portal/a ok', 'portal/b ok']);
    for (const e of events) expect(typeof e.time).toBe('string');
  });

  it('counts an adopt as adopted, not changed, in the text and JSON summaries and the step summary', async () => {
    const adopting = world.write('a.yaml', `${PROVIDERS}portals:\n  - { slug: a, name: A }\nchannels:\n  - { name: WhatsApp main, assignment_mode: manual }\n`);
    const text = await world.run('apply', adopting, '--auto-approve', '--quiet', '--target', 'channel/*');
    expect(text.stdout).toBe('Apply complete: 0 added, 0 changed, 0 destroyed, 1 adopted.\n');

    const next = world.write('b.yaml', `${PROVIDERS}portals:\n  - { slug: a, name: A }\nchannels:\n  - { name: Site chat, assignment_mode: manual }\n`);
    const summaryFile = path.join(world.dir, 'step-summary.md');
    const json = await deskform(['apply', next, '--auto-approve', '--json', '--summary'], { env: { ...world.env, GITHUB_STEP_SUMMARY: summaryFile }, cwd: world.dir });
    expect(json.code, json.stderr).toBe(0);
    const summary = JSON.parse(json.stdout.trimEnd().split('\n').at(-1)!) as Record<string, unknown>;
    expect(summary).toMatchObject({ type: 'summary', ok: true, succeeded: 2, added: 1, changed: 0, destroyed: 0, adopted: 1 });
    const markdown = readFileSync(summaryFile, 'utf8');
    expect(markdown).toContain('## deskform apply\n\n**Apply complete: 1 added, 0 changed, 0 destroyed, 1 adopted.**\n');
    expect(markdown).toMatch(/\| portal \| `a` \| created \(id `\d+`\) \|\n/);
    expect(markdown).toContain('| channel | `Site chat` | adopted (id `2`) |\n');
  });
});
