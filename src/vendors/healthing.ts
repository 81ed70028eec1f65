/**
 * Healthing client: messaging channels (adopt-only: list and update).
 * Logs in lazily; access tokens live 30 minutes and are refreshed on 401.
 */
import * as z from 'zod';
import type { HealthingProvider } from '../config/providers.js';
import { SessionAuth, type Session } from './http/auth.js';
import type { HttpOptions, VendorMetrics } from './http/options.js';
import { Redactor } from '../util/redactor.js';
import { VendorHttp, type HttpResponse } from './http/vendor-http.js';
import { expectObject, expectObjects, expectShape, expectUniqueIds, isRecord, stringField, unexpectedShape, type JsonObject } from './http/wire.js';
import { healthingChannelShape } from './wire-shapes.js';

export type { HealthingProvider };

export interface HealthingChannel {
  id: number;
  name: string;
  channel_type: string;
  status: string;
  config: JsonObject;
  is_active: boolean;
  is_default: boolean;
  assignment_mode?: string | null;
  business_hours_enabled?: boolean;
  [key: string]: unknown;
}

/** ChannelUpdate: `business_hours` and `assignment_mode`, both optional. */
export type HealthingBody = JsonObject;

/** FastAPI errors: `{detail: string}` or validation `{detail: [{loc, msg}]}` → "body.assignment_mode: Input should be …". */
export function healthingMessage(body: unknown): string | undefined {
  const detail = isRecord(body) ? body['detail'] : undefined;
  if (!Array.isArray(detail)) return stringField(body, 'detail', 'message');
  const parts = detail.filter(isRecord).map((item) => {
    const loc = Array.isArray(item['loc']) ? item['loc'].map(String).join('.') : '';
    const msg = typeof item['msg'] === 'string' ? item['msg'] : 'invalid';
    return loc ? `${loc}: ${msg}` : msg;
  });
  return parts.length > 0 ? parts.join('; ') : undefined;
}

export class HealthingClient {
  private readonly http: VendorHttp;

  constructor(provider: HealthingProvider, options: HttpOptions = {}) {
    const redactor = new Redactor([provider.password]);
    const credentials = { email: provider.email, password: provider.password };
    const auth = new SessionAuth(
      {
        login: () => this.token('/api/v1/auth/login', credentials),
        refresh: (session) => this.token('/api/v1/auth/refresh', { refresh_token: session.refreshToken }),
      },
      redactor,
    );
    this.http = new VendorHttp(
      { vendor: 'healthing', baseUrl: provider.url, auth, redactor, messageOf: healthingMessage },
      options,
    );
  }

  async listChannels(): Promise<HealthingChannel[]> {
    const res = await this.http.request({ method: 'GET', path: '/api/v1/channels' });
    const bare = Array.isArray(res.body);
    const list = bare ? res.body : expectObject('healthing', res)['items'];
    expectObjects('healthing', res, list, 'Channel[] or {items: Channel[]}');
    const channels = expectShape('healthing', res, list, z.array(healthingChannelShape), { at: bare ? '' : 'items' }) as HealthingChannel[];
    expectUniqueIds('healthing', res, channels.map((c) => String(c.id)), 'channels');
    return channels;
  }

  async updateChannel(id: number, body: HealthingBody): Promise<HealthingChannel> {
    if (!Number.isInteger(id)) throw new TypeError(`healthing channel id must be an integer, got ${String(id)}`);
    const res = await this.http.request({ method: 'PUT', path: `/api/v1/channels/${id}`, json: body });
    return expectObject('healthing', res) as HealthingChannel;
  }

  metrics(): VendorMetrics {
    return this.http.metrics();
  }

  close(): Promise<void> {
    return this.http.close();
  }

  /** Login and refresh both answer `{access_token, refresh_token, token_type, expires_in}`. */
  private async token(path: string, json: JsonObject): Promise<Session> {
    // Repeating a login or refresh creates nothing; a failed refresh falls back to login.
    const res: HttpResponse = await this.http.request({ method: 'POST', path, json, anonymous: true, idempotent: true });
    const body = expectObject('healthing', res);
    const access = body['access_token'];
    const refresh = body['refresh_token'];
    if (typeof access !== 'string' || access === '') {
      throw unexpectedShape('healthing', res, '{access_token, refresh_token}');
    }
    return { accessToken: access, refreshToken: typeof refresh === 'string' ? refresh : undefined };
  }
}
