/**
 * The emulator's HTTP server: one port, vendor APIs under `/chatwoot`,
 * `/tether` and `/healthing`, the control surface under `/_emulator`.
 * Every vendor request passes, in order: due background jobs, fault injection,
 * rate limit, route handler, request log, persistence.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { UserError } from '../errors.js';
import {
  VENDOR_NAMES,
  type EmuRequest,
  type EmuResponse,
  type Fixtures,
  type RequestLogEntry,
  type VendorModule,
  type VendorName,
} from './contract.js';
import { CONTROL_ROUTES, EmulatorCore, controlBadRequest, controlNotFound, type EmulatorControl } from './control.js';
import { loadFixturesFile, resolveFixtures } from './fixtures.js';
import { DataFileWriter, loadDataFile } from './persistence.js';
import { Router } from './router.js';

export const DEFAULT_SEED = 0x5eed;
const DEFAULT_MAX_BODY_BYTES = 60 * 1024 * 1024;
const CONTROL_PREFIX = '/_emulator';

export interface EmulatorOptions {
  /** 0 or absent: an ephemeral port. */
  port?: number;
  /** Default 127.0.0.1: the control surface has no auth. */
  host?: string;
  fixtures?: Partial<Fixtures> | Fixtures;
  fixturesFile?: string;
  /** Load state from this file at start (if it exists) and save it after changes. */
  dataFile?: string;
  /** Seed for ids and tokens. */
  seed?: number;
  /** Emulator clock at start, ms since epoch; default real time. */
  clockStart?: number;
  /** Request bodies above this get 413. Default 60 MB. */
  maxBodyBytes?: number;
}

export interface RunningEmulator {
  /** `http://host:port`. */
  url: string;
  urls: Record<VendorName, string>;
  /** Stops the server and writes the final state to the data file. */
  close(): Promise<void>;
  control: EmulatorControl;
}

class BodyTooLargeError extends Error {}

function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > limit) {
      reject(new BodyTooLargeError());
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let failed = false;
    req.on('data', (chunk: Buffer) => {
      if (failed) return;
      size += chunk.length;
      if (size > limit) {
        failed = true;
        chunks.length = 0;
        reject(new BodyTooLargeError());
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function mediaType(header: string | undefined): string {
  return (header ?? '').split(';')[0]!.trim().toLowerCase();
}

function isJsonType(type: string): boolean {
  return type === 'application/json' || type.endsWith('+json');
}

function buildRequest(
  req: IncomingMessage,
  path: string,
  search: string,
  rawBody: Buffer,
  alwaysJson: boolean,
): EmuRequest {
  const contentType = mediaType(req.headers['content-type']);
  let body: unknown;
  let bodyInvalid = false;
  if ((alwaysJson || isJsonType(contentType)) && rawBody.length > 0) {
    try {
      body = JSON.parse(rawBody.toString('utf8'));
    } catch {
      bodyInvalid = true;
    }
  }
  return {
    method: (req.method ?? 'GET').toUpperCase(),
    path,
    params: {},
    query: new URLSearchParams(search),
    headers: req.headers,
    contentType,
    rawBody,
    body,
    bodyInvalid,
  };
}

function send(res: ServerResponse, response: EmuResponse, method: string): void {
  if (res.destroyed || res.headersSent) return;
  let payload: Buffer = Buffer.alloc(0);
  let contentType = response.contentType;
  if (response.json !== undefined) {
    payload = Buffer.from(JSON.stringify(response.json), 'utf8');
  } else if (response.text !== undefined) {
    payload = Buffer.from(response.text, 'utf8');
    contentType ??= 'text/plain; charset=utf-8';
  }
  const noBody = response.status === 204 || response.status === 304;
  const headers: Record<string, string | number> = {
    'content-type': contentType ?? 'application/json; charset=utf-8',
  };
  for (const [name, value] of Object.entries(response.headers ?? {})) headers[name.toLowerCase()] = value;
  headers['content-length'] = noBody ? 0 : payload.length;
  res.writeHead(response.status, headers);
  res.end(noBody || method === 'HEAD' ? undefined : payload);
}

function urlHost(host: string): string {
  if (host === '0.0.0.0' || host === '::' || host === '') return 'localhost';
  return host.includes(':') ? `[${host}]` : host;
}

type Target = { kind: 'control'; path: string } | { kind: 'vendor'; vendor: VendorName; path: string };

function resolveTarget(pathname: string): Target | undefined {
  const below = (prefix: string): string | undefined => {
    if (pathname === prefix) return '/';
    return pathname.startsWith(`${prefix}/`) ? pathname.slice(prefix.length) : undefined;
  };
  const control = below(CONTROL_PREFIX);
  if (control !== undefined) return { kind: 'control', path: control };
  for (const vendor of VENDOR_NAMES) {
    const path = below(`/${vendor}`);
    if (path !== undefined) return { kind: 'vendor', vendor, path };
  }
  return undefined;
}

function elapsed(started: number): number {
  return Math.round((performance.now() - started) * 100) / 100;
}

async function resolveStartFixtures(options: EmulatorOptions): Promise<Fixtures> {
  if (options.fixturesFile !== undefined && options.fixtures !== undefined) {
    throw new UserError('give the emulator either fixtures or a fixtures file, not both');
  }
  if (options.fixturesFile !== undefined) return loadFixturesFile(options.fixturesFile);
  return resolveFixtures(options.fixtures, 'the fixtures option');
}

function listen(server: Server, port: number, host: string): Promise<AddressInfo> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve(server.address() as AddressInfo);
    });
  });
}

/** Starts an emulator serving the given vendor modules (tests may pass their own). */
export async function launchEmulator(
  modules: readonly VendorModule<unknown>[],
  options: EmulatorOptions = {},
): Promise<RunningEmulator> {
  const fixtures = await resolveStartFixtures(options);
  const restored = options.dataFile !== undefined ? await loadDataFile(options.dataFile) : undefined;
  const host = options.host ?? '127.0.0.1';
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const routers = new Map(modules.map((m) => [m.name, new Router(m.routes)] as const));
  const controlRouter = new Router(CONTROL_ROUTES);

  let core: EmulatorCore | undefined;
  const server = createServer((req, res) => {
    if (!core) {
      send(res, { status: 503, json: { error: 'emulator is starting' } }, 'GET');
      return;
    }
    handle(core, req, res).catch((err: Error) => {
      send(res, { status: 500, json: { error: `emulator failure: ${err.message}` } }, 'GET');
    });
  });

  const address = await listen(server, options.port ?? 0, host);
  const origin = `http://${urlHost(host)}:${address.port}`;
  const readyCore = new EmulatorCore({
    modules,
    fixtures,
    seed: options.seed ?? DEFAULT_SEED,
    ...(options.clockStart !== undefined ? { clockStart: options.clockStart } : {}),
    ...(restored ? { restored } : {}),
    origin,
  });
  const writer =
    options.dataFile !== undefined ? new DataFileWriter(options.dataFile, () => readyCore.persisted()) : undefined;
  if (writer) {
    readyCore.onChange(() => writer.markDirty());
    try {
      await writer.flush();
    } catch (err) {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      throw err;
    }
  }
  core = readyCore;

  async function handle(core: EmulatorCore, req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = performance.now();
    const method = (req.method ?? 'GET').toUpperCase();
    const rawUrl = req.url ?? '/';
    const q = rawUrl.indexOf('?');
    const pathname = q < 0 ? rawUrl : rawUrl.slice(0, q);
    const search = q < 0 ? '' : rawUrl.slice(q + 1);
    const target = resolveTarget(pathname);
    if (!target) {
      const index = pathname === '/' && method === 'GET';
      const response = index
        ? { status: 200, json: describe() }
        : { status: 404, json: { error: 'Not Found', ...describe() } };
      send(res, response, method);
      return;
    }
    const logVendor = target.kind === 'control' ? 'control' : target.vendor;
    const relative =
      target.kind === 'control' ? `${CONTROL_PREFIX}${target.path === '/' ? '' : target.path}` : target.path;
    const logPath = relative + (search ? `?${search}` : '');
    const log = (status: number, extra: Partial<RequestLogEntry> = {}) =>
      core.record({ vendor: logVendor, method, path: logPath, status, duration_ms: elapsed(started), ...extra });

    let rawBody: Buffer;
    try {
      rawBody = await readBody(req, maxBodyBytes);
    } catch (err) {
      if (!(err instanceof BodyTooLargeError)) return; // client went away mid-body
      const limitMb = Math.round(maxBodyBytes / 1024 / 1024);
      const tooLarge = {
        status: 413,
        json: { error: `request body exceeds ${limitMb} MB` },
        headers: { connection: 'close' },
      };
      send(res, tooLarge, method);
      log(413);
      return;
    }

    if (target.kind === 'control') {
      core.runDueJobs();
      const response = runControl(core, buildRequest(req, target.path, search, rawBody, true));
      send(res, response, method);
      log(response.status);
      core.changed();
      return;
    }

    const module = core.module(target.vendor);
    const router = routers.get(target.vendor);
    if (!module || !router) {
      send(res, { status: 404, json: { error: `vendor ${target.vendor} is not enabled` } }, method);
      log(404);
      return;
    }
    const emuReq = buildRequest(req, target.path, search, rawBody, false);
    let fault: RequestLogEntry['fault'];
    let resetAfterCommit = false;
    const decision = core.faults.decide(target.vendor, method, logPath);
    if (decision) {
      if (decision.latencyMs > 0) {
        fault = 'latency';
        await sleep(decision.latencyMs);
      }
      const outcome = decision.outcome;
      if (outcome?.kind === 'error' || outcome?.kind === '429') {
        const response =
          outcome.kind === 'error'
            ? module.serverError(outcome.status)
            : module.tooManyRequests(outcome.retryAfterSeconds);
        send(res, response, method);
        log(response.status, { fault: outcome.kind });
        return;
      }
      if (outcome?.kind === 'reset') {
        req.socket.destroy();
        log(0, { fault: 'reset' });
        return;
      }
      resetAfterCommit = outcome?.kind === 'commit_then_reset';
    }

    const rate = core.rateLimiter.take(target.vendor, req.socket.remoteAddress ?? '');
    if (!rate.allowed) {
      const response = module.tooManyRequests(rate.retryAfterSeconds);
      send(res, response, method);
      log(response.status, { fault: 'rate_limit' });
      return;
    }

    // Jobs run only now, after any injected latency, so they see the time the handler sees.
    core.runDueJobs();
    const { response, error } = runVendor(core, target.vendor, module, router, emuReq);
    core.changed();
    if (resetAfterCommit) {
      req.socket.destroy();
      log(0, { fault: 'commit_then_reset', ...(error ? { error } : {}) });
      return;
    }
    send(res, response, method);
    log(response.status, { ...(fault ? { fault } : {}), ...(error ? { error } : {}) });
  }

  function runVendor(
    core: EmulatorCore,
    vendor: VendorName,
    module: VendorModule<unknown>,
    router: Router<unknown>,
    req: EmuRequest,
  ): { response: EmuResponse; error?: string } {
    const match = router.match(req.method, req.path);
    if (!match) return { response: module.notFound() };
    try {
      const request = { ...req, params: match.params };
      return { response: match.route.handle(request, core.vendorState(vendor), core.env(vendor)) };
    } catch (err) {
      return { response: module.serverError(500), error: err instanceof Error ? err.message : String(err) };
    }
  }

  function runControl(core: EmulatorCore, req: EmuRequest): EmuResponse {
    if (req.bodyInvalid) return controlBadRequest('the request body is not valid JSON');
    const match = controlRouter.match(req.method, req.path);
    if (!match) return controlNotFound();
    try {
      return match.route.handle({ ...req, params: match.params }, core, core.controlEnv);
    } catch (err) {
      if (err instanceof UserError) return controlBadRequest(err.message);
      return { status: 500, json: { error: err instanceof Error ? err.message : String(err) } };
    }
  }

  const urls = Object.fromEntries(VENDOR_NAMES.map((v) => [v, `${origin}/${v}`])) as Record<VendorName, string>;
  function describe() {
    return { name: 'deskform emulator', vendors: urls, control: `${origin}${CONTROL_PREFIX}` };
  }

  let closing: Promise<void> | undefined;
  return {
    url: origin,
    urls,
    control: readyCore,
    close() {
      closing ??= (async () => {
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        });
        await writer?.flush();
      })();
      return closing;
    },
  };
}
