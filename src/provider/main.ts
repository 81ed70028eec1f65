#!/usr/bin/env node
/**
 * `terraform-provider-deskform`: the executable Terraform launches. It speaks
 * go-plugin's handshake and tfplugin6; run directly it only explains itself.
 */
import { negotiate } from './handshake.js';
import { servePlugin } from './plugin.js';

const negotiation = negotiate(process.env);
if (!negotiation.ok) {
  process.stderr.write(negotiation.message);
  process.exitCode = 1;
} else {
  // go-plugin servers ignore Ctrl-C: Terraform sends StopProvider, then shuts the plugin down itself.
  process.on('SIGINT', () => undefined);
  const log = (line: string) => process.stderr.write(`${line}\n`);
  servePlugin({
    env: process.env,
    cwd: process.cwd(),
    ...(negotiation.clientCertPem === undefined ? {} : { clientCertPem: negotiation.clientCertPem }),
    announce: (line) => process.stdout.write(line),
    log,
    exit: () => process.exit(0),
    onCleanup: (cleanup) => {
      process.on('exit', cleanup);
      process.on('SIGTERM', () => process.exit(0));
    },
  }).catch((err: unknown) => {
    log(`[ERROR] deskform provider: cannot start: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  });
}
