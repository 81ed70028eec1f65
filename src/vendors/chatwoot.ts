/**
 * Chatwoot client: help-center portals and inboxes of one account.
 * Returns the wire JSON as Chatwoot sends it; the kinds normalise it.
 */
import * as z from 'zod';
import { StaticHeaderAuth } from './http/auth.js';
import type { HttpOptions, VendorMetrics } from './http/options.js';
import { Redactor } from '../util/redactor.js';
import type { ChatwootProvider } from '../config/providers.js';
import { VendorHttp, type HttpMethod } from './http/vendor-http.js';
import { expectCreated, expectObject, expectObjects, expectShape, expectUniqueIds, isRecord, stringField, type ExpectedCreate, type JsonObject } from './http/wire.js';
import { chatwootInboxShape, chatwootPortalShape } from './wire-shapes.js';

export type { ChatwootProvider };

export interface ChatwootVersion {
  version: string;
  [key: string]: unknown;
}

export interface ChatwootPortal {
  id: number;
  slug: string;
  name: string;
  account_id: number;
  archived: boolean;
  color: string | null;
  custom_domain: string | null;
  header_text: string | null;
  homepage_link: string | null;
  page_title: string | null;
  config: { allowed_locales?: Array<{ code: string; [key: string]: unknown }>; [key: string]: unknown };
  /** Present only when a web-widget inbox is linked. */
  inbox?: ChatwootInbox;
  meta: { default_locale?: string; [key: string]: unknown };
  [key: string]: unknown;
}

export interface ChatwootInbox {
  id: number;
  name: string;
  channel_id: number;
  /** e.g. `Channel::WebWidget`. */
  channel_type: string;
  /** Present only when the inbox is linked to a portal; carries no id. */
  help_center?: { name: string; slug: string };
  /** All seven days, sorted by day_of_week. */
  working_hours?: Array<{
    day_of_week: number;
    closed_all_day: boolean | null;
    open_all_day: boolean | null;
    open_hour: number | null;
    open_minutes: number | null;
    close_hour: number | null;
    close_minutes: number | null;
  }>;
  [key: string]: unknown;
}

/** `DELETE /inboxes/{id}` only enqueues the deletion; the inbox stays visible for a while. */
export interface ChatwootDeleteAck {
  message?: string;
  [key: string]: unknown;
}

/** Request bodies are passed through untouched; the kinds build them per the API contract. */
export type ChatwootBody = JsonObject;

/** Chatwoot's error bodies: `{error}`, `{errors:[…]}`, `{message, attributes}`, or the pre-2025-08 `{error:{attr:[msg]}}`. */
export function chatwootMessage(body: unknown): string | undefined {
  const direct = stringField(body, 'message', 'error');
  if (direct !== undefined || !isRecord(body)) return direct;
  if (Array.isArray(body['errors'])) {
    const parts = body['errors'].filter((e): e is string => typeof e === 'string');
    if (parts.length > 0) return parts.join('; ');
  }
  const nested = body['error'];
  if (isRecord(nested)) {
    return Object.entries(nested)
      .map(([attr, msgs]) => `${attr} ${Array.isArray(msgs) ? msgs.join(', ') : String(msgs)}`)
      .join('; ');
  }
  return undefined;
}

export class ChatwootClient {
  private readonly http: VendorHttp;
  private readonly accountPath: string;

  constructor(provider: ChatwootProvider, options: HttpOptions = {}) {
    if (!Number.isInteger(provider.account_id)) throw new TypeError('chatwoot account_id must be an integer');
    const redactor = new Redactor([provider.api_token]);
    this.http = new VendorHttp(
      {
        vendor: 'chatwoot',
        baseUrl: provider.url,
        // The hyphenated form survives proxies (nginx drops underscored headers).
        auth: new StaticHeaderAuth('api-access-token', provider.api_token),
        redactor,
        messageOf: chatwootMessage,
      },
      options,
    );
    this.accountPath = `/api/v1/accounts/${provider.account_id}`;
  }

  async version(): Promise<ChatwootVersion> {
    const res = await this.http.request({ method: 'GET', path: '/api', anonymous: true });
    return expectObject('chatwoot', res) as ChatwootVersion;
  }

  async listPortals(): Promise<ChatwootPortal[]> {
    const res = await this.http.request({ method: 'GET', path: `${this.accountPath}/portals` });
    const list = expectObjects('chatwoot', res, expectObject('chatwoot', res)['payload'], 'payload: Portal[]');
    const portals = expectShape('chatwoot', res, list, z.array(chatwootPortalShape), { at: 'payload' }) as ChatwootPortal[];
    expectUniqueIds('chatwoot', res, portals.map((p) => String(p.id)), 'portals');
    return portals;
  }

  /** `expected`: what the answer must name, else it is refused (WrongObjectError). */
  async createPortal(body: ChatwootBody, expected?: ExpectedCreate): Promise<ChatwootPortal> {
    const res = await this.http.request({ method: 'POST', path: `${this.accountPath}/portals`, json: body });
    const portal = expectShape('chatwoot', res, res.body, chatwootPortalShape, { at: '', ambiguous: true }) as ChatwootPortal;
    expectCreated('chatwoot', res, { id: String(portal.id), key: portal.slug }, expected);
    return portal;
  }

  updatePortal(slug: string, body: ChatwootBody): Promise<ChatwootPortal> {
    return this.object<ChatwootPortal>('PATCH', `/portals/${encodeURIComponent(slug)}`, body);
  }

  /** Answers 200 with an empty body. */
  async deletePortal(slug: string): Promise<void> {
    await this.http.request({ method: 'DELETE', path: `${this.accountPath}/portals/${encodeURIComponent(slug)}` });
  }

  async listInboxes(): Promise<ChatwootInbox[]> {
    const res = await this.http.request({ method: 'GET', path: `${this.accountPath}/inboxes` });
    const list = expectObjects('chatwoot', res, expectObject('chatwoot', res)['payload'], 'payload: Inbox[]');
    const inboxes = expectShape('chatwoot', res, list, z.array(chatwootInboxShape), { at: 'payload' }) as ChatwootInbox[];
    expectUniqueIds('chatwoot', res, inboxes.map((i) => String(i.id)), 'inboxes');
    return inboxes;
  }

  getInbox(id: number): Promise<ChatwootInbox> {
    return this.object<ChatwootInbox>('GET', `/inboxes/${inboxId(id)}`);
  }

  /**
   * `secrets`: values in the body a vendor error might quote back (IMAP/SMTP passwords), redacted from errors and events.
   * `expected`: what the answer must name, else it is refused (WrongObjectError).
   */
  async createInbox(body: ChatwootBody, secrets: readonly string[] = [], expected?: ExpectedCreate): Promise<ChatwootInbox> {
    const res = await this.http.request({ method: 'POST', path: `${this.accountPath}/inboxes`, json: body, secrets: [...secrets] });
    const inbox = expectShape('chatwoot', res, res.body, chatwootInboxShape, { at: '', ambiguous: true }) as ChatwootInbox;
    expectCreated('chatwoot', res, { id: String(inbox.id), key: inbox.name }, expected);
    return inbox;
  }

  async updateInbox(id: number, body: ChatwootBody, secrets: readonly string[] = []): Promise<ChatwootInbox> {
    const res = await this.http.request({ method: 'PATCH', path: `${this.accountPath}/inboxes/${inboxId(id)}`, json: body, secrets: [...secrets] });
    return expectObject('chatwoot', res) as ChatwootInbox;
  }

  /** Asynchronous on Chatwoot's side: the inbox stays listed until its job runs. */
  async deleteInbox(id: number): Promise<ChatwootDeleteAck> {
    const res = await this.http.request({ method: 'DELETE', path: `${this.accountPath}/inboxes/${inboxId(id)}` });
    return res.body === undefined ? {} : (expectObject('chatwoot', res) as ChatwootDeleteAck);
  }

  metrics(): VendorMetrics {
    return this.http.metrics();
  }

  close(): Promise<void> {
    return this.http.close();
  }

  private async object<T>(method: HttpMethod, path: string, json?: ChatwootBody): Promise<T> {
    const res = await this.http.request({ method, path: this.accountPath + path, json });
    return expectObject('chatwoot', res) as T;
  }
}

function inboxId(id: number): string {
  if (!Number.isInteger(id)) throw new TypeError(`chatwoot inbox id must be an integer, got ${String(id)}`);
  return String(id);
}
