/**
 * The per-launch server certificate for go-plugin's AutoMTLS. Terraform puts
 * this certificate itself into its RootCAs and dials "localhost", so it must
 * be self-signed, carry SAN DNS:localhost and, having an EKU, allow serverAuth.
 */
import { generateKeyPairSync, randomBytes, sign } from 'node:crypto';
import {
  bitString,
  boolean,
  explicit,
  implicitPrimitive,
  objectId,
  octetString,
  sequence,
  set,
  smallInteger,
  time,
  unsignedInteger,
  utf8String,
  type Der,
} from './der.js';

export interface SelfSignedCert {
  /** PEM of the certificate. */
  certPem: string;
  /** DER of the certificate (what the handshake line carries). */
  certDer: Buffer;
  /** PKCS#8 PEM of the private key. */
  keyPem: string;
}

const OID = {
  ecdsaWithSha256: '1.2.840.10045.4.3.2',
  commonName: '2.5.4.3',
  organization: '2.5.4.10',
  basicConstraints: '2.5.29.19',
  keyUsage: '2.5.29.15',
  extKeyUsage: '2.5.29.37',
  subjectAltName: '2.5.29.17',
  serverAuth: '1.3.6.1.5.5.7.3.1',
  clientAuth: '1.3.6.1.5.5.7.3.2',
};

const extension = (oid: string, critical: boolean, value: Der): Der =>
  critical ? sequence(objectId(oid), boolean(true), octetString(value)) : sequence(objectId(oid), octetString(value));

/** ECDSA P-256 (key generation is ~1 ms, where RSA would add ~150 ms per launch). */
export function selfSignedCert(options: { hostname?: string; validForMs?: number; now?: Date } = {}): SelfSignedCert {
  const hostname = options.hostname ?? 'localhost';
  const now = options.now ?? new Date();
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const serial = randomBytes(16);
  serial[0] = (serial[0] ?? 0) & 0x7f;
  const name = sequence(
    set(sequence(objectId(OID.organization), utf8String('deskform'))),
    set(sequence(objectId(OID.commonName), utf8String(hostname))),
  );
  const algorithm = sequence(objectId(OID.ecdsaWithSha256));
  const tbs = sequence(
    explicit(0, smallInteger(2)),
    unsignedInteger(serial),
    algorithm,
    name,
    // Backdated a little: the client's clock may be behind ours.
    sequence(time(new Date(now.getTime() - 30_000)), time(new Date(now.getTime() + (options.validForMs ?? 366 * 86_400_000)))),
    name,
    publicKey.export({ type: 'spki', format: 'der' }),
    explicit(
      3,
      sequence(
        extension(OID.basicConstraints, true, sequence(boolean(true))),
        // digitalSignature (bit 0) and keyCertSign (bit 5): 0b1000_0100, two unused bits.
        extension(OID.keyUsage, true, bitString(Buffer.of(0x84), 2)),
        extension(OID.extKeyUsage, false, sequence(objectId(OID.serverAuth), objectId(OID.clientAuth))),
        extension(OID.subjectAltName, false, sequence(implicitPrimitive(2, Buffer.from(hostname, 'ascii')))),
      ),
    ),
  );
  const signature = sign('sha256', tbs, privateKey);
  const certDer = sequence(tbs, algorithm, bitString(signature));
  const base64 = certDer.toString('base64').replace(/.{64}/g, '$&\n');
  return {
    certDer,
    certPem: `-----BEGIN CERTIFICATE-----\n${base64}${base64.endsWith('\n') ? '' : '\n'}-----END CERTIFICATE-----\n`,
    keyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  };
}
