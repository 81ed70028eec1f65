/** The email inbox's IMAP/SMTP blocks: Chatwoot checks a connection with only the values an update sends. */
import { describe, expect, it } from 'vitest';
import { inboxKind, type InboxConfig } from '../../src/kinds/inbox.js';
import type { ExecContext } from '../../src/kinds/types.js';
import type { VendorClients } from '../../src/vendors/index.js';
import { liveInbox } from '../support/declared.js';

const IMAP = { imap_enabled: true, imap_address: 'imap.acme.test', imap_port: 993, imap_login: 'help', imap_password: 'imap-secret', imap_enable_ssl: true };
const SMTP = { smtp_enabled: true, smtp_address: 'smtp.acme.test', smtp_port: 587, smtp_login: 'help', smtp_password: 'smtp-secret' };

/** The `channel` object of the update request for these changed paths. */
async function sentChannel(channel: Record<string, unknown>, changed: string[], live: Record<string, unknown> = {}): Promise<unknown> {
  const bodies: Array<Record<string, unknown>> = [];
  const clients = { chatwoot: { updateInbox: async (_id: number, body: Record<string, unknown>) => bodies.push(body) } } as unknown as VendorClients;
  const ctx: ExecContext = { clients, lookups: undefined, idOf: () => undefined };
  const desired = { name: 'Mail', channel: { type: 'email', email: 'help@acme.test', ...channel } } as InboxConfig;
  await inboxKind.update(liveInbox({ id: 3, name: 'Mail', channel_type: 'Channel::Email', ...live }), desired, new Set(changed), ctx);
  return bodies[0]?.channel;
}

describe('inbox email channel updates', () => {
  it('sends the whole block of an enabled protocol when any of its fields changes', async () => {
    expect(await sentChannel({ ...IMAP, ...SMTP }, ['channel.imap_port'])).toEqual(IMAP);
    expect(await sentChannel({ ...IMAP, ...SMTP }, ['channel.smtp_enabled', 'channel.imap_login'])).toEqual({ ...IMAP, ...SMTP });
  });

  it('completes the connection fields the config leaves unset with their live values', async () => {
    const live = { smtp_address: 'smtp.acme.test', smtp_port: 25, smtp_login: 'help', smtp_password: 'smtp-secret', smtp_domain: 'acme.test' };
    expect(await sentChannel({ smtp_enabled: true, smtp_port: 587 }, ['channel.smtp_enabled'], live)).toEqual(SMTP);
  });

  it('sends only what changed for a protocol that stays disabled, and never the other block', async () => {
    expect(await sentChannel({ ...IMAP, imap_enabled: false, ...SMTP }, ['channel.imap_port'])).toEqual({ imap_port: 993 });
    expect(await sentChannel({ ...IMAP, imap_enabled: false, ...SMTP }, ['channel.smtp_port'])).toEqual(SMTP);
  });
});
