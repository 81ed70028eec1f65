/**
 * The Chatwoot client against the emulator's account inbox limit (402) and
 * rack-attack throttle (plain-text 429 without Retry-After).
 */
import { setTimeout as delay } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { defaultFixtures, startEmulator } from '../../src/emulator/index.js';
import { AmbiguousWriteError, VendorError } from '../../src/errors.js';
import { ChatwootClient, type HttpMessage } from '../../src/vendors/index.js';

type Emulator = Awaited<ReturnType<typeof startEmulator>>;
let emu: Emulator | undefined;
let client: ChatwootClient | undefined;
afterEach(async () => {
  await client?.close();
  await emu?.close();
  emu = client = undefined;
});

const widget = (name: string) => ({ name, channel: { type: 'web_widget', website_url: 'https://acme.test' } });

describe('chatwoot client limits', () => {
  it('reports the account inbox limit as a plain vendor error, sent once', async () => {
    const fixtures = defaultFixtures();
    const [acme, other] = fixtures.chatwoot.accounts;
    emu = await startEmulator({ port: 0, fixtures: { ...fixtures, chatwoot: { ...fixtures.chatwoot, accounts: [{ ...acme!, inbox_limit: 0 }, other!] } } });
    client = new ChatwootClient({ url: emu.urls.chatwoot, account_id: 1, api_token: 'demo-chatwoot-admin-token' }, { sleep: async () => undefined });
    const err = await client.createInbox(widget('Website')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(VendorError);
    expect(err).not.toBeInstanceOf(AmbiguousWriteError);
    expect((err as Error).message).toBe('chatwoot: POST /chatwoot/api/v1/accounts/1/inboxes returned 402: Account limit exceeded. Upgrade to a higher plan');
    expect(emu.control.requests().map((r) => `${r.method} ${r.status}`)).toEqual(['POST 402']);
  });

  it('retries a throttled request with growing backoff until the window is over', async () => {
    // The clock starts at a window's start (windows are epoch-aligned), so the first two requests share one.
    emu = await startEmulator({ port: 0, clockStart: Date.UTC(2026, 0, 1) });
    emu.control.setRateLimits({ chatwoot: { requests_per_window: 1, window_ms: 1_000 } });
    const sleeps: number[] = [];
    const events: HttpMessage[] = [];
    client = new ChatwootClient(
      { url: emu.urls.chatwoot, account_id: 1, api_token: 'demo-chatwoot-admin-token' },
      {
        retry: { baseDelayMs: 40, maxDelayMs: 1_000, maxAttempts: 8 },
        random: () => 0.5,
        sleep: async (ms) => {
          sleeps.push(ms);
          await delay(ms);
        },
        onMessage: (e) => e.type === 'http.attempt' && events.push(e),
      },
    );
    await client.listInboxes();
    expect(await client.listInboxes()).toEqual([]);
    const retries = events.filter((e) => e.outcome === 'retry');
    expect(retries.length).toBeGreaterThan(0);
    expect(retries.every((e) => e.status === 429 && e.error === 'Retry later')).toBe(true);
    // No Retry-After: full-jitter backoff, doubling from the base.
    expect(sleeps.slice(0, retries.length)).toEqual([20, 40, 80, 160, 320, 500, 500].slice(0, retries.length));
  });
});
