import { X509Certificate } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { selfSignedCert } from '../../src/provider/cert.js';
import { objectId, time, unsignedInteger } from '../../src/provider/der.js';

describe('DER primitives', () => {
  it('encodes object ids with multi-byte arcs', () => {
    // 1.2.840.10045.4.3.2 (ecdsa-with-SHA256) as every X.509 tool writes it.
    expect(objectId('1.2.840.10045.4.3.2').toString('hex')).toBe('06082a8648ce3d040302');
  });

  it('keeps integers positive and minimal', () => {
    expect(unsignedInteger(Buffer.of(0x00, 0x00, 0x7f)).toString('hex')).toBe('02017f');
    expect(unsignedInteger(Buffer.of(0x80)).toString('hex')).toBe('02020080');
  });

  it('switches from UTCTime to GeneralizedTime in 2050', () => {
    expect(time(new Date('2049-12-31T23:59:59Z')).toString('latin1').slice(2)).toBe('491231235959Z');
    expect(time(new Date('2050-01-01T00:00:00Z')).toString('latin1').slice(2)).toBe('20500101000000Z');
  });
});

describe('selfSignedCert', () => {
  it('is a self-signed certificate for localhost that node:crypto parses and verifies', () => {
    const cert = selfSignedCert();
    const x509 = new X509Certificate(cert.certPem);
    expect(x509.raw.equals(cert.certDer)).toBe(true);
    expect(x509.subjectAltName).toBe('DNS:localhost');
    expect(x509.checkHost('localhost')).toBe('localhost');
    expect(x509.ca).toBe(true);
    expect(x509.keyUsage).toEqual(expect.arrayContaining(['1.3.6.1.5.5.7.3.1']));
    expect(x509.verify(x509.publicKey)).toBe(true);
    expect(x509.checkIssued(x509)).toBe(true);
    expect(new Date(x509.validFrom).getTime()).toBeLessThan(Date.now());
    expect(new Date(x509.validTo).getTime()).toBeGreaterThan(Date.now() + 300 * 86_400_000);
  });

  it('gets a fresh key and serial every time', () => {
    const a = new X509Certificate(selfSignedCert().certPem);
    const b = new X509Certificate(selfSignedCert().certPem);
    expect(a.serialNumber).not.toBe(b.serialNumber);
    expect(a.publicKey.export({ format: 'jwk' })).not.toEqual(b.publicKey.export({ format: 'jwk' }));
  });

  it.skipIf(!hasOpenssl())('passes openssl verification as its own trust anchor for serverAuth', () => {
    const cert = selfSignedCert();
    const out = execFileSync('sh', ['-c', 'f=$(mktemp); cat > "$f"; openssl verify -purpose sslserver -CAfile "$f" "$f"; rm -f "$f"'], {
      input: cert.certPem,
    }).toString();
    expect(out).toContain(': OK');
  });
});

function hasOpenssl(): boolean {
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
