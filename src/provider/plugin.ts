/**
 * Serving one provider instance for Terraform: certificate, socket, gRPC
 * services, handshake line, and shutdown when Terraform is done with it.
 *
 * Start-up time counts (Terraform launches the provider 3–5 times per
 * command), so the Provider service, which loads zod and the kinds, is
 * imported only after the handshake line is out, while Terraform is still
 * connecting.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { selfSignedCert } from './cert.js';
import { startGrpcServer, type UnaryHandler } from './grpc-server.js';
import { handshakeLine } from './handshake.js';
import { SERVICES } from './messages.js';
import type { RpcHandler } from './service.js';

export interface PluginOptions {
  env: Readonly<Record<string, string | undefined>>;
  cwd: string;
  /** Terraform's client certificate; absent when Terraform disabled plugin TLS. */
  clientCertPem?: string;
  /** Receives the handshake line (stdout: nothing may be written there before it). */
  announce(line: string): void;
  /** Lines for Terraform's log (stderr, shown with TF_LOG). */
  log(line: string): void;
  /** Called once Terraform asked the plugin to shut down and the server stopped. */
  exit(): void;
  /** Receives, before the handshake, what removes the socket directory should the process end without Shutdown. */
  onCleanup(cleanup: () => void): void;
}

const SHUTDOWN_GRACE_MS = 500;

/** Serves until Terraform calls Shutdown. */
export async function servePlugin(options: PluginOptions): Promise<void> {
  const started = performance.now();
  const dir = mkdtempSync(path.join(tmpdir(), 'deskform-plugin-'));
  const socketPath = path.join(dir, 'plugin.sock');
  options.onCleanup(() => rmSync(dir, { recursive: true, force: true }));
  const server = options.clientCertPem ? selfSignedCert() : undefined;

  let loading: Promise<{ handlers: Record<string, RpcHandler>; close(): Promise<void> }> | undefined;
  const service = () => (loading ??= import('./service.js').then((m) => m.providerService({ env: options.env, cwd: options.cwd, log: options.log })));
  const provider: Record<string, UnaryHandler> = {};
  for (const rpc of Object.keys(SERVICES['tfplugin6.Provider'] ?? {})) {
    provider[rpc] = async (req) => {
      const handler = (await service()).handlers[rpc];
      if (!handler) throw new Error(`no handler for ${rpc}`);
      const t = performance.now();
      const reply = await handler(req);
      options.log(`[TRACE] deskform provider: ${rpc} ${(performance.now() - t).toFixed(1)} ms (${(performance.now() - started).toFixed(0)} ms since launch)`);
      return reply;
    };
  }

  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          grpcServer.forceShutdown();
          resolve();
        }, SHUTDOWN_GRACE_MS);
        grpcServer.tryShutdown(() => {
          clearTimeout(timer);
          resolve();
        });
      });
      // A service that never loaded has nothing to close.
      await loading?.then((s) => s.close(), () => undefined);
      rmSync(dir, { recursive: true, force: true });
    })());

  const grpcServer = await startGrpcServer({
    address: `unix://${socketPath}`,
    tls: server && options.clientCertPem ? { server, clientCertPem: options.clientCertPem } : undefined,
    handlers: {
      'tfplugin6.Provider': provider,
      'plugin.GRPCController': {
        // Answer first, then stop: without this RPC go-plugin waits 2 s and kills the process.
        Shutdown: async () => {
          setImmediate(() => void stop().then(options.exit));
          return {};
        },
      },
    },
    onError: (rpc, err) => options.log(`[ERROR] deskform provider: ${rpc}: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`),
  });

  options.announce(handshakeLine('unix', socketPath, server?.certDer));
  const handshakeMs = performance.now() - started;
  options.log(`[DEBUG] deskform provider: serving on ${socketPath} (handshake after ${handshakeMs.toFixed(1)} ms)`);
  void service().catch((err: unknown) => options.log(`[ERROR] deskform provider: loading failed: ${String(err)}`));
}
