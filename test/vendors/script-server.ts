/**
 * A loopback HTTP server scripted per test: each request is handed to the
 * current handler, with counters the tests assert on (attempts, peak
 * concurrency, what was received).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Received {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: Buffer;
}

export type Handler = (req: Received, res: ServerResponse, n: number) => void | Promise<void>;

export interface ScriptServer {
  url: string;
  received: Received[];
  /** Peak number of requests being handled at once. */
  maxInFlight: number;
  handle(handler: Handler): void;
  close(): Promise<void>;
}

export function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  res.end(JSON.stringify(body));
}

export async function startScriptServer(): Promise<ScriptServer> {
  let handler: Handler = (_req, res) => json(res, 404, { message: 'no handler' });
  let inFlight = 0;
  const state: ScriptServer = {
    url: '',
    received: [],
    maxInFlight: 0,
    handle(h) {
      handler = h;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const received = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks) };
      state.received.push(received);
      inFlight++;
      state.maxInFlight = Math.max(state.maxInFlight, inFlight);
      const done = () => inFlight--;
      res.on('close', done);
      Promise.resolve(handler(received, res, state.received.length)).catch((err: unknown) => {
        res.destroy(err instanceof Error ? err : new Error(String(err)));
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return state;
}

/** Resolves after `ms` real milliseconds (server-side delays only; clients use injected sleep). */
export function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
