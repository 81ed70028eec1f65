/**
 * Chatwoot behaviour clients trip over: the account's inbox limit (402), the
 * IMAP/SMTP connection check on update (422 that still saves), and
 * rack-attack's fixed-window throttle (plain-text 429, no Retry-After).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { defaultFixtures } from '../../src/emulator/index.js';
import { ADMIN, AGENT, createInbox, startChatwoot, widgetInbox, type Chatwoot } from './chatwoot-helpers.js';

let cw: Chatwoot | undefined;
afterEach(async () => {
  await cw?.emu.close();
  cw = undefined;
});

const LIMIT_EXCEEDED = { error: 'Account limit exceeded. Upgrade to a higher plan' };

describe('chatwoot emulator: inbox limit', () => {
  it('answers 402 on create past the account limit, before the role check, counting inboxes still being deleted', async () => {
    const [acme, other] = defaultFixtures().chatwoot.accounts;
    cw = await startChatwoot({ accounts: [{ ...acme!, inbox_limit: 1 }, other!] });
    const first = await createInbox(cw, widgetInbox('One'));
    expect(await cw.acct('DELETE', 1, `/inboxes/${first.id}`, { token: ADMIN })).toMatchObject({ status: 200 });
    const over = await cw.acct('POST', 1, '/inboxes', { token: ADMIN, body: widgetInbox('Two') });
    expect([over.status, over.body]).toEqual([402, LIMIT_EXCEEDED]);
    const agent = await cw.acct('POST', 1, '/inboxes', { token: AGENT, body: widgetInbox('Two') });
    expect([agent.status, agent.body]).toEqual([402, LIMIT_EXCEEDED]);
    cw.emu.control.drainJobs();
    expect((await cw.acct('POST', 1, '/inboxes', { token: ADMIN, body: widgetInbox('Two') })).status).toBe(200);
  });
});

describe('chatwoot emulator: email connection check on update', () => {
  const IMAP = { imap_enabled: true, imap_address: 'imap.acme.test', imap_port: 993, imap_login: 'help', imap_password: 'imap-secret' };
  const SMTP = { smtp_enabled: true, smtp_address: 'smtp.acme.test', smtp_port: 587, smtp_login: 'help', smtp_password: 'smtp-secret' };
  const email = (c: Chatwoot) => createInbox(c, { name: 'Mail', channel: { type: 'email', email: 'help@acme.test', ...IMAP, ...SMTP, imap_enabled: false, smtp_enabled: false } });

  it('checks only the values sent: enabling alone answers 422, yet saves what was sent', async () => {
    cw = await startChatwoot();
    const inbox = await email(cw);
    const imapOnly = await cw.acct('PATCH', 1, `/inboxes/${inbox.id}`, { token: ADMIN, body: { channel: { imap_enabled: true } } });
    expect([imapOnly.status, imapOnly.body]).toEqual([422, { message: 'Please check the network connection, IMAP address and try again.' }]);
    const noPassword = await cw.acct('PATCH', 1, `/inboxes/${inbox.id}`, { token: ADMIN, body: { channel: { ...SMTP, smtp_password: undefined, smtp_port: 2525 } } });
    expect([noPassword.status, noPassword.body]).toEqual([422, { message: 'Please check the SMTP credentials and try again.' }]);
    const saved = await cw.acct('GET', 1, `/inboxes/${inbox.id}`, { token: ADMIN });
    expect(saved.body).toMatchObject({ imap_enabled: true, smtp_enabled: true, smtp_port: 2525 });
  });

  it('passes when the whole block is sent, and does not check a change that does not enable', async () => {
    cw = await startChatwoot();
    const inbox = await email(cw);
    expect((await cw.acct('PATCH', 1, `/inboxes/${inbox.id}`, { token: ADMIN, body: { channel: { ...IMAP, ...SMTP } } })).status).toBe(200);
    const port = await cw.acct('PATCH', 1, `/inboxes/${inbox.id}`, { token: ADMIN, body: { channel: { imap_port: 143 } } });
    expect([port.status, port.body.imap_port]).toEqual([200, 143]);
  });
});

/** Moves the emulator clock forward to `offset` ms into a `windowMs` period counted from the epoch (rack-attack's `now / period`). */
function moveIntoWindow(chatwoot: Chatwoot, windowMs: number, offset: number): void {
  const now = chatwoot.emu.control.advanceClock(0);
  chatwoot.emu.control.advanceClock((((offset - now) % windowMs) + windowMs) % windowMs);
}

describe('chatwoot emulator: rack-attack throttle', () => {
  it('allows a fixed number of requests per window and client, then answers a plain-text 429 without Retry-After', async () => {
    cw = await startChatwoot();
    cw.emu.control.setRateLimits({ chatwoot: { requests_per_window: 2, window_ms: 60_000 } });
    moveIntoWindow(cw, 60_000, 0);
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await cw.acct('GET', 1, '/inboxes', { token: ADMIN })).status);
    expect(statuses).toEqual([200, 200, 429]);
    const limited = await cw.acct('GET', 1, '/inboxes', { token: ADMIN });
    expect([limited.status, limited.text, limited.headers.get('retry-after')]).toEqual([429, 'Retry later\n', null]);
    expect(limited.contentType).toMatch(/^text\/plain/);
    expect(cw.emu.control.requests().at(-1)).toMatchObject({ status: 429, fault: 'rate_limit' });
  });

  it('counts epoch-aligned windows of the emulator clock: a new one starts at the next multiple of window_ms, not a window after the first request', async () => {
    cw = await startChatwoot();
    cw.emu.control.setRateLimits({ chatwoot: { requests_per_window: 1, window_ms: 60_000 } });
    moveIntoWindow(cw, 60_000, 30_000);
    expect((await cw.acct('GET', 1, '/inboxes', { token: ADMIN })).status).toBe(200);
    expect((await cw.acct('GET', 1, '/inboxes', { token: ADMIN })).status).toBe(429);
    cw.emu.control.advanceClock(30_000);
    expect((await cw.acct('GET', 1, '/inboxes', { token: ADMIN })).status).toBe(200);
    expect((await cw.acct('GET', 1, '/inboxes', { token: ADMIN })).status).toBe(429);
  });
});
