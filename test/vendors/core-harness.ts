/** Builds a VendorHttp for core tests: instant recorded sleeps, recorded events, a canary secret. */
import { afterEach, beforeEach } from 'vitest';
import { StaticHeaderAuth, type AuthProvider } from '../../src/vendors/http/auth.js';
import type { HttpMessage, HttpOptions, HttpWaitMessage } from '../../src/vendors/http/options.js';
import { Redactor } from '../../src/util/redactor.js';
import { VendorHttp } from '../../src/vendors/http/vendor-http.js';
import { tetherMessage } from '../../src/vendors/tether.js';
import { startScriptServer, type ScriptServer } from './script-server.js';

export const CANARY = 'canary-Tok3n-7f1e9a';

export interface Harness {
  http: VendorHttp;
  sleeps: number[];
  events: HttpMessage[];
  waits: HttpWaitMessage[];
}

export function harness(url: string, options: HarnessOptions = {}): Harness {
  const sleeps: number[] = [];
  const events: HttpMessage[] = [];
  const waits: HttpWaitMessage[] = [];
  const { auth, ...rest } = options;
  const http = new VendorHttp(
    {
      vendor: 'tether',
      baseUrl: url,
      auth: auth ?? new StaticHeaderAuth('authorization', `Bearer ${CANARY}`),
      redactor: new Redactor([CANARY]),
      messageOf: tetherMessage,
    },
    {
      sleep: async (ms) => {
        sleeps.push(ms);
      },
      onMessage: (e) => (e.type === 'http.attempt' ? events.push(e) : waits.push(e)),
      random: () => 0.5,
      ...rest,
    },
  );
  return { http, sleeps, events, waits };
}

/**
 * A scripted server started before each test and a way to build harnesses
 * against it; both are closed after each test.
 */
type HarnessOptions = HttpOptions & { auth?: AuthProvider };

export function useScriptServer(): {
  readonly server: ScriptServer;
  harness(options?: HarnessOptions): Harness;
  harnessAt(url: string, options?: HarnessOptions): Harness;
} {
  let server: ScriptServer | undefined;
  const built: Harness[] = [];
  beforeEach(async () => {
    server = await startScriptServer();
  });
  afterEach(async () => {
    await Promise.all(built.splice(0).map((h) => h.http.close()));
    await server?.close();
  });
  return {
    get server() {
      if (!server) throw new Error('the script server starts in beforeEach');
      return server;
    },
    harness(options = {}) {
      return this.harnessAt(this.server.url, options);
    },
    harnessAt(url, options = {}) {
      const h = harness(url, options);
      built.push(h);
      return h;
    },
  };
}
