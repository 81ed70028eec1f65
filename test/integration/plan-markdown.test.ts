/** `plan --format markdown` and `--summary` through the CLI, against the emulator over loopback HTTP. */
import { readFileSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deskform } from '../support/cli.js';
import { createWorld, type World } from '../support/world.js';

const CANARY = 'CANARY-imap-md-3e91f0';

let world: World;
beforeAll(async () => {
  world = await createWorld({ examples: true });
  world.write('mail.yaml', `inboxes:\n  - name: Mail\n    channel: { type: email, email: help@example.com, imap_enabled: true, imap_password: ${CANARY} }\n`);
});
afterAll(async () => {
  await world.close();
});

const sectionTitles = (md: string) => [...md.matchAll(/<details><summary>(.*?)<\/summary>/g)].map((m) => m[1]);

describe('plan --format markdown', () => {
  it('prints the Markdown plan, with secrets as (sensitive), and keeps --detailed-exitcode', async () => {
    const run = await world.run('plan', '.', '--format', 'markdown', '--detailed-exitcode');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(2);
    expect(run.stdout.startsWith('## deskform plan\n\n**Plan: 5 to add, 0 to change, 0 to destroy, 1 to adopt.**\n')).toBe(true);
    expect(run.stdout).toContain('| inbox | 3 | 0 | 0 | 0 | 0 |\n');
    expect(sectionTitles(run.stdout)).toHaveLength(6);
    expect(run.stdout).toContain('<code>+</code> inbox <b>Mail</b>: create');
    expect(run.stdout).toContain('| `channel.imap_password` | — | `(sensitive)` |');
    expect(run.stdout).not.toContain(CANARY);
  });

  it('--summary appends the same Markdown to $GITHUB_STEP_SUMMARY and leaves stdout in the chosen format', async () => {
    const file = world.write('step-summary.md', 'earlier step\n');
    const where = { env: { ...world.env, GITHUB_STEP_SUMMARY: file }, cwd: world.dir };
    const markdown = (await deskform(['plan', '.', '--format', 'markdown'], where)).stdout;
    writeFileSync(file, 'earlier step\n');
    const run = await deskform(['plan', '.', '--summary'], where);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('deskform will perform the following actions:');
    expect(readFileSync(file, 'utf8')).toBe(`earlier step\n${markdown}\n`);
    expect(readFileSync(file, 'utf8')).not.toContain(CANARY);
  });

  it('--summary outside GitHub Actions says it wrote nothing', async () => {
    const run = await world.run('plan', '.', '--summary', '--format', 'json');
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('GITHUB_STEP_SUMMARY is not set');
    expect(JSON.parse(run.stdout).format_version).toBe(1);
  });

  it('calls out deletes first after a pruned object leaves the config, and says when nothing changes', async () => {
    expect((await world.run('apply', '.', '--auto-approve')).code).toBe(0);
    expect((await world.run('plan', '.', '--format', 'markdown')).stdout).toMatch(/^## deskform plan\n\nNo changes\. .*\(6 objects checked\)\.\n$/);

    // Planning without mail.yaml leaves the Mail inbox undeclared; 1 of 3 inboxes is over the 30% default, hence --force.
    const run = await world.run('plan', 'providers.yaml', 'help-center.yaml', '--prune', '--force', '--format', 'markdown');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('> [!CAUTION]\n> **⚠️ 1 object will be deleted**\n>\n> - inbox `Mail` (id `');
    expect(run.stdout.indexOf('[!CAUTION]')).toBeLessThan(run.stdout.indexOf('**Plan: 0 to add, 0 to change, 1 to destroy.**'));
    // Listed once, in the callout: a delete has no fields a section could show.
    expect(sectionTitles(run.stdout)).toEqual([]);
    expect(run.stdout.match(/Mail/g)).toHaveLength(1);
  });
});
