/**
 * The contract between the emulator's core (HTTP server, router, faults,
 * request log, control surface, persistence) and its vendor modules.
 *
 * The emulator is an independent implementation of the vendors' servers: it
 * must never import the product's vendor clients or kinds.
 */
import type { IncomingHttpHeaders } from 'node:http';

export type VendorName = 'chatwoot' | 'tether' | 'healthing';
export const VENDOR_NAMES: readonly VendorName[] = ['chatwoot', 'tether', 'healthing'];

/** A request as a vendor route handler sees it. */
export interface EmuRequest {
  method: string;
  /** Path below the vendor prefix, e.g. `/api/v1/accounts/1/portals`. */
  path: string;
  /** Named segments of the matched route pattern (`:slug` → params.slug). */
  params: Record<string, string>;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  /** Lower-cased media type without parameters, '' when absent. */
  contentType: string;
  rawBody: Buffer;
  /** Parsed JSON when the content type is JSON and the body parses; else undefined. */
  body: unknown;
  /** True when a JSON content type carried a body that does not parse. */
  bodyInvalid: boolean;
}

/** What a handler answers. `json` and `text` are exclusive; neither = empty body. */
export interface EmuResponse {
  status: number;
  json?: unknown;
  text?: string;
  /** Defaults to application/json (also for empty bodies, as Rails `head :ok` does). */
  contentType?: string;
  headers?: Record<string, string>;
}

/** Services the core hands to vendor handlers. */
export interface EmuEnv {
  /** Emulator clock in ms since epoch; tests can advance it through the control surface. */
  now(): number;
  /** Base URL of this vendor's prefix, e.g. `http://127.0.0.1:4010/tether`. */
  baseUrl: string;
  /** Deterministic pseudo-random source for ids and tokens (seeded). */
  random(): number;
}

/**
 * Handlers are synchronous on purpose: node runs one at a time to completion,
 * so concurrent requests can never observe a half-applied write.
 */
export type Handler<S> = (req: EmuRequest, state: S, env: EmuEnv) => EmuResponse;

export interface RouteDef<S> {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Path pattern below the vendor prefix with `:name` segments, e.g. `/api/webchats/:id`. */
  pattern: string;
  handle: Handler<S>;
}

export interface VendorModule<S> {
  name: VendorName;
  /** Fresh state built from this vendor's fixture section. Must be JSON-serialisable (persistence). */
  initialState(fixtures: Fixtures, env: EmuEnv): S;
  routes: RouteDef<S>[];
  /** Answer for an unknown route under this vendor's prefix. */
  notFound(): EmuResponse;
  /** Answer for an injected or rate-limited 429. */
  tooManyRequests(retryAfterSeconds: number | undefined): EmuResponse;
  /** Answer for an injected 5xx. */
  serverError(status: number): EmuResponse;
  /** Background work due at `now` (e.g. Chatwoot's asynchronous inbox delete); `drain` runs all of it. */
  runJobs?(state: S, env: EmuEnv, drain: boolean): void;
  /** Names of demo credentials to print on start (e.g. `{ 'admin token': 'demo-…' }`). */
  describeCredentials?(state: S): Record<string, string>;
}

// ---------------------------------------------------------------- fixtures

export interface ChatwootFixtures {
  /** Reported by `GET /api`. */
  version?: string;
  /** 4.9.1 behaviour (500 on unknown slug, …); false gives the post-#15798 404s. Default true. */
  bug_compatible?: boolean;
  /** How long a deleted inbox stays visible. Default 2000 ms. */
  inbox_delete_delay_ms?: number;
  /** `inbox_limit`: inboxes the account's plan allows (creating past it answers 402). Default 100,000. */
  accounts: Array<{ id: number; name: string; status?: 'active' | 'suspended'; locale?: string; inbox_limit?: number }>;
  users: Array<{
    id: number;
    name: string;
    email: string;
    access_token: string;
    memberships: Array<{ account_id: number; role: 'agent' | 'administrator'; permissions?: string[] }>;
  }>;
  agent_bots?: Array<{ id: number; name: string; access_token?: string; account_id?: number | null }>;
  platform_app_tokens?: string[];
}

export interface TetherFixtures {
  organizations: Array<{ id: string; name: string }>;
  users: Array<{
    id: string;
    email: string;
    password: string;
    full_name: string;
    organization_id: string;
    access_role: 'SUPERADMIN' | 'ADMIN' | 'DEPARTMENT_HEAD' | 'SALES_REP';
    /** Long-lived API key accepted as a bearer token. */
    api_key?: string;
  }>;
  prompts: Array<{ id: string; organization_id: string; user_id: string; name: string; description?: string }>;
  pipelines: Array<{
    id: string;
    organization_id: string;
    name: string;
    type: 'Contact' | 'Application';
    is_default: boolean;
    stages: Array<{ id: string; name: string; color: string; position: number }>;
  }>;
  /** 400 when promptId/pipelineId/pipelineStage do not exist in the org. Default false. */
  strict_references?: boolean;
}

export interface HealthingFixtures {
  /** Access-token lifetime in seconds. Default 1800. */
  access_token_lifetime_s?: number;
  tenants: Array<{ id: number; name: string }>;
  users: Array<{ id: number; email: string; password: string; full_name: string; tenant_id: number; role: string }>;
  channels: Array<{
    id?: number;
    tenant_id: number;
    name: string;
    channel_type: string;
    status?: string;
    is_active?: boolean;
    is_default?: boolean;
    assignment_mode?: string | null;
  }>;
}

export interface Fixtures {
  chatwoot: ChatwootFixtures;
  tether: TetherFixtures;
  healthing: HealthingFixtures;
}

// ---------------------------------------------------------------- faults

/** One fault rule; a request is matched against the rules in order, first match wins. */
export interface FaultRule {
  vendor?: VendorName;
  /** Upper-case HTTP method. */
  method?: string;
  /** Substring of the vendor-relative path. */
  path?: string;
  /** Added before the handler runs. */
  latency_ms?: number;
  /** Probability of a 5xx answered without running the handler. */
  error_rate?: number;
  /** Status used by error_rate. Default 503. */
  error_status?: number;
  /** Probability of a 429 carrying `Retry-After: retry_after_s`. */
  rate_429_retry_after?: number;
  /** Probability of a 429 without Retry-After. */
  rate_429?: number;
  /** Retry-After value in seconds for rate_429_retry_after. Default 1. */
  retry_after_s?: number;
  /** Probability of destroying the socket before the handler runs. */
  reset_rate?: number;
  /** Probability of running the handler (the write commits) and then destroying the socket. */
  commit_then_reset_rate?: number;
  /** Apply to this many matching requests only, then the rule is spent. */
  times?: number;
}

export interface FaultConfig {
  /** Same seed + same request sequence → same fault sequence. */
  seed: number;
  rules: FaultRule[];
}

/** Per-vendor limit; beyond it the vendor's own 429 is answered. */
export type RateLimit = TokenBucketLimit | FixedWindowLimit;

interface RateLimitBase {
  /** Send Retry-After on the 429 (Chatwoot never does, whatever this says). */
  retry_after?: boolean;
}

/** A token bucket over all clients: a steady rate, with bursts of up to one second's worth. */
export interface TokenBucketLimit extends RateLimitBase {
  requests_per_second: number;
}

/**
 * rack-attack's throttle: at most `requests_per_window` per client IP in each
 * window; windows are aligned to the epoch on the emulator clock, as rack-attack
 * counts `Time.now.to_i / period` (Chatwoot: 3000 per 60,000 ms).
 */
export interface FixedWindowLimit extends RateLimitBase {
  requests_per_window: number;
  window_ms: number;
}

export interface RequestLogEntry {
  seq: number;
  vendor: VendorName | 'control';
  method: string;
  /** Vendor-relative path with query string. */
  path: string;
  /** 0 when the socket was destroyed without a response. */
  status: number;
  duration_ms: number;
  /** Which fault, if any, was injected. */
  fault?: 'latency' | 'error' | '429' | 'reset' | 'commit_then_reset' | 'rate_limit';
  /** Message of an exception a handler threw (answered as the vendor's 500). */
  error?: string;
}
