/**
 * The HTTP core one vendor client sits on: a keep-alive undici pool, auth,
 * retries, an adaptive concurrency limit, bounded JSON responses, and errors
 * and messages that never carry secrets.
 */
import { setTimeout as delay } from 'node:timers/promises';
import { performance } from 'node:perf_hooks';
import { Pool } from 'undici';
import { AmbiguousWriteError, VendorError } from '../../errors.js';
import type { VendorName } from '../../config/vendor-names.js';
import { AdaptiveConcurrency, type SlotResult } from './adaptive-concurrency.js';
import type { AuthProvider } from './auth.js';
import { hostAndPort } from '../../util/host-and-port.js';
import { classifyNetworkError, requestTimedOut, type NetworkFailure, type TimeoutSettings } from './network-errors.js';
import {
  DEFAULT_MAX_RESPONSE_BYTES,
  DEFAULT_TIMEOUTS,
  type HttpMessage,
  type HttpWaitMessage,
  type HttpOptions,
  type VendorMetrics,
} from './options.js';
import type { Redactor } from '../../util/redactor.js';
import { BodyTooLargeError, isJsonContentType, parseJsonBody, readCapped } from './response-body.js';
import { RatePacer } from './rate-pacer.js';
import type { HostLane, HostLanes } from './host-lanes.js';
import { isIdempotentMethod, RetryPolicy, type AttemptOutcome } from './retry-policy.js';


/** Pulls the human-readable message out of a vendor's error body; undefined when it has none. */
export type MessageExtractor = (body: unknown) => string | undefined;

export interface VendorHttpConfig {
  vendor: VendorName;
  /** Base URL; a path prefix (`http://host/chatwoot`) is kept in front of every request path. */
  baseUrl: string;
  auth: AuthProvider;
  redactor: Redactor;
  messageOf: MessageExtractor;
}

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface RequestSpec {
  method: HttpMethod;
  /** Below the base URL's path prefix, starting with `/`. */
  path: string;
  /** Never echoed in errors or events. */
  query?: Record<string, string | undefined>;
  json?: unknown;
  raw?: { bytes: Uint8Array; contentType: string };
  /** Send without credentials (login, refresh, version probe). */
  anonymous?: boolean;
  /** Secret values in this request's body (an inbox's IMAP password…): redacted from its errors and events, should the vendor echo them. */
  secrets?: string[];
  /** A POST that is safe to repeat (login, content-addressed upload). */
  idempotent?: boolean;
  /** Non-2xx statuses the caller handles itself (e.g. 404 on delete). */
  accept?: number[];
}

export interface HttpResponse {
  status: number;
  /** Parsed JSON, or undefined for an empty body. */
  body: unknown;
  /** The request as shown in errors: method and redacted path without query. */
  method: string;
  path: string;
}

type Attempt =
  | { kind: 'response'; status: number; headers: Record<string, string | string[] | undefined>; text: string }
  | { kind: 'too-large'; status: number; limit: number }
  | { kind: 'network'; failure: NetworkFailure };

/** Appended to every ambiguous-write message. */
export const AMBIGUOUS_HINT = 'the write may have been applied; re-read before retrying';
const MAX_MESSAGE_CHARS = 500;

export class VendorHttp {
  readonly vendor: VendorName;
  private readonly pool: Pool;
  private readonly origin: string;
  /** Named in network errors, which otherwise would not say which server could not be reached. */
  private readonly hostPort: string;
  private readonly prefix: string;
  private readonly limiter: AdaptiveConcurrency;
  private readonly pacer: RatePacer;
  private readonly policy: RetryPolicy;
  private readonly timeouts: TimeoutSettings;
  private readonly requestTimeoutMs: number;
  private readonly maxResponseBytes: number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly onMessage: ((message: HttpMessage | HttpWaitMessage) => void) | undefined;
  private readonly credentialHint: string | undefined;
  private readonly counters = { requests: 0, retries: 0, throttled: 0, ambiguous: 0 };
  private readonly hosts: HostLanes | undefined;
  private released = false;

  /** One vendor's service at one origin: two vendors behind one proxy are two services with limits of their own. */
  private get laneKey(): string {
    return `${this.vendor} ${this.origin}`;
  }

  constructor(
    private readonly config: VendorHttpConfig,
    options: HttpOptions = {},
  ) {
    this.vendor = config.vendor;
    const url = new URL(config.baseUrl);
    this.origin = url.origin;
    this.hostPort = hostAndPort(url);
    this.prefix = url.pathname.replace(/\/+$/, '');
    this.timeouts = {
      connectTimeoutMs: options.connectTimeoutMs ?? DEFAULT_TIMEOUTS.connectTimeoutMs,
      headersTimeoutMs: options.headersTimeoutMs ?? DEFAULT_TIMEOUTS.headersTimeoutMs,
      bodyTimeoutMs: options.bodyTimeoutMs ?? DEFAULT_TIMEOUTS.bodyTimeoutMs,
    };
    this.requestTimeoutMs = options.requestTimeoutMs ?? DEFAULT_TIMEOUTS.requestTimeoutMs;
    this.policy = new RetryPolicy(options.retry, options.random, options.now);
    this.maxResponseBytes = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
    this.sleep = options.sleep ?? ((ms) => delay(ms));
    this.onMessage = options.onMessage;
    this.credentialHint = options.credentialHint;
    const makeLane = (): HostLane => {
      const limiter = new AdaptiveConcurrency(options.concurrency);
      const pool = new Pool(this.origin, {
        connections: limiter.options.max,
        connect: { timeout: this.timeouts.connectTimeoutMs },
        headersTimeout: this.timeouts.headersTimeoutMs,
        bodyTimeout: this.timeouts.bodyTimeoutMs,
        keepAliveTimeout: options.keepAliveTimeoutMs ?? DEFAULT_TIMEOUTS.keepAliveTimeoutMs,
      });
      return { pool, limiter, pacer: new RatePacer(options.pacing) };
    };
    this.hosts = options.hosts;
    ({ pool: this.pool, limiter: this.limiter, pacer: this.pacer } = this.hosts ? this.hosts.acquire(this.laneKey, makeLane) : makeLane());
  }

  async request(spec: RequestSpec): Promise<HttpResponse> {
    const idempotent = spec.idempotent ?? isIdempotentMethod(spec.method);
    const path = this.prefix + spec.path;
    const shownPath = this.config.redactor.redact(path);
    const redactor = spec.secrets?.length ? this.config.redactor.with(spec.secrets) : this.config.redactor;
    let attempt = 0;
    // Attempts the retry policy counts; an auth replay does not use one up.
    let retryAttempt = 0;
    let renewed = false;
    for (;;) {
      attempt++;
      retryAttempt++;
      const authHeaders = spec.anonymous ? {} : await this.config.auth.headers();
      const started = performance.now();
      const result = await this.send(spec, path, authHeaders, { method: spec.method, path: shownPath, attempt });
      const event = { method: spec.method, path: shownPath, attempt, durationMs: performance.now() - started };

      if (result.kind === 'response' && result.status === 429) this.counters.throttled++;

      if (result.kind === 'response' && result.status === 401 && !spec.anonymous && !renewed) {
        renewed = true;
        if (await this.config.auth.renew(authHeaders)) {
          this.emit({ ...event, status: 401, outcome: 'reauth' });
          retryAttempt--;
          continue;
        }
      }

      if (result.kind === 'response' && (isSuccess(result.status) || spec.accept?.includes(result.status))) {
        let body: unknown;
        try {
          body = this.parseSuccess(spec, shownPath, result, idempotent);
        } catch (err) {
          if (err instanceof VendorError) this.emit({ ...event, status: result.status, outcome: 'error', error: err.vendorMessage });
          throw err;
        }
        this.emit({ ...event, status: result.status, outcome: 'ok' });
        return { status: result.status, body, method: spec.method, path: shownPath };
      }
      if (result.kind === 'too-large') {
        const error = this.failure(spec.method, shownPath, result.status, `response larger than ${result.limit} bytes`, {
          ambiguous: !idempotent && isSuccess(result.status),
        });
        this.emit({ ...event, status: result.status, outcome: 'error', error: error.vendorMessage });
        throw error;
      }

      const outcome: AttemptOutcome =
        result.kind === 'network'
          ? { kind: 'network', maybeSent: result.failure.maybeSent }
          : { kind: 'response', status: result.status, retryAfter: firstHeader(result.headers['retry-after']) };
      const status = result.kind === 'response' ? result.status : undefined;
      const message = result.kind === 'network' ? `${result.failure.message} (${this.hostPort})` : this.vendorMessage(result.status, result.text, redactor);
      const decision = this.policy.decide(idempotent, outcome, retryAttempt);

      if (decision.action === 'retry') {
        this.counters.retries++;
        this.emit({ ...event, status, outcome: 'retry', error: this.config.redactor.redact(message) });
        this.emitWait({ method: spec.method, path: shownPath, attempt: attempt + 1 }, 'retry', decision.delayMs);
        await this.sleep(decision.delayMs);
        continue;
      }
      const error = this.failure(spec.method, shownPath, status, message, { ambiguous: decision.action === 'ambiguous' });
      if (error instanceof AmbiguousWriteError) error.waitBeforeAgain = (attempts) => this.waitAsRetry(outcome, attempts, { method: spec.method, path: shownPath, attempt: attempts + 1 });
      this.emit({ ...event, status, outcome: 'error', error: error.vendorMessage });
      throw error;
    }
  }

  metrics(): VendorMetrics {
    return {
      vendor: this.vendor,
      ...this.counters,
      concurrencyLimit: this.limiter.limit,
      pacedRatePerSecond: this.pacer.ratePerSecond,
      inFlight: this.limiter.inFlight,
    };
  }

  /** Closes the pool (a shared one once its last client closes); safe to call more than once. */
  async close(): Promise<void> {
    if (this.released) return;
    this.released = true;
    if (this.hosts) await this.hosts.release(this.laneKey);
    else if (!this.pool.closed && !this.pool.destroyed) await this.pool.close();
  }

  /** `shown` names the attempt in a pacing wait's message. */
  private async send(spec: RequestSpec, path: string, authHeaders: Record<string, string>, shown: WaitSubject): Promise<Attempt> {
    const headers: Record<string, string> = { accept: 'application/json', 'user-agent': 'deskform', ...authHeaders };
    let body: string | Uint8Array | undefined;
    if (spec.raw) {
      headers['content-type'] = spec.raw.contentType;
      body = spec.raw.bytes;
    } else if (spec.json !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(spec.json);
    }

    const slot = await this.limiter.acquire();
    let slotResult: SlotResult = 'failed';
    let deadline: AbortSignal | undefined;
    try {
      const paced = await this.pacer.wait();
      if (paced > 0) this.emitWait(shown, 'pacing', paced);
      this.counters.requests++;
      deadline = AbortSignal.timeout(this.requestTimeoutMs);
      const res = await this.pool.request({ method: spec.method, path: path + queryString(spec.query), headers, body, signal: deadline });
      slotResult = res.statusCode === 429 ? 'throttled' : res.statusCode < 500 ? 'ok' : 'failed';
      if (res.statusCode === 429) this.pacer.throttled();
      else this.pacer.admitted();
      const length = Number(firstHeader(res.headers['content-length']));
      try {
        const text = await readCapped(res.body, this.maxResponseBytes, Number.isFinite(length) ? length : undefined);
        return { kind: 'response', status: res.statusCode, headers: res.headers, text };
      } catch (err) {
        if (err instanceof BodyTooLargeError) return { kind: 'too-large', status: res.statusCode, limit: err.limitBytes };
        slotResult = 'failed';
        throw err;
      }
    } catch (err) {
      return { kind: 'network', failure: deadline?.aborted ? requestTimedOut(this.requestTimeoutMs) : classifyNetworkError(err, this.timeouts) };
    } finally {
      this.limiter.release(slot, slotResult);
    }
  }

  private parseSuccess(
    spec: RequestSpec,
    shownPath: string,
    result: Extract<Attempt, { kind: 'response' }>,
    idempotent: boolean,
  ): unknown {
    const parsed = parseJsonBody(result.text);
    if (parsed.ok) return parsed.value;
    const contentType = firstHeader(result.headers['content-type']) ?? 'no content type';
    const what = isJsonContentType(contentType) ? 'invalid JSON in response' : `expected JSON, got ${contentType}`;
    // A create answered 2xx but unreadably did commit; the caller still has to re-read to learn what.
    throw this.failure(spec.method, shownPath, result.status, what, { ambiguous: !idempotent });
  }

  private vendorMessage(status: number, text: string, redactor: Redactor): string {
    const parsed = parseJsonBody(text);
    const extracted = parsed.ok && parsed.value !== undefined ? this.config.messageOf(parsed.value) : undefined;
    // Redacted before it is cut short: a secret straddling the cut would otherwise leak its first half.
    const message = redactor.redact(extracted ?? text.trim());
    if (message === '') return `HTTP ${status}`;
    return message.length > MAX_MESSAGE_CHARS ? `${message.slice(0, MAX_MESSAGE_CHARS)}…` : message;
  }

  private failure(
    method: string,
    shownPath: string,
    status: number | undefined,
    message: string,
    { ambiguous }: { ambiguous: boolean },
  ): VendorError {
    const redacted = this.config.redactor.redact(message);
    const refused = status === 401 || status === 403;
    if (!ambiguous) return new VendorError(this.vendor, method, shownPath, status, redacted, refused ? this.credentialHint : undefined);
    this.counters.ambiguous++;
    return new AmbiguousWriteError(this.vendor, method, shownPath, status, `${redacted} (${AMBIGUOUS_HINT})`);
  }

  /** Whether an idempotent request failing with `outcome` after `attempts` tries would be tried again, after waiting as it would. */
  private async waitAsRetry(outcome: AttemptOutcome, attempts: number, subject: WaitSubject): Promise<boolean> {
    const decision = this.policy.decide(true, outcome, attempts);
    if (decision.action !== 'retry') return false;
    this.emitWait(subject, 'retry', decision.delayMs);
    await this.sleep(decision.delayMs);
    return true;
  }

  private emit(attempt: Omit<HttpMessage, 'type' | 'level' | 'vendor'>): void {
    this.onMessage?.({ type: 'http.attempt', level: 'debug', vendor: this.vendor, ...attempt });
  }

  private emitWait(subject: WaitSubject, reason: HttpWaitMessage['reason'], waitMs: number): void {
    this.onMessage?.({ type: 'http.wait', level: 'debug', vendor: this.vendor, ...subject, reason, waitMs });
  }
}

type WaitSubject = Pick<HttpWaitMessage, 'method' | 'path' | 'attempt'>;

function isSuccess(status: number): boolean {
  return status >= 200 && status < 300;
}

function firstHeader(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function queryString(query: RequestSpec['query']): string {
  if (!query) return '';
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value !== undefined) params.set(key, value);
  const text = params.toString();
  return text ? `?${text}` : '';
}
