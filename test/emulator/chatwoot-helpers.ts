/**
 * Shared helpers for the Chatwoot emulator tests: start an emulator on an
 * ephemeral loopback port and talk to it over real HTTP.
 */
import { defaultFixtures, startEmulator } from '../../src/emulator/index.js';
import type { ChatwootFixtures } from '../../src/emulator/contract.js';

export const ADMIN = 'demo-chatwoot-admin-token';
export const AGENT = 'demo-chatwoot-agent-token';
export const OTHER = 'demo-chatwoot-other-token';
export const BOT = 'demo-chatwoot-bot-token';
export const PLATFORM = 'demo-chatwoot-platform-token';

export interface Reply {
  status: number;
  contentType: string | null;
  headers: Headers;
  text: string;
  /** Parsed body; undefined when the body is empty. */
  body: any;
}

export interface CallOptions {
  /** Sent as `Api-Access-Token` unless `tokenHeader` says otherwise. */
  token?: string;
  tokenHeader?: string;
  body?: unknown;
  rawBody?: string;
}

export type Emulator = Awaited<ReturnType<typeof startEmulator>>;

export async function startChatwoot(overrides: Partial<ChatwootFixtures> = {}) {
  const fixtures = defaultFixtures();
  const emu = await startEmulator({ port: 0, fixtures: { ...fixtures, chatwoot: { ...fixtures.chatwoot, ...overrides } } });
  const base = emu.urls.chatwoot;

  async function call(method: string, path: string, opts: CallOptions = {}): Promise<Reply> {
    const headers: Record<string, string> = {};
    if (opts.token !== undefined) headers[opts.tokenHeader ?? 'Api-Access-Token'] = opts.token;
    let body: string | undefined;
    if (opts.rawBody !== undefined) body = opts.rawBody;
    else if (opts.body !== undefined) body = JSON.stringify(opts.body);
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(`${base}${path}`, { method, headers, body });
    const text = await res.text();
    const contentType = res.headers.get('content-type');
    const parsed = text !== '' && contentType?.includes('json') ? JSON.parse(text) : undefined;
    return { status: res.status, contentType, headers: res.headers, text, body: parsed };
  }

  /** Account-scoped call: `acct('GET', 1, '/portals', …)`. */
  const acct = (method: string, account: number, path: string, opts: CallOptions = {}) =>
    call(method, `/api/v1/accounts/${account}${path}`, opts);

  return { emu, base, call, acct };
}

export type Chatwoot = Awaited<ReturnType<typeof startChatwoot>>;

/** Creates a portal as the account-1 admin and returns its JSON. */
export async function createPortal(cw: Chatwoot, portal: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  const r = await cw.acct('POST', 1, '/portals', { token: ADMIN, body: { portal: { custom_domain: '', ...portal }, ...extra } });
  if (r.status !== 200) throw new Error(`portal create failed: ${r.status} ${r.text}`);
  return r.body;
}

/** Creates an inbox as the account-1 admin and returns its JSON. */
export async function createInbox(cw: Chatwoot, body: Record<string, unknown>) {
  const r = await cw.acct('POST', 1, '/inboxes', { token: ADMIN, body });
  if (r.status !== 200) throw new Error(`inbox create failed: ${r.status} ${r.text}`);
  return r.body;
}

export function widgetInbox(name = 'Website', channel: Record<string, unknown> = {}) {
  return { name, channel: { type: 'web_widget', website_url: 'https://acme.test', ...channel } };
}
