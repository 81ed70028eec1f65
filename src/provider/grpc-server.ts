/**
 * The gRPC server Terraform dials: unary RPCs whose messages go through our
 * own protobuf codec (no .proto loading at start-up), over a unix socket,
 * with mutual TLS when Terraform sent its client certificate. @grpc/grpc-js
 * is an optional peer dependency, loaded only here.
 */
import type { MethodDefinition, sendUnaryData, Server, ServerUnaryCall, ServiceDefinition, UntypedHandleCall, UntypedServiceImplementation } from '@grpc/grpc-js';
import { importOptional } from '../util/optional-package.js';
import type { SelfSignedCert } from './cert.js';
import { MESSAGES, SERVICES } from './messages.js';
import { ProtoCodec, type Message } from './protobuf.js';

export type UnaryHandler = (request: Message) => Promise<Message>;

/** Service full name → RPC name → handler. RPCs without a handler answer UNIMPLEMENTED. */
export type ServiceHandlers = Record<string, Record<string, UnaryHandler>>;

export interface GrpcServerOptions {
  /** `unix:///path/plugin.sock` or `127.0.0.1:port`. */
  address: string;
  handlers: ServiceHandlers;
  /** Server certificate and the one client certificate to trust; absent: no TLS. */
  tls?: { server: SelfSignedCert; clientCertPem: string };
  onError?: (rpc: string, err: unknown) => void;
}

const codec = new ProtoCodec(MESSAGES);

export async function startGrpcServer(options: GrpcServerOptions): Promise<Server> {
  const { default: grpc } = await importOptional('@grpc/grpc-js', 'the deskform Terraform provider', () => import('@grpc/grpc-js'));
  const server = new grpc.Server({ 'grpc.max_receive_message_length': 256 * 1024 * 1024 });
  for (const [service, handlers] of Object.entries(options.handlers)) {
    const rpcs = SERVICES[service];
    if (!rpcs) throw new Error(`unknown service ${service}`);
    const definition: ServiceDefinition = {};
    const implementation: UntypedServiceImplementation = {};
    for (const [rpc, handler] of Object.entries(handlers)) {
      const messages = rpcs[rpc];
      if (!messages) throw new Error(`${service} has no RPC ${rpc}`);
      const [request, response] = messages;
      (definition as Record<string, MethodDefinition<Message, Message>>)[rpc] = {
        path: `/${service}/${rpc}`,
        requestStream: false,
        responseStream: false,
        requestSerialize: (m: Message) => codec.encode(request, m),
        requestDeserialize: (b: Buffer) => codec.decode(request, b),
        responseSerialize: (m: Message) => codec.encode(response, m),
        responseDeserialize: (b: Buffer) => codec.decode(response, b),
      };
      implementation[rpc] = ((call: ServerUnaryCall<Message, Message>, callback: sendUnaryData<Message>) => {
        handler(call.request).then(
          (reply) => callback(null, reply),
          (err: unknown) => {
            options.onError?.(rpc, err);
            callback({ code: grpc.status.INTERNAL, details: err instanceof Error ? err.message : String(err) });
          },
        );
      }) as UntypedHandleCall;
    }
    server.addService(definition, implementation);
  }
  const credentials = options.tls
    ? // Require a client certificate and trust only the one Terraform generated for this launch.
      grpc.ServerCredentials.createSsl(
        Buffer.from(options.tls.clientCertPem),
        [{ private_key: Buffer.from(options.tls.server.keyPem), cert_chain: Buffer.from(options.tls.server.certPem) }],
        true,
      )
    : grpc.ServerCredentials.createInsecure();
  await new Promise<number>((resolve, reject) => server.bindAsync(options.address, credentials, (err, port) => (err ? reject(err) : resolve(port))));
  return server;
}
