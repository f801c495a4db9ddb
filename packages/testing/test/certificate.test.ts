import { X509Certificate } from 'node:crypto';
import { exportJWK, importX509 } from 'jose';
import { describe, expect, it } from 'vitest';
import { rsaCertificate } from '../src/certificate.js';
import { TEST_KEYS } from '../src/index.js';

const key = TEST_KEYS.rsa[0];

describe('self-signed RSA certificates', () => {
  it("parse with Node's X509Certificate as a v3 leaf for the key", async () => {
    const cert = new X509Certificate((await rsaCertificate(key, 'example.test')).pem);
    expect(cert.subject).toBe('CN=example.test');
    expect(cert.issuer).toBe('CN=example.test');
    expect(cert.ca).toBe(false);
    expect(cert.publicKey.export({ format: 'jwk' })).toMatchObject({ kty: 'RSA', n: key.n, e: key.e });
    expect(new Date(cert.validTo).getUTCFullYear()).toBe(2049);
  });

  it('carry a valid self-signature', async () => {
    const cert = new X509Certificate((await rsaCertificate(key, 'example.test')).der);
    expect(cert.verify(cert.publicKey)).toBe(true);
  });

  it("import with jose's importX509 for RS256 and PS256", async () => {
    const { pem } = await rsaCertificate(key, 'example.test');
    for (const alg of ['RS256', 'PS256']) expect((await exportJWK(await importX509(pem, alg))).n).toBe(key.n);
  });

  it('publish base64url SHA-1 and SHA-256 thumbprints of the DER', async () => {
    const built = await rsaCertificate(key, 'example.test');
    const cert = new X509Certificate(built.der);
    const b64url = (fingerprint: string) => Buffer.from(fingerprint.replace(/:/g, ''), 'hex').toString('base64url');
    expect(built.x5t).toBe(b64url(cert.fingerprint));
    expect(built.x5tS256).toBe(b64url(cert.fingerprint256));
    expect(built.x5c).toBe(Buffer.from(built.der).toString('base64'));
  });

  it('are deterministic, so thumbprints stay the same across runs', async () => {
    expect((await rsaCertificate(TEST_KEYS.rsa[1], 'stable.test')).x5tS256).toBe('3f-MD8_6l86oo1OFSkm8CFGXSRs8Hyex59hiU8Uwewc');
  });
});
