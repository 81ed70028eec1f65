/**
 * The `apply --json` event types `apply --help` and the README name are
 * exactly the ones an apply emits: one run that creates, deletes and waits
 * for a delete (so every type occurs) is checked against both lists.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { defaultFixtures } from '../../src/emulator/index.js';
import { createWorld, PROVIDERS, type World } from '../support/world.js';

let world: World | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

const README = readFileSync(path.resolve(import.meta.dirname, '../../README.md'), 'utf8');

/** `--json  print one JSON event per line: plan, start, …` as commander wraps it. */
function helpEventTypes(help: string): string[] {
  const option = /--json\s+([\s\S]*?)\n\s{2}--/.exec(help)?.[1] ?? '';
  const list = option.replace(/\s+/g, ' ').split(':')[1] ?? '';
  return list.split(',').map((t) => t.trim()).filter(Boolean);
}

/** The backticked names of the README paragraph that starts with `apply --json`, after its "type" and "time". */
function readmeEventTypes(): string[] {
  const paragraph = README.split('\n\n').find((p) => p.startsWith('`apply --json`')) ?? '';
  // Each event is named in backticks directly after a comma, a colon or "and", then described in parentheses.
  return [...paragraph.replace(/\s+/g, ' ').matchAll(/(?:: |, |and )`(\w+)` \(/g)].map((m) => m[1]!);
}

describe('apply --json event types', () => {
  it('are listed the same in apply --help and the README, and are exactly those an apply emits', async () => {
    world = await createWorld({ fixtures: { chatwoot: { ...defaultFixtures().chatwoot, inbox_delete_delay_ms: 400 } } });
    const inboxes = (...names: string[]) => `${PROVIDERS}inboxes:\n${names.map((n) => `  - { name: ${n}, channel: { type: api } }\n`).join('')}`;
    expect((await world.run('apply', world.write('before.yaml', inboxes('Old')), '--auto-approve')).code).toBe(0);

    const run = await world.run('apply', world.write('after.yaml', inboxes('New')), '--prune', '--force', '--auto-approve', '--json');
    expect(run.code, run.stderr).toBe(0);
    const emitted = new Set(run.stdout.trimEnd().split('\n').map((line) => (JSON.parse(line) as { type: string }).type));

    const help = helpEventTypes((await world.run('apply', '--help')).stdout);
    expect(help).toEqual(['plan', 'start', 'step_start', 'step_wait', 'step_end', 'summary']);
    expect(readmeEventTypes()).toEqual(help);
    expect([...emitted].sort()).toEqual([...help].sort());
  });
});
