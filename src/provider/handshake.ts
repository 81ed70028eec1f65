/**
 * go-plugin's launch contract as Terraform 1.11 uses it: the magic cookie in
 * the environment, the protocol version to speak, and the one handshake line
 * on stdout that says where to connect and which certificate to trust.
 */

export const MAGIC_COOKIE_KEY = 'TF_PLUGIN_MAGIC_COOKIE';
export const MAGIC_COOKIE_VALUE = 'd602bf8f470bc67ca7faa0386276bbdd4330efaf76d1a219cb4d6991ca9872b2';
const CORE_PROTOCOL_VERSION = 1;
const APP_PROTOCOL_VERSION = 6;

export type Negotiation =
  | { ok: true; clientCertPem?: string }
  | { ok: false; message: string };

export function negotiate(env: Readonly<Record<string, string | undefined>>): Negotiation {
  if (env[MAGIC_COOKIE_KEY] !== MAGIC_COOKIE_VALUE) {
    return {
      ok: false,
      message:
        'This binary is a Terraform plugin: Terraform starts it, it is not meant to be run directly.\n' +
        'Run `deskform provider install` and use it from Terraform (or CDKTF).\n',
    };
  }
  const offered = (env.PLUGIN_PROTOCOL_VERSIONS ?? '').split(',').map((v) => v.trim());
  if (!offered.includes(String(APP_PROTOCOL_VERSION))) {
    return {
      ok: false,
      message: `deskform's provider speaks plugin protocol ${APP_PROTOCOL_VERSION}, but this Terraform offers ${offered.join(', ') || 'none'}: use Terraform 1.0 or later\n`,
    };
  }
  const cert = env.PLUGIN_CLIENT_CERT;
  return cert ? { ok: true, clientCertPem: cert } : { ok: true };
}

/** `1|6|unix|<socket>|grpc|<server cert DER, base64 without padding>`; the last field is empty without TLS. */
export function handshakeLine(network: 'unix' | 'tcp', address: string, certDer?: Buffer): string {
  const cert = certDer ? certDer.toString('base64').replace(/=+$/, '') : '';
  return `${CORE_PROTOCOL_VERSION}|${APP_PROTOCOL_VERSION}|${network}|${address}|grpc|${cert}\n`;
}
