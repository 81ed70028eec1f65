/**
 * Chatwoot deletes inboxes in a background job: the inbox keeps listing for a
 * while. Deletes wait for it to go, and a delete still pending when the wait
 * gives up is never planned again, nor mistaken for a declared inbox.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { defaultFixtures } from '../../src/emulator/index.js';
import { loadDesired } from '../../src/engine/load/desired.js';
import type { SettleOptions } from '../../src/engine/apply/delete-settle.js';
import type { EngineMessage } from '../../src/engine/messages.js';
import { Session } from '../../src/engine/session.js';
import { FAST_RETRY } from '../reliability/support/engine-run.js';
import { createWorld, PROVIDERS, type World } from '../support/world.js';

let world: World | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

async function worldWithDeleteDelay(ms: number): Promise<World> {
  world = await createWorld({ fixtures: { chatwoot: { ...defaultFixtures().chatwoot, inbox_delete_delay_ms: ms } } });
  return world;
}

const inboxes = (...names: string[]) =>
  `inboxes:\n${names.map((n) => `  - { name: ${n}, channel: { type: api } }\n`).join('')}`;
const liveInboxIds = (w: World) =>
  (w.emulator.control.state() as { chatwoot: { inboxes: Array<{ id: number; name: string }> } }).chatwoot.inboxes.map((i) => `${i.name}#${i.id}`);

const stateFile = (w: World) => path.join(w.dir, 'state.json');

/** Plans `yaml` with --prune --force through the library, and applies it when given how to wait for deletes. */
async function pruneRun(w: World, yaml: string, settle: SettleOptions | undefined) {
  const desired = await loadDesired([w.write('deskform.yaml', `${PROVIDERS}${yaml}`)], { env: w.env, cwd: w.dir });
  const events: EngineMessage[] = [];
  const session = await Session.open(desired.config.providers, { cwd: w.dir, stateFile: stateFile(w), http: { retry: FAST_RETRY }, onMessage: (m) => events.push(m) });
  try {
    const planned = await session.plan(desired, { prune: true, force: true });
    w.emulator.control.resetRequests();
    const results = settle ? await session.apply(planned, { deleteSettle: settle }) : [];
    return { steps: planned.plan.steps.map((s) => `${s.action} ${s.key}${s.id ? `#${s.id}` : ''}`), results, events };
  } finally {
    await session.close();
  }
}

describe('asynchronous inbox delete', () => {
  it('waits until a pruned inbox stops listing, showing the wait, so the next plan has nothing left to delete', async () => {
    const w = await worldWithDeleteDelay(400);
    expect((await w.run('apply', w.write('before.yaml', `${PROVIDERS}${inboxes('Keep', 'Old')}`), '--auto-approve')).code).toBe(0);
    const file = w.write('after.yaml', `${PROVIDERS}${inboxes('Keep')}`);
    const applied = await w.run('apply', file, '--prune', '--force', '--auto-approve', '--json');
    expect(applied.code, applied.stderr).toBe(0);
    const events = applied.stdout.trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    const waits = events.filter((e) => e.type === 'step_wait');
    expect(waits.length).toBeGreaterThan(0);
    expect(waits[0]).toMatchObject({ kind: 'inbox', key: 'Old', waited_ms: expect.any(Number) });
    expect(events.find((e) => e.type === 'step_end')).toMatchObject({ kind: 'inbox', key: 'Old', action: 'delete', status: 'ok' });
    const plan = await w.run('plan', file, '--prune', '--force');
    expect(plan.stdout).toContain('No changes.');
    const lines = await w.run('apply', w.write('last.yaml', `${PROVIDERS}inboxes: []\n`), '--prune', '--force', '--auto-approve');
    expect(lines.stdout).toMatch(/^… inbox "Keep": deleted, waiting for it to stop listing \(\d+\.\ds\)$/m);
  });

  it('gives up at its bound, records the delete as pending, and never plans that inbox again', async () => {
    const w = await worldWithDeleteDelay(3_600_000);
    const run = (yaml: string, apply: boolean) => pruneRun(w, yaml, apply ? { timeoutMs: 50, intervalMs: 10 } : undefined);
    await run(inboxes('Keep', 'Old'), true);
    const keep = liveInboxIds(w).find((i) => i.startsWith('Keep#'));
    const old = liveInboxIds(w).find((i) => i.startsWith('Old#'));

    const pruned = await run(inboxes('Keep'), true);
    expect(pruned.results).toEqual([
      expect.objectContaining({ key: 'Old', action: 'delete', status: 'failed', error: expect.stringMatching(/^chatwoot accepted the delete, but still lists the inbox after \d+\.\ds \(it deletes inboxes in the background\); recorded as pending in the ledger, so plans leave it alone until it is gone$/) }),
    ]);
    expect(pruned.events.some((e) => e.type === 'apply.step_wait')).toBe(true);
    expect(liveInboxIds(w)).toContain(old);

    expect((await run(inboxes('Keep'), false)).steps).toEqual([`noop ${keep}`]);
    // Declared again while the old one is dying: a new inbox, never an update of the dying one.
    expect((await run(inboxes('Keep', 'Old'), false)).steps).toEqual([`noop ${keep}`, 'create Old']);

    w.emulator.control.drainJobs();
    await run(inboxes('Keep'), true);
    const ledger = readFileSync(stateFile(w), 'utf8');
    expect(ledger).not.toContain('delete_pending');
  });

  it('waits for many pruned inboxes with one list request per look, not one per inbox', async () => {
    const w = await worldWithDeleteDelay(3_600_000);
    // Ten looks 100 ms apart; the inboxes never go, so every wait runs its full length.
    const settle = { timeoutMs: 1_000, intervalMs: 100, maxIntervalMs: 100 };
    const listsWhilePruning = async (names: string[]) => {
      await pruneRun(w, inboxes('Keep', ...names), settle);
      const pruned = await pruneRun(w, inboxes('Keep'), settle);
      expect(pruned.results.map((r) => `${r.key} ${r.status}`)).toEqual(names.map((n) => `${n} failed`));
      return w.vendorRequests().filter((r) => r.method === 'GET' && r.path.endsWith('/inboxes')).length;
    };
    const one = await listsWhilePruning(['Old']);
    const five = await listsWhilePruning(['A', 'B', 'C', 'D', 'E']);
    expect(one).toBeGreaterThan(3);
    expect(five).toBeLessThanOrEqual(one + 3);
  });
});
