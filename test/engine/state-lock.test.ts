/** The state file lock on real files: exclusive, waits, names its holder, takes over from the dead. */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { acquireStateLock, lockFileFor, StateLockedError } from '../../src/engine/apply/state-lock.js';

let dir: string;
let stateFile: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'deskform-lock-'));
  stateFile = path.join(dir, '.deskform', 'state.json');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** The pid of a process that has exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(child.stdout);
}

describe('state lock', () => {
  it('is exclusive: a second run gives up at once, naming the holder and what to do if it is dead', async () => {
    const held = await acquireStateLock(stateFile, { command: 'deskform apply' });
    const holder = JSON.parse(readFileSync(lockFileFor(stateFile), 'utf8')) as Record<string, unknown>;
    expect(holder).toEqual({ pid: process.pid, host: hostname(), since: expect.any(String), command: 'deskform apply' });
    const second = acquireStateLock(stateFile);
    await expect(second).rejects.toBeInstanceOf(StateLockedError);
    await expect(second).rejects.toThrow(
      `the state file is locked by pid ${process.pid} on ${hostname()} since ${String(holder.since)} (deskform apply) (${lockFileFor(stateFile)}). ` +
        `Wait for that run to finish, or pass --lock-timeout to wait for it. If that run is dead (its host crashed, or it ran elsewhere), delete ${lockFileFor(stateFile)} and run again.`,
    );
    await held.release();
    expect(existsSync(lockFileFor(stateFile))).toBe(false);
    await (await acquireStateLock(stateFile)).release();
  });

  it('keeps the lock through a signal another listener handles, since the process keeps running', async () => {
    const handled: string[] = [];
    const other = (signal: NodeJS.Signals) => void handled.push(signal);
    process.on('SIGHUP', other);
    try {
      const held = await acquireStateLock(stateFile);
      process.emit('SIGHUP', 'SIGHUP');
      process.emit('SIGHUP', 'SIGHUP');
      expect(handled).toEqual(['SIGHUP', 'SIGHUP']);
      expect(existsSync(lockFileFor(stateFile))).toBe(true);
      await held.release();
      expect(existsSync(lockFileFor(stateFile))).toBe(false);
      expect(process.listenerCount('SIGHUP')).toBe(1);
    } finally {
      process.removeListener('SIGHUP', other);
    }
  });

  it('waits up to its timeout, saying once for whom, and takes the lock when it is released', async () => {
    const held = await acquireStateLock(stateFile, { command: 'deskform apply' });
    const notices: string[] = [];
    let told!: () => void;
    const waitingSaid = new Promise<void>((resolve) => (told = resolve));
    const notify = (m: string) => {
      notices.push(m);
      told();
    };
    const waiting = acquireStateLock(stateFile, { timeoutMs: 60_000, pollMs: 5, notify });
    await waitingSaid;
    await held.release();
    await (await waiting).release();
    expect(notices).toEqual([expect.stringMatching(new RegExp(`^Waiting for the state file lock, held by pid ${process.pid} on .* \\(deskform apply\\)`))]);
  });

  it('gives up after its timeout', async () => {
    const held = await acquireStateLock(stateFile);
    await expect(acquireStateLock(stateFile, { timeoutMs: 30, pollMs: 5 })).rejects.toBeInstanceOf(StateLockedError);
    await held.release();
  });

  it('takes over the lock of a process of this host that no longer exists, saying so', async () => {
    mkdirSync(path.dirname(stateFile), { recursive: true });
    const pid = deadPid();
    writeFileSync(lockFileFor(stateFile), JSON.stringify({ pid, host: hostname(), since: '2026-01-01T00:00:00.000Z', command: 'deskform apply' }));
    const notices: string[] = [];
    const lock = await acquireStateLock(stateFile, { notify: (m) => notices.push(m) });
    expect(notices).toEqual([`Taking over the lock of pid ${pid} on ${hostname()} since 2026-01-01T00:00:00.000Z (deskform apply): that process no longer exists.\n`]);
    expect(JSON.parse(readFileSync(lockFileFor(stateFile), 'utf8'))).toMatchObject({ pid: process.pid });
    await lock.release();
  });

  it('does not remove a lock another run took over between its look at the dead holder and its own takeover', async () => {
    mkdirSync(path.dirname(stateFile), { recursive: true });
    const file = lockFileFor(stateFile);
    writeFileSync(file, JSON.stringify({ pid: deadPid(), host: hostname(), since: '2026-01-01T00:00:00.000Z', command: 'deskform apply' }));
    const rival = { pid: process.pid, host: hostname(), since: '2026-01-01T00:00:01.000Z', command: 'deskform apply (rival)' };
    // The notice comes once this run has read the dead holder: the rival takes the lock over right then.
    const beaten = acquireStateLock(stateFile, {
      notify: () => {
        unlinkSync(file);
        writeFileSync(file, JSON.stringify(rival));
      },
    });
    await expect(beaten).rejects.toBeInstanceOf(StateLockedError);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(rival);
  });

  it('removes the temp file a process killed while taking the lock left behind', async () => {
    mkdirSync(path.dirname(stateFile), { recursive: true });
    const leftover = `${lockFileFor(stateFile)}.${deadPid()}.0.tmp`;
    writeFileSync(leftover, '{}');
    await (await acquireStateLock(stateFile)).release();
    expect(existsSync(leftover)).toBe(false);
  });

  it('leaves the lock of another host alone', async () => {
    mkdirSync(path.dirname(stateFile), { recursive: true });
    writeFileSync(lockFileFor(stateFile), JSON.stringify({ pid: deadPid(), host: 'elsewhere', since: '2026-01-01T00:00:00.000Z', command: 'deskform apply' }));
    await expect(acquireStateLock(stateFile)).rejects.toThrow(/locked by pid \d+ on elsewhere since/);
  });

  it('names the path when the lock cannot be created', { timeout: 10_000 }, async () => {
    await expect(acquireStateLock('/proc/1/deskform/state.json')).rejects.toThrow(/^cannot create the lock file \/proc\/1\/deskform\/state\.json\.lock \(/);
  });

  it('takes a FIFO where the lock file belongs for an unreadable lock, without waiting for a writer', async () => {
    mkdirSync(path.dirname(stateFile));
    execFileSync('mkfifo', [lockFileFor(stateFile)]);
    await expect(acquireStateLock(stateFile)).rejects.toThrow('an unknown holder (the lock file is unreadable)');
  });
});
