/** Tunables of the HTTP core, shared by every vendor client. */
import type { VendorName } from '../../config/vendor-names.js';
import type { ConcurrencyOptions } from './adaptive-concurrency.js';
import type { PacerOptions } from './rate-pacer.js';
import type { RetryOptions } from './retry-policy.js';
import type { HostLanes } from './host-lanes.js';

/**
 * One attempt of one request, for logs and metrics. Never carries bodies or
 * headers. Shaped like the engine's other messages (engine/messages.ts), which
 * it is one of: the vendor layer sits below the engine, so the type lives here.
 */
export interface HttpMessage {
  type: 'http.attempt';
  level: 'debug';
  vendor: VendorName;
  method: string;
  /** Request path without the query string. */
  path: string;
  /** undefined when no response arrived. */
  status: number | undefined;
  /** 1-based, counting every attempt of this request (retries and auth replays). */
  attempt: number;
  durationMs: number;
  /** What happens next: done, retried after a wait, replayed with new credentials, or failed. */
  outcome: 'ok' | 'retry' | 'reauth' | 'error';
  /** Transport or vendor error message, redacted. */
  error?: string;
}

/** A pause before an attempt: backoff or Retry-After before a retry, or pacing once the vendor answers 429. */
export interface HttpWaitMessage {
  type: 'http.wait';
  level: 'debug';
  vendor: VendorName;
  method: string;
  /** Request path without the query string. */
  path: string;
  reason: 'retry' | 'pacing';
  waitMs: number;
  /** 1-based number of the attempt that follows the wait. */
  attempt: number;
}

export interface HttpOptions {
  connectTimeoutMs?: number;
  headersTimeoutMs?: number;
  bodyTimeoutMs?: number;
  /**
   * Longest one attempt may take, from sending to the last byte of the body.
   * The other timeouts watch for silence; this one stops a server that drips
   * bytes just fast enough never to be silent.
   */
  requestTimeoutMs?: number;
  /** How long an idle keep-alive socket is kept. */
  keepAliveTimeoutMs?: number;
  /** Largest response body read; beyond it the request fails. */
  maxResponseBytes?: number;
  retry?: Partial<RetryOptions>;
  concurrency?: Partial<ConcurrencyOptions>;
  /** Request pacing once the vendor answers 429 (see rate-pacer.ts). */
  pacing?: Partial<PacerOptions>;
  onMessage?: (message: HttpMessage | HttpWaitMessage) => void;
  /** Share connections, concurrency and pacing per host with other clients (several accounts on one host). */
  hosts?: HostLanes;
  /** Added to the error when the vendor refuses the credentials (401, 403): which provider fields to check. Holds no secret. */
  credentialHint?: string;
  /** Injected in tests to make backoff instant and observable. */
  sleep?: (ms: number) => Promise<void>;
  /** Jitter source in [0, 1). */
  random?: () => number;
  /** Wall clock in ms, for HTTP-date Retry-After values. */
  now?: () => number;
}

export const DEFAULT_TIMEOUTS = {
  connectTimeoutMs: 10_000,
  headersTimeoutMs: 30_000,
  bodyTimeoutMs: 30_000,
  requestTimeoutMs: 120_000,
  keepAliveTimeoutMs: 4_000,
};

export const DEFAULT_MAX_RESPONSE_BYTES = 50 * 1024 * 1024;

/** Counters of one vendor client. */
export interface VendorMetrics {
  vendor: VendorName;
  /** Attempts put on the wire (each retry and replay counts). */
  requests: number;
  retries: number;
  /** 429 answers seen. */
  throttled: number;
  /** Creates that failed in a way that may have committed. */
  ambiguous: number;
  /** Current adaptive concurrency limit. */
  concurrencyLimit: number;
  /** Requests per second paced to after 429s; undefined while unpaced. */
  pacedRatePerSecond: number | undefined;
  inFlight: number;
}
