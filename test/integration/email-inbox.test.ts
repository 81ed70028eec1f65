/**
 * Chatwoot checks an IMAP/SMTP connection on update with only the values the
 * request carries: deskform sends a protocol's whole block, so enabling it or
 * changing one of its fields converges instead of answering 422.
 */
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { engineApply, liveView, type EngineWhere } from '../reliability/support/engine-run.js';
import { createWorld, PROVIDERS, type World } from '../support/world.js';

let world: World;
beforeEach(async () => {
  world = await createWorld();
});
afterEach(async () => {
  await world.close();
});

const mail = (imap: string) => `${PROVIDERS}inboxes:
  - name: Mail
    channel:
      type: email
      email: help@acme.test
      imap_address: imap.acme.test
      imap_login: help
      imap_password: imap-secret
      ${imap}
`;

function where(yaml: string): EngineWhere {
  world.write('deskform.yaml', yaml);
  return { file: path.join(world.dir, 'deskform.yaml'), dir: world.dir, env: world.env, stateFile: path.join(world.dir, 'state.json') };
}

async function applied(yaml: string) {
  const run = await engineApply(where(yaml));
  expect(run.error).toBeUndefined();
  return run.results!.map((r) => `${r.action} ${r.status}${r.error ? `: ${r.error}` : ''}`);
}

describe('email inbox IMAP', () => {
  it('enables IMAP, then changes only its port, each converging without a 422', async () => {
    expect(await applied(mail('imap_port: 993\n      imap_enabled: false'))).toEqual(['create ok']);
    expect(await applied(mail('imap_port: 993\n      imap_enabled: true'))).toEqual(['update ok']);
    expect(await applied(mail('imap_port: 143\n      imap_enabled: true'))).toEqual(['update ok']);
    expect((await liveView(where(mail('imap_port: 143\n      imap_enabled: true')))).pending).toEqual([]);
    expect(world.vendorRequests().filter((r) => r.status >= 400)).toEqual([]);
  });
});
