import { createTestIssuer, type TestIssuer } from '@tokenward/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRevocationList, createVerifier, oidc, toErrorResponse, type RevocationList } from '../../src/index.js';

let issuer: TestIssuer;

beforeAll(async () => {
  issuer = await createTestIssuer({ provider: 'generic' });
});

afterAll(() => issuer.close());

function verifierWith(revocation: RevocationList) {
  return createVerifier({ issuers: [oidc({ issuer: issuer.issuer, audience: issuer.audience })], revocation });
}

describe('verifier with a revocation list', () => {
  it('accepts a token that is not revoked', async () => {
    const verifier = verifierWith(createRevocationList());
    await expect(verifier.verify(await issuer.mint({ jti: 'a' }))).resolves.toMatchObject({ claims: { jti: 'a' } });
  });

  it('rejects a revoked token with token_revoked (401)', async () => {
    const revocation = createRevocationList();
    const verifier = verifierWith(revocation);
    const token = await issuer.mint({ jti: 'b' });
    await revocation.revoke((await verifier.verify(token)).claims);
    await expect(verifier.verify(token)).rejects.toMatchObject({ code: 'token_revoked', status: 401 });
  });

  it('answers token_revoked with an invalid_token challenge', async () => {
    const revocation = createRevocationList();
    const verifier = verifierWith(revocation);
    const token = await issuer.mint({ jti: 'c' });
    await revocation.revoke((await verifier.verify(token)).claims);
    const response = toErrorResponse(await verifier.verify(token).catch((error: unknown) => error));
    expect(response.status).toBe(401);
    expect(response.headers['WWW-Authenticate']).toContain('error="invalid_token"');
  });

  it('checks revocation only after the signature: a forged token is signature_invalid, and the list is not asked', async () => {
    let asked = 0;
    const verifier = verifierWith({ isRevoked: () => (asked++, true), revoke: async () => undefined });
    const forged = await issuer.mint({ jti: 'd' }, { signWith: 'foreign' });
    await expect(verifier.verify(forged)).rejects.toMatchObject({ code: 'signature_invalid' });
    expect(asked).toBe(0);
  });

  it('checks revocation only after the claims: an expired token is token_expired', async () => {
    const verifier = verifierWith({ isRevoked: () => true, revoke: async () => undefined });
    await expect(verifier.verify(await issuer.mint({}, { expiresInSec: -3_600 }))).rejects.toMatchObject({ code: 'token_expired' });
  });

  it('accepts a valid token when the list throws (fails open)', async () => {
    const verifier = verifierWith({
      isRevoked: () => {
        throw new Error('down');
      },
      revoke: async () => undefined,
    });
    await expect(verifier.verify(await issuer.mint())).resolves.toBeDefined();
  });

  it('throws a TypeError at startup for a revocation option without isRevoked', () => {
    expect(() => verifierWith({} as RevocationList)).toThrow(TypeError);
  });
});
