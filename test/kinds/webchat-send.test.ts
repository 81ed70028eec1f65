/** Sending a webchat: the icon described by its request is uploaded first, and its key goes into the body. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors.js';
import type { ExecContext } from '../../src/kinds/types.js';
import { prepareIcon } from '../../src/kinds/webchat-icon.js';
import type { WebchatLookups } from '../../src/kinds/webchat-lookups.js';
import { webchatKind, type WebchatConfig } from '../../src/kinds/webchat.js';
import type { VendorClients } from '../../src/vendors/index.js';
import { declared } from '../support/declared.js';

let dir: string;
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const lookups: WebchatLookups = { prompts: [{ _id: 'p1', name: 'Sales assistant' }], pipelines: [] };
const config = {
  name: 'Help',
  background_color: '#FFFFFF',
  primary_color: '#000000',
  secondary_color: '#3B82F6',
  prompt: 'Sales assistant',
  allowed_domains: [],
  initial_stage: 'new',
  icon: './logo.png',
};

/** A Tether client that records the calls it gets. */
function recordingContext(calls: unknown[][]): ExecContext<WebchatLookups> {
  const tether = {
    upload: async (name: string, _bytes: Uint8Array, contentType: string) => (calls.push(['upload', name, contentType]), { key: `uploads/${name}` }),
    createWebchat: async (body: Record<string, unknown>) => (calls.push(['createWebchat', body]), { _id: 'w1', name: 'Help' }),
  };
  return { clients: { tether } as unknown as VendorClients, lookups, idOf: () => undefined };
}

async function prepared(): Promise<WebchatConfig> {
  dir = mkdtempSync(path.join(tmpdir(), 'deskform-send-'));
  writeFileSync(path.join(dir, 'logo.png'), 'png');
  const obj = { ...declared('webchat', config), dir };
  return { ...(obj.value as WebchatConfig), icon: await prepareIcon('./logo.png', obj) };
}

describe('webchat send', () => {
  it('uploads the icon before the create, which names the uploaded key', async () => {
    const d = await prepared();
    const calls: unknown[][] = [];
    await webchatKind.create!(d, recordingContext(calls), new Set());
    const name = webchatKind.createRequest!(d, { lookups, idOf: () => undefined }, new Set()).upload!.name;
    expect(calls.map((c) => c[0])).toEqual(['upload', 'createWebchat']);
    expect(calls[0]).toEqual(['upload', name, 'image/png']);
    expect(calls[1]![1]).toMatchObject({ name: 'Help', promptId: 'p1', icon: `uploads/${name}` });
  });

  it('sends nothing when the icon changed since the request was built', async () => {
    const d = await prepared();
    writeFileSync(path.join(dir, 'logo.png'), 'other');
    const calls: unknown[][] = [];
    await expect(webchatKind.create!(d, recordingContext(calls), new Set())).rejects.toBeInstanceOf(UserError);
    expect(calls).toEqual([]);
  });
});
