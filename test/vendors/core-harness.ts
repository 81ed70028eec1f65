/** Builds a VendorHttp for core tests: instant recorded sleeps, recorded events, a canary secret. */
import { StaticHeaderAuth, type AuthProvider } from '../../src/vendors/http/auth.js';
import type { HttpEvent, HttpOptions } from '../../src/vendors/http/options.js';
import { Redactor } from '../../src/vendors/http/redactor.js';
import { VendorHttp } from '../../src/vendors/http/vendor-http.js';
import { tetherMessage } from '../../src/vendors/tether.js';

export const CANARY = 'canary-Tok3n-7f1e9a';

export interface Harness {
  http: VendorHttp;
  sleeps: number[];
  events: HttpEvent[];
}

export function harness(url: string, options: HttpOptions & { auth?: AuthProvider } = {}): Harness {
  const sleeps: number[] = [];
  const events: HttpEvent[] = [];
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
      onEvent: (e) => events.push(e),
      random: () => 0.5,
      ...rest,
    },
  );
  return { http, sleeps, events };
}
