import { mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EmulatorDataError, startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { DataFileWriter, loadDataFile } from '../../src/emulator/persistence.js';
import { UserError } from '../../src/errors.js';

const TETHER = { authorization: 'Bearer demo-tether-token', 'content-type': 'application/json' };

let dir: string;
let dataFile: string;
const running: RunningEmulator[] = [];

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'emu-data-'));
  dataFile = join(dir, 'state.json');
});
afterEach(async () => {
  await Promise.all(running.splice(0).map((e) => e.close()));
  await rm(dir, { recursive: true, force: true });
});

async function start(): Promise<RunningEmulator> {
  const emu = await startEmulator({ dataFile });
  running.push(emu);
  return emu;
}

async function createWebchat(emu: RunningEmulator, name: string): Promise<string> {
  const res = await fetch(`${emu.urls.tether}/api/webchats`, {
    method: 'POST',
    headers: TETHER,
    body: JSON.stringify({
      name,
      backgroundColor: '#fff',
      primaryColor: '#000',
      secondaryColor: '#111',
      promptId: '65f0000000000000000000b1',
      allowedDomains: [],
      initialStage: 'new',
    }),
  });
  expect(res.status).toBe(201);
  return ((await res.json()) as { data: { _id: string } }).data._id;
}

async function healthingToken(emu: RunningEmulator): Promise<string> {
  const res = await fetch(`${emu.urls.healthing}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'admin@acme.test', password: 'demo-healthing-password' }),
  });
  return ((await res.json()) as { access_token: string }).access_token;
}

describe('--data persistence', () => {
  it('keeps every vendor state across a restart and never reuses ids', async () => {
    const first = await start();
    const id = await createWebchat(first, 'Kept');
    const token = await healthingToken(first);
    const hours = { monday: { enabled: true, start: '09:00', end: '17:00' } };
    const put = await fetch(`${first.urls.healthing}/api/v1/channels/1`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ business_hours: hours, assignment_mode: 'round_robin' }),
    });
    expect(put.status).toBe(200);
    const inbox = await fetch(`${first.urls.chatwoot}/api/v1/accounts/1/inboxes`, {
      method: 'POST',
      headers: { 'api-access-token': 'demo-chatwoot-admin-token', 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Website', channel: { type: 'web_widget', website_url: 'https://acme.test' } }),
    });
    expect(inbox.status).toBe(200);
    await first.close();

    const second = await start();
    const list = (await (await fetch(`${second.urls.tether}/api/webchats`, { headers: TETHER })).json()) as {
      data: Array<{ _id: string; name: string }>;
    };
    expect(list.data.map((w) => [w._id, w.name])).toEqual([[id, 'Kept']]);
    // The old login token is still valid: sessions are state too.
    const channel = await fetch(`${second.urls.healthing}/api/v1/channels/1`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(await channel.json()).toMatchObject({ assignment_mode: 'round_robin', business_hours_enabled: true });
    const state = second.control.state() as { healthing: { channels: Array<{ id: number; business_hours: unknown }> } };
    expect(state.healthing.channels.find((c) => c.id === 1)?.business_hours).toMatchObject(hours);
    const inboxes = await fetch(`${second.urls.chatwoot}/api/v1/accounts/1/inboxes`, {
      headers: { 'api-access-token': 'demo-chatwoot-admin-token' },
    });
    expect(JSON.stringify(await inboxes.json())).toContain('Website');
    const another = await createWebchat(second, 'New');
    expect(another).not.toBe(id);
  });

  it('saves after a mutating request without waiting for close, atomically and privately', async () => {
    const emu = await start();
    await createWebchat(emu, 'Soon on disk');
    let text = '';
    for (let i = 0; i < 100 && !text.includes('Soon on disk'); i++) {
      await new Promise((resolve) => setTimeout(resolve, 10));
      text = await readFile(dataFile, 'utf8');
    }
    expect(text).toContain('Soon on disk');
    expect(await readdir(dir)).toEqual(['state.json']);
    expect((await stat(dataFile)).mode & 0o077).toBe(0);
  });

  it('writes the initial state at start and the final state on close', async () => {
    const emu = await start();
    expect(JSON.parse(await readFile(dataFile, 'utf8'))).toMatchObject({ format: 'deskform-emulator-data', version: 1 });
    await createWebchat(emu, 'Flushed');
    await emu.close();
    expect(await readFile(dataFile, 'utf8')).toContain('Flushed');
  });

  it('persists a reset to fixtures', async () => {
    const emu = await start();
    await createWebchat(emu, 'Gone after reset');
    emu.control.reset();
    await emu.close();
    expect(await readFile(dataFile, 'utf8')).not.toContain('Gone after reset');
  });

  it('refuses a corrupt data file with an error naming it, and leaves it alone', async () => {
    await writeFile(dataFile, '{"format": "deskform-emulator-data", "vendors": {');
    const err = await startEmulator({ dataFile }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(EmulatorDataError);
    expect(err).toBeInstanceOf(UserError);
    expect((err as Error).message).toContain(dataFile);
    expect((err as Error).message).toMatch(/not valid JSON/);
    expect(await readFile(dataFile, 'utf8')).toBe('{"format": "deskform-emulator-data", "vendors": {');
  });

  it('refuses files that are JSON but not emulator data', async () => {
    await writeFile(dataFile, '[1, 2, 3]');
    await expect(startEmulator({ dataFile })).rejects.toThrow(/not a deskform emulator data file/);
    await writeFile(dataFile, JSON.stringify({ format: 'deskform-emulator-data', version: 1, rng_state: 1, vendors: { tether: [] } }));
    await expect(startEmulator({ dataFile })).rejects.toThrow(/vendors\.tether/);
    await writeFile(dataFile, JSON.stringify({ format: 'deskform-emulator-data', version: 99, rng_state: 1, vendors: {} }));
    await expect(startEmulator({ dataFile })).rejects.toThrow(/unsupported version/);
  });

  it('fails at start when the data file cannot be written', async () => {
    await expect(startEmulator({ dataFile: join(dir, 'missing-dir', 'state.json') })).rejects.toThrow(
      EmulatorDataError,
    );
  });
});

describe('DataFileWriter', () => {
  it('debounces saves and skips unchanged state', async () => {
    let snapshots = 0;
    const state = { rngState: 1, vendors: { tether: { n: 0 } } };
    const writer = new DataFileWriter(dataFile, () => {
      snapshots++;
      return state;
    });
    for (let i = 0; i < 20; i++) {
      state.vendors.tether.n = i;
      writer.markDirty();
    }
    await writer.flush();
    expect(snapshots).toBe(1);
    expect(await loadDataFile(dataFile)).toEqual({ rngState: 1, vendors: { tether: { n: 19 } } });
    const before = (await stat(dataFile)).mtimeMs;
    await writer.flush();
    expect((await stat(dataFile)).mtimeMs).toBe(before);
  });

  it('returns undefined for a missing file', async () => {
    expect(await loadDataFile(join(dir, 'nope.json'))).toBeUndefined();
  });
});
