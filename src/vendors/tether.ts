/**
 * Tether client: webchat widgets, plus the prompts, pipelines and uploads
 * they reference. Envelopes differ per endpoint (see the API contract), so
 * each method unwraps its own; the documents inside are returned as sent.
 */
import * as z from 'zod';
import type { TetherProvider } from '../config/providers.js';
import { SessionAuth, StaticHeaderAuth, type AuthProvider } from './http/auth.js';
import { filePart } from './http/multipart.js';
import type { HttpOptions, VendorMetrics } from './http/options.js';
import { Redactor } from '../util/redactor.js';
import { VendorHttp, type HttpResponse } from './http/vendor-http.js';
import { expectCreated, expectObject, expectObjects, expectShape, expectUniqueIds, isRecord, stringField, unexpectedShape, type ExpectedCreate, type JsonObject } from './http/wire.js';
import { tetherPipelineShape, tetherPromptShape, tetherWebchatShape } from './wire-shapes.js';

export type { TetherProvider };

export interface TetherWebchat {
  _id: string;
  name: string;
  organizationId?: string;
  promptId?: string;
  allowedDomains?: string[];
  pipelineId?: string;
  /** A PipelineStage id; Tether may leave it out of reads. */
  pipelineStage?: string;
  initialStage?: string;
  isAutopilot?: boolean;
  isEnabled?: boolean;
  /** A freshly signed URL on every read. */
  icon?: string;
  [key: string]: unknown;
}

export interface TetherPrompt {
  _id: string;
  name: string;
  [key: string]: unknown;
}

export interface TetherPipeline {
  _id: string;
  name: string;
  type: 'Contact' | 'Application' | string;
  isDefault?: boolean;
  pipelineStages?: Array<{ _id: string; name: string; color?: string; position?: number; [key: string]: unknown }>;
  [key: string]: unknown;
}

export interface TetherUploadedFile {
  /** Storage key to put into a webchat's `icon`. */
  key: string;
  signedUrl?: string;
  name?: string;
  size?: number;
  [key: string]: unknown;
}

/** Webchat create/update bodies use Tether's camelCase field names. */
export type TetherBody = JsonObject;

/** Tether errors: `{message}` (validation, not found) or `{error}` (auth). */
export function tetherMessage(body: unknown): string | undefined {
  return stringField(body, 'message', 'error');
}

export class TetherClient {
  private readonly http: VendorHttp;

  constructor(provider: TetherProvider, options: HttpOptions = {}) {
    const redactor = new Redactor('token' in provider ? [provider.token] : [provider.password]);
    let auth: AuthProvider;
    if ('token' in provider) {
      auth = new StaticHeaderAuth('authorization', `Bearer ${provider.token}`);
    } else {
      const credentials = { email: provider.email, password: provider.password };
      auth = new SessionAuth({ login: () => this.login(credentials) }, redactor);
    }
    this.http = new VendorHttp({ vendor: 'tether', baseUrl: provider.url, auth, redactor, messageOf: tetherMessage }, options);
  }

  async listWebchats(): Promise<TetherWebchat[]> {
    const res = await this.http.request({ method: 'GET', path: '/api/webchats' });
    const envelope = Array.isArray(res.body) ? undefined : objectOf(res);
    const at = envelope ? ('data' in envelope ? 'data' : 'webchats') : '';
    const list = envelope ? envelope[at] : res.body;
    expectObjects('tether', res, list, 'Webchat[], {data: Webchat[]} or {webchats: Webchat[]}');
    const webchats = expectShape('tether', res, list, z.array(tetherWebchatShape), { at }) as TetherWebchat[];
    expectUniqueIds('tether', res, webchats.map((w) => w._id), 'webchats');
    return webchats;
  }

  /** `expected`: what the answer must name, else it is refused (WrongObjectError). */
  async createWebchat(body: TetherBody, expected?: ExpectedCreate): Promise<TetherWebchat> {
    const res = await this.http.request({ method: 'POST', path: '/api/webchats', json: body });
    const data = isRecord(res.body) ? res.body['data'] : undefined;
    const webchat = expectShape('tether', res, data, tetherWebchatShape, { at: 'data', ambiguous: true }) as TetherWebchat;
    expectCreated('tether', res, { id: webchat._id, key: webchat.name }, expected);
    return webchat;
  }

  async updateWebchat(id: string, body: TetherBody): Promise<TetherWebchat> {
    return webchatOf(await this.http.request({ method: 'PUT', path: `/api/webchats/${encodeURIComponent(id)}`, json: body }));
  }

  /** Resolves false when the webchat was already gone (404). */
  async deleteWebchat(id: string): Promise<boolean> {
    const res = await this.http.request({ method: 'DELETE', path: `/api/webchats/${encodeURIComponent(id)}`, accept: [404] });
    return res.status !== 404;
  }

  async listPrompts(): Promise<TetherPrompt[]> {
    const res = await this.http.request({ method: 'GET', path: '/api/prompts/user' });
    const bare = Array.isArray(res.body);
    const list = bare ? res.body : objectOf(res)['data'];
    expectObjects('tether', res, list, 'Prompt[]');
    return expectShape('tether', res, list, z.array(tetherPromptShape), { at: bare ? '' : 'data' }) as TetherPrompt[];
  }

  /** Without `id`, the organization's default pipeline of `type` (Tether's default type is Contact). */
  async getPipeline(selector: { type?: 'Contact' | 'Application'; id?: string } = {}): Promise<TetherPipeline> {
    const res = await this.http.request({
      method: 'GET',
      path: '/api/pipelines',
      query: { type: selector.type, pipelineId: selector.id },
    });
    const pipeline = expectObject('tether', res, objectOf(res)['pipeline']);
    return expectShape('tether', res, pipeline, tetherPipelineShape, { at: 'pipeline' }) as TetherPipeline;
  }

  /**
   * Uploads one file (multipart field `files`). Repeating it only stores the
   * same bytes again under a new key, so it is retried like an idempotent call.
   */
  async upload(filename: string, bytes: Uint8Array, contentType: string): Promise<TetherUploadedFile> {
    const res = await this.http.request({
      method: 'POST',
      path: '/api/upload',
      raw: filePart('files', filename, bytes, contentType),
      idempotent: true,
    });
    const files = objectOf(res)['files'];
    const first: unknown = Array.isArray(files) ? files[0] : undefined;
    const file = expectObject('tether', res, first);
    if (typeof file['key'] !== 'string') throw unexpectedShape('tether', res, '{files: [{key, …}]}');
    return file as TetherUploadedFile;
  }

  metrics(): VendorMetrics {
    return this.http.metrics();
  }

  close(): Promise<void> {
    return this.http.close();
  }

  private async login(credentials: { email: string; password: string }): Promise<{ accessToken: string }> {
    // Logging in twice is harmless, so a lost answer may be retried.
    const res = await this.http.request({
      method: 'POST',
      path: '/api/auth/login',
      json: credentials,
      anonymous: true,
      idempotent: true,
    });
    const token = objectOf(res)['token'];
    if (typeof token !== 'string' || token === '') throw unexpectedShape('tether', res, '{token, user}');
    return { accessToken: token };
  }
}

function objectOf(res: HttpResponse): JsonObject {
  return expectObject('tether', res);
}

/** Create and update answer `{message, data}`; never key off `message` (update's says "created"). */
function webchatOf(res: HttpResponse): TetherWebchat {
  return expectObject('tether', res, objectOf(res)['data']) as TetherWebchat;
}
