import { X509Certificate } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { joseCertificateToJwk } from '../../src/crypto/jose-certificate.js';
import { nodeCertificateToJwk } from '../../src/crypto/node-certificate.js';
import { certificatesToJwks as convertWith } from '../../src/keys/x509-to-jwk.js';
import type { CertificateToJwk } from '../../src/shared/types.js';
import { EC_P256_CERTIFICATE, RSA_1024_CERTIFICATE, RSA_2048_CERTIFICATE } from './fixtures/certificates.js';

describe.each([
  ['jose (web platform)', joseCertificateToJwk],
  ['node:crypto (Node platform)', nodeCertificateToJwk],
])('certificatesToJwks with %s', (_name, reader: CertificateToJwk) => {
  const certificatesToJwks = (certificates: Record<string, unknown>) => convertWith(certificates, reader);

  it('turns an RSA certificate into an RS256 JWK keeping the kid and the certificate as x5c', async () => {
    const { keys, rejected } = await certificatesToJwks({ k1: RSA_2048_CERTIFICATE });
    const expected = new X509Certificate(RSA_2048_CERTIFICATE).publicKey.export({ format: 'jwk' });
    expect(rejected).toEqual([]);
    expect(keys).toEqual([
      {
        kty: 'RSA',
        n: expected.n,
        e: expected.e,
        kid: 'k1',
        alg: 'RS256',
        x5c: [new X509Certificate(RSA_2048_CERTIFICATE).raw.toString('base64')],
      },
    ]);
  });

  it('keeps the document order of the certificates', async () => {
    const { keys } = await certificatesToJwks({ b: RSA_2048_CERTIFICATE, a: RSA_1024_CERTIFICATE });
    expect(keys.map((k) => k.kid)).toEqual(['b', 'a']);
  });

  it('converts a weak certificate too, leaving the strength check to key validation', async () => {
    const { keys } = await certificatesToJwks({ weak: RSA_1024_CERTIFICATE });
    expect(keys).toHaveLength(1);
  });

  it('rejects an EC certificate, which cannot be an RS256 key', async () => {
    const { keys, rejected } = await certificatesToJwks({ ec: EC_P256_CERTIFICATE });
    expect(keys).toEqual([]);
    expect(rejected).toEqual([{ kid: 'ec', reason: 'its certificate is not a readable RSA X.509 certificate' }]);
  });

  it('rejects a value that is not a PEM string', async () => {
    const { rejected } = await certificatesToJwks({ a: 42, b: 'not a certificate' });
    expect(rejected).toEqual([
      { kid: 'a', reason: 'its certificate is not a PEM string' },
      { kid: 'b', reason: 'its certificate is not a readable RSA X.509 certificate' },
    ]);
  });
});
