/**
 * A scripted HTTP server impersonating one vendor on 127.0.0.1: every route
 * answers sanely except the one a case sabotages. It logs every request, so a
 * case can prove nothing was written after a misread answer.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** `body` is the whole request body, read before the responder runs. */
export type Responder = (req: IncomingMessage, res: ServerResponse, body: string) => void;

export interface HostileServer {
  url: string;
  requests: Array<{ method: string; path: string }>;
  close(): Promise<void>;
}

/** `routes` maps `METHOD /path` to a responder; anything else is a JSON 404. */
export async function startHostileServer(routes: Record<string, Responder>): Promise<HostileServer> {
  const requests: HostileServer['requests'] = [];
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0]!;
    requests.push({ method: req.method ?? 'GET', path });
    // Read the request body first: answering before reading it would reset some clients.
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString()));
    req.on('end', () => (routes[`${req.method} ${path}`] ?? json(404, { error: 'not found' }))(req, res, body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export function json(status: number, body: unknown): Responder {
  return (_req, res) => {
    const text = JSON.stringify(body);
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
    res.end(text);
  };
}

/** Answers a write with what `build` makes of the JSON it was sent: a create answer naming another object than the one sent. */
export function answerFromSent(status: number, build: (sent: Record<string, unknown>) => unknown): Responder {
  return (req, res, body) => json(status, build(JSON.parse(body) as Record<string, unknown>))(req, res, body);
}

/** Any bytes, labelled as JSON. */
export function rawJson(status: number, text: string): Responder {
  return (_req, res) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(text);
  };
}

/** Promises `declared` bytes, sends part of them, then drops the connection. */
export function truncated(text: string, declared: number): Responder {
  return (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': declared });
    res.write(text, () => res.socket?.destroy());
  };
}

/** Declares a body far beyond any sane limit. */
export function declaredHuge(): Responder {
  return (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': 4 * 1024 * 1024 * 1024 });
    res.write('{"payload": [');
  };
}

/** Streams an endless JSON array until the client gives up. */
export function endless(): Responder {
  return (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.write('{"payload": [');
    const chunk = Buffer.from('{"id": 1, "slug": "x", "name": "x"},'.repeat(2000));
    const pump = () => {
      while (!res.destroyed && res.write(chunk));
      if (!res.destroyed) res.once('drain', pump);
    };
    res.on('close', () => res.removeAllListeners('drain'));
    pump();
  };
}

/** Sends headers, then one byte at a time, forever: never idle long enough for an inactivity timeout. */
export function slowDrip(everyMs: number): Responder {
  return (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.write('{"payload": [');
    const timer = setInterval(() => res.write(' '), everyMs);
    res.on('close', () => clearInterval(timer));
  };
}

/** Accepts the request and never answers. */
export function silent(): Responder {
  return () => undefined;
}
