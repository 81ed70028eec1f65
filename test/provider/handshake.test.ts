/**
 * The launch contract with Terraform, tested against the built executable:
 * cookie check, the handshake line, AutoMTLS that trusts only the launching
 * client's certificate, the tfplugin6 service behind it, and Shutdown.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import grpc from '@grpc/grpc-js';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { selfSignedCert, type SelfSignedCert } from '../../src/provider/cert.js';
import { handshakeLine, MAGIC_COOKIE_KEY, MAGIC_COOKIE_VALUE, negotiate } from '../../src/provider/handshake.js';
import { MESSAGES } from '../../src/provider/messages.js';
import { ProtoCodec, type Message } from '../../src/provider/protobuf.js';
import { ensureBuilt, PROVIDER_MAIN } from './support/built.js';

describe('negotiate', () => {
  it('refuses to run without the magic cookie, explaining what the binary is', () => {
    const result = negotiate({});
    expect(result.ok).toBe(false);
    expect(!result.ok && result.message).toContain('Terraform plugin');
  });

  it('requires protocol 6 among the offered versions and passes the client certificate on', () => {
    const env = { [MAGIC_COOKIE_KEY]: MAGIC_COOKIE_VALUE, PLUGIN_PROTOCOL_VERSIONS: '5' };
    expect(negotiate(env)).toMatchObject({ ok: false, message: expect.stringContaining('offers 5') });
    expect(negotiate({ ...env, PLUGIN_PROTOCOL_VERSIONS: '6,5', PLUGIN_CLIENT_CERT: 'PEM' })).toEqual({ ok: true, clientCertPem: 'PEM' });
    expect(negotiate({ ...env, PLUGIN_PROTOCOL_VERSIONS: '5,6' })).toEqual({ ok: true });
  });

  it('writes the certificate as unpadded base64 (Go RawStdEncoding)', () => {
    const der = Buffer.from([1, 2, 3, 4]);
    expect(handshakeLine('unix', '/tmp/p.sock', der)).toBe('1|6|unix|/tmp/p.sock|grpc|AQIDBA\n');
    expect(handshakeLine('unix', '/tmp/p.sock')).toBe('1|6|unix|/tmp/p.sock|grpc|\n');
  });
});

const codec = new ProtoCodec(MESSAGES);
const Client = grpc.makeGenericClientConstructor(
  Object.fromEntries(
    (
      [
        ['GetProviderSchema', 'tfplugin6.Provider', 'tfplugin6.GetProviderSchema.Request', 'tfplugin6.GetProviderSchema.Response'],
        ['Shutdown', 'plugin.GRPCController', 'plugin.Empty', 'plugin.Empty'],
        // Not served: the provider has no functions.
        ['GetFunctions', 'tfplugin6.Provider', 'plugin.Empty', 'plugin.Empty'],
      ] as const
    ).map(([rpc, service, req, res]) => [
      rpc,
      {
        path: `/${service}/${rpc}`,
        requestStream: false,
        responseStream: false,
        requestSerialize: (m: Message) => codec.encode(req, m),
        requestDeserialize: (b: Buffer) => codec.decode(req, b),
        responseSerialize: (m: Message) => codec.encode(res, m),
        responseDeserialize: (b: Buffer) => codec.decode(res, b),
      },
    ]),
  ),
  'Plugin',
);

interface Launched {
  child: ChildProcess;
  line: string;
  ms: number;
  exited: Promise<number | null>;
}

const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) child.kill();
});

async function launch(clientCert: SelfSignedCert | undefined, extraEnv: Record<string, string> = {}): Promise<Launched> {
  const started = performance.now();
  const child = spawn(process.execPath, [PROVIDER_MAIN], {
    env: {
      PATH: process.env.PATH ?? '',
      [MAGIC_COOKIE_KEY]: MAGIC_COOKIE_VALUE,
      PLUGIN_PROTOCOL_VERSIONS: '5,6',
      ...(clientCert ? { PLUGIN_CLIENT_CERT: clientCert.certPem } : {}),
      ...extraEnv,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const line = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('\n')) resolve(out.slice(0, out.indexOf('\n')));
    });
    child.on('exit', (code) => reject(new Error(`provider exited with ${code} before its handshake`)));
  });
  return { child, line, ms: performance.now() - started, exited };
}

function connect(line: string, client: SelfSignedCert | undefined) {
  const [, , network, address, , certB64] = line.split('|');
  expect(network).toBe('unix');
  const serverPem = `-----BEGIN CERTIFICATE-----\n${Buffer.from(certB64 ?? '', 'base64').toString('base64')}\n-----END CERTIFICATE-----\n`;
  const credentials = client
    ? grpc.credentials.createSsl(Buffer.from(serverPem), Buffer.from(client.keyPem), Buffer.from(client.certPem))
    : grpc.credentials.createInsecure();
  // Terraform dials with ServerName "localhost", whatever the socket path.
  return new Client(`unix://${address}`, credentials, { 'grpc.ssl_target_name_override': 'localhost', 'grpc.default_authority': 'localhost' });
}

const call = (client: grpc.Client, rpc: string, req: Message = {}) =>
  new Promise<Message>((resolve, reject) =>
    (client as unknown as Record<string, (r: Message, cb: (e: Error | null, m: Message) => void) => void>)[rpc]!(req, (err, res) => (err ? reject(err) : resolve(res))),
  );

describe('the built provider executable', () => {
  beforeAll(() => ensureBuilt(), 120_000);

  it('explains itself and exits 1 when run by hand', async () => {
    const child = spawn(process.execPath, [PROVIDER_MAIN], { env: { PATH: process.env.PATH ?? '' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code).toBe(1);
    expect(err).toContain('deskform provider install');
  });

  it('hands over a TLS endpoint that only the launching client can use, serves the schema, and shuts down', async () => {
    const terraform = selfSignedCert();
    const launched = await launch(terraform);
    console.info(`provider handshake after ${launched.ms.toFixed(0)} ms (spawn to handshake line)`);
    expect(launched.line).toMatch(/^1\|6\|unix\|\/.+\/plugin\.sock\|grpc\|[A-Za-z0-9+/]{100,}$/);

    const intruder = connect(launched.line, selfSignedCert());
    await expect(call(intruder, 'GetProviderSchema')).rejects.toThrow();
    intruder.close();

    const client = connect(launched.line, terraform);
    const schema = await call(client, 'GetProviderSchema');
    expect(Object.keys(schema.resource_schemas).sort()).toEqual(['deskform_channel', 'deskform_inbox', 'deskform_portal', 'deskform_webchat']);
    expect(Object.keys(schema.data_source_schemas).sort()).toEqual(['deskform_pipeline', 'deskform_prompt']);
    expect(schema.server_capabilities).toEqual({ get_provider_schema_optional: true });
    // Flags survive the trip: a nested secret, a provider block secret, a computed id.
    const attribute = (attrs: Message[], name: string) => attrs.find((a) => a.name === name)!;
    const inbox = schema.resource_schemas.deskform_inbox.block.attributes as Message[];
    expect(attribute(attribute(inbox, 'channel').nested_type.attributes, 'imap_password')).toMatchObject({ optional: true, sensitive: true });
    expect(attribute(inbox, 'id')).toMatchObject({ optional: true, computed: true, type: Buffer.from('"string"') });
    const chatwoot = (schema.provider.block.block_types as Message[]).find((b) => b.type_name === 'chatwoot')!;
    expect(attribute(chatwoot.block.attributes, 'api_token')).toMatchObject({ sensitive: true });
    await expect(call(client, 'GetFunctions')).rejects.toMatchObject({ code: grpc.status.UNIMPLEMENTED });

    const socket = launched.line.split('|')[3]!;
    await call(client, 'Shutdown');
    client.close();
    expect(await launched.exited).toBe(0);
    expect(existsSync(path.dirname(socket))).toBe(false);
  });

  it('removes its socket directory when terminated without Shutdown', async () => {
    const launched = await launch(selfSignedCert());
    const socket = launched.line.split('|')[3]!;
    expect(existsSync(socket)).toBe(true);
    launched.child.kill('SIGTERM');
    expect(await launched.exited).toBe(0);
    expect(existsSync(path.dirname(socket))).toBe(false);
  });

  it('serves without TLS when Terraform disabled plugin TLS', async () => {
    const launched = await launch(undefined);
    expect(launched.line.endsWith('|grpc|')).toBe(true);
    const client = connect(launched.line, undefined);
    expect(Object.keys((await call(client, 'GetProviderSchema')).resource_schemas)).toHaveLength(4);
    await call(client, 'Shutdown');
    client.close();
    expect(await launched.exited).toBe(0);
  });
});
