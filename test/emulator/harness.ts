/** What the emulator test files share: emulators closed after each test, and plain HTTP calls. */
import { afterEach } from 'vitest';
import { startEmulator, type EmulatorOptions, type RunningEmulator } from '../../src/emulator/index.js';

/** Registers an afterEach that closes every emulator the returned `start` launched. */
export function trackEmulators(launch: (options: EmulatorOptions) => Promise<RunningEmulator> = startEmulator) {
  const running: RunningEmulator[] = [];
  afterEach(async () => {
    await Promise.all(running.splice(0).map((e) => e.close()));
  });
  return async (options: EmulatorOptions = {}): Promise<RunningEmulator> => {
    const emu = await launch(options);
    running.push(emu);
    return emu;
  };
}

export interface Reply {
  status: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read whatever the vendor sent
  body: any;
  headers: Headers;
}

/** A bearer-authenticated JSON call; plain-text answers stay text, empty ones are undefined. */
export async function bearerCall(base: string, method: string, path: string, token?: string, body?: unknown, rawBody?: string): Promise<Reply> {
  const headers: Record<string, string> = {};
  if (token !== undefined) headers.authorization = `Bearer ${token}`;
  if (body !== undefined || rawBody !== undefined) headers['content-type'] = 'application/json';
  const payload = rawBody ?? (body !== undefined ? JSON.stringify(body) : undefined);
  const res = await fetch(`${base}${path}`, { method, headers, ...(payload !== undefined ? { body: payload } : {}) });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    // plain-text answers stay text
  }
  return { status: res.status, body: parsed, headers: res.headers };
}

export const TETHER_ADMIN = { authorization: 'Bearer demo-tether-token', 'content-type': 'application/json' };

/** The smallest webchat Tether accepts (wire shape), with overrides. */
export function webchatBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: 'Website chat',
    backgroundColor: '#FFFFFF',
    primaryColor: '#0055FF',
    secondaryColor: '#EEEEEE',
    promptId: '65f0000000000000000000b1',
    allowedDomains: ['https://acme.test'],
    initialStage: 'new',
    ...overrides,
  };
}

export async function healthingToken(emu: RunningEmulator, email = 'admin@acme.test'): Promise<string> {
  const res = await bearerCall(emu.urls.healthing, 'POST', '/api/v1/auth/login', undefined, { email, password: 'demo-healthing-password' });
  return (res.body as { access_token: string }).access_token;
}
