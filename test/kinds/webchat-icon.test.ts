/**
 * Icon files are read like config files: never blocking, and saying what a
 * path that is not a file is. A webchat's icon is uploaded first when it is
 * sent, and the body names the key it got.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError, UserError } from '../../src/errors.js';
import type { ExecContext } from '../../src/kinds/types.js';
import { prepareIcon, readPreparedIcon } from '../../src/kinds/webchat-icon.js';
import type { WebchatLookups } from '../../src/kinds/webchat-lookups.js';
import { webchatKind, type WebchatConfig } from '../../src/kinds/webchat.js';
import type { VendorClients } from '../../src/vendors/index.js';
import { declared } from '../support/declared.js';

let dir: string;
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const webchat = () => ({
  ...declared('webchat', {
    name: 'Help',
    background_color: '#FFFFFF',
    primary_color: '#000000',
    secondary_color: '#3B82F6',
    prompt: 'Sales assistant',
    allowed_domains: [],
    initial_stage: 'new',
  }),
  dir,
});

describe.skipIf(process.platform === 'win32')('webchat icon files', () => {
  it('a dangling symlink says where it points', async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'deskform-icon-'));
    symlinkSync('gone.png', path.join(dir, 'logo.png'));
    const err = await prepareIcon('./logo.png', webchat()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as ConfigError).problems.map((p) => p.message)).toEqual(['icon file "./logo.png" is a dangling symlink to gone.png']);
  });

  it('is read from the directory of the file that wrote it, when an environment overlay did', async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'deskform-icon-'));
    const overlay = path.join(dir, 'environments', 'staging');
    mkdirSync(overlay, { recursive: true });
    writeFileSync(path.join(overlay, 'logo.png'), 'staging png');
    const patched = { ...webchat(), dirOf: (at: readonly (string | number)[]) => (at[0] === 'icon' ? overlay : dir) };
    expect(await prepareIcon('./logo.png', patched)).toMatchObject({ file: path.join(overlay, 'logo.png') });
    const err = await prepareIcon('./logo.png', webchat()).catch((e: unknown) => e);
    expect((err as ConfigError).problems.map((p) => p.message)).toEqual(['icon file "./logo.png" does not exist']);
  });

  it('a file replaced by a FIFO between plan and upload is refused, not waited on', async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'deskform-icon-'));
    const file = path.join(dir, 'logo.png');
    writeFileSync(file, 'png');
    const prepared = await prepareIcon('./logo.png', webchat());
    rmSync(file);
    execFileSync('mkfifo', [file]);
    const err = await readPreparedIcon(prepared as { file: string; sha256: string }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UserError);
    expect((err as UserError).message).toBe(`icon file ${file} is not a regular file but a FIFO (named pipe); plan again`);
  }, 10_000);
});

const lookups: WebchatLookups = { prompts: [{ _id: 'p1', name: 'Sales assistant' }], pipelines: [] };

/** A Tether client that records the calls it gets. */
function recordingContext(calls: unknown[][]): ExecContext<WebchatLookups> {
  const tether = {
    upload: async (name: string, _bytes: Uint8Array, contentType: string) => (calls.push(['upload', name, contentType]), { key: `uploads/${name}` }),
    createWebchat: async (body: Record<string, unknown>) => (calls.push(['createWebchat', body]), { _id: 'w1', name: 'Help' }),
  };
  return { clients: { tether } as unknown as VendorClients, lookups, idOf: () => undefined };
}

/** A webchat whose icon file was prepared (hashed) as a plan prepares it. */
async function preparedWebchat(): Promise<WebchatConfig> {
  dir = mkdtempSync(path.join(tmpdir(), 'deskform-icon-'));
  writeFileSync(path.join(dir, 'logo.png'), 'png');
  const obj = webchat();
  return { ...(obj.value as WebchatConfig), icon: await prepareIcon('./logo.png', obj) };
}

describe('sending a webchat with an icon file', () => {
  it('uploads the icon before the create, which names the uploaded key', async () => {
    const d = await preparedWebchat();
    const calls: unknown[][] = [];
    await webchatKind.create!(d, recordingContext(calls), new Set());
    const name = webchatKind.createRequest!(d, { lookups, idOf: () => undefined }, new Set()).upload!.name;
    expect(calls.map((c) => c[0])).toEqual(['upload', 'createWebchat']);
    expect(calls[0]).toEqual(['upload', name, 'image/png']);
    expect(calls[1]![1]).toMatchObject({ name: 'Help', promptId: 'p1', icon: `uploads/${name}` });
  });

  it('sends nothing when the icon changed since the request was built', async () => {
    const d = await preparedWebchat();
    writeFileSync(path.join(dir, 'logo.png'), 'other');
    const calls: unknown[][] = [];
    await expect(webchatKind.create!(d, recordingContext(calls), new Set())).rejects.toBeInstanceOf(UserError);
    expect(calls).toEqual([]);
  });
});
