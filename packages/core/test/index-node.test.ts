import { createTestIssuer, type TestIssuer } from '@tokenward/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { webCryptoBackend } from '../src/crypto/webcrypto-backend.js';
import { nodeCryptoBackend } from '../src/crypto/node-backend.js';
import { createVerifier, oidc } from '../src/index.node.js';

let issuer: TestIssuer;

beforeAll(async () => {
  issuer = await createTestIssuer({ algorithms: ['RS256', 'ES256', 'EdDSA'] });
});

afterAll(() => issuer?.close());

describe('the node entry (the `node` export condition)', () => {
  it('checks signatures with node:crypto by default', () => {
    expect(createVerifier({ issuers: [oidc({ issuer: issuer.issuer, audience: issuer.audience })] }).signatureBackend).toBe('node:crypto');
  });

  it('keeps a signature backend given explicitly', () => {
    const verifier = createVerifier({
      issuers: [oidc({ issuer: issuer.issuer, audience: issuer.audience })],
      signatureBackend: webCryptoBackend,
    });
    expect(verifier.signatureBackend).toBe(webCryptoBackend.name);
  });

  it('reports a missing options object like the portable entry', () => {
    expect(() => createVerifier(undefined as never)).toThrow('createVerifier needs an options object');
  });

  it.each(['RS256', 'ES256', 'EdDSA'] as const)('verifies %s tokens end to end', async (alg) => {
    const verifier = createVerifier({ issuers: [oidc({ issuer: issuer.issuer, audience: issuer.audience })] });
    const { header } = await verifier.verify(await issuer.mint({}, { alg }));
    expect(header.alg).toBe(alg);
  });

  it('names its backend like the node:crypto backend itself', () => {
    expect(nodeCryptoBackend.name).toBe('node:crypto');
  });
});
