import { createTestIssuer, type TestIssuer } from '@tokenward/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { webCryptoBackend } from '../src/crypto/webcrypto-backend.js';
import { AudienceMismatchError, KeyNotFoundError, TokenExpiredError, TokenRevokedError } from '../src/shared/errors.js';
import { createRevocationList, createVerifier, jwks, type SignatureBackend, type VerifierOptions } from '../src/index.js';

// The verified-token cache skips the signature check of a token seen before, and nothing else.
let issuer: TestIssuer;
let signatureChecks = 0;
let clockMs = Date.now();

const countingBackend: SignatureBackend = {
  name: 'counting',
  importKey: (jwk, alg) => webCryptoBackend.importKey(jwk, alg),
  verify: (...args) => {
    signatureChecks++;
    return webCryptoBackend.verify(...args);
  },
};

beforeAll(async () => {
  // Keys go stale at once, so every verification (cached or not) asks the key cache about the key again.
  issuer = await createTestIssuer({ jwksCacheControl: 'max-age=0' });
});

afterAll(() => issuer?.close());

beforeEach(() => {
  signatureChecks = 0;
  clockMs = Date.now();
});

function verifierWith(options: Partial<VerifierOptions> = {}) {
  return createVerifier({
    issuers: [jwks({ issuer: issuer.issuer, audience: [issuer.audience, 'api://other'], jwksUri: issuer.jwksUri })],
    signatureBackend: countingBackend,
    // A key that leaves the JWKS is seen by the refetch the verification awaits (backgroundRefresh: false).
    jwks: { minCacheMaxAgeMs: 0, cooldownMs: 0, backgroundRefresh: false },
    now: () => clockMs,
    tokenCache: true,
    ...options,
  });
}

describe('tokenCache', () => {
  it('is off by default: a token presented again is verified again', async () => {
    const verifier = verifierWith({ tokenCache: undefined });
    const token = await issuer.mint();
    await verifier.verify(token);
    await verifier.verify(token);
    expect(signatureChecks).toBe(2);
  });

  it('skips the signature check of a token verified before', async () => {
    const verifier = verifierWith();
    const token = await issuer.mint();
    const first = await verifier.verify(token);
    const second = await verifier.verify(token);
    expect(signatureChecks).toBe(1);
    expect(second).toBe(first);
  });

  it('re-runs the time checks on a hit: an expired token is rejected, and forgotten', async () => {
    const verifier = verifierWith();
    const token = await issuer.mint({}, { expiresInSec: 120 });
    await verifier.verify(token);
    clockMs += 10 * 60_000;
    await expect(verifier.verify(token)).rejects.toBeInstanceOf(TokenExpiredError);
    clockMs -= 10 * 60_000;
    await verifier.verify(token);
    expect(signatureChecks).toBe(2);
  });

  it('rejects a cached token once its signing key has left the JWKS', async () => {
    const verifier = verifierWith();
    const token = await issuer.mint();
    await verifier.verify(token);
    await issuer.rotate({ keepOld: false });
    try {
      await expect(verifier.verify(token)).rejects.toBeInstanceOf(KeyNotFoundError);
    } finally {
      await issuer.rotate();
    }
  });

  it('re-checks revocation on a hit', async () => {
    const revocation = createRevocationList({ now: () => clockMs });
    const verifier = verifierWith({ revocation });
    const token = await issuer.mint({ jti: 'cached-then-revoked' });
    const { claims } = await verifier.verify(token);
    await revocation.revoke(claims);
    await expect(verifier.verify(token)).rejects.toBeInstanceOf(TokenRevokedError);
  });

  it('applies a per-call audience to a cached token', async () => {
    const verifier = verifierWith();
    const token = await issuer.mint();
    await verifier.verify(token);
    await expect(verifier.verify(token, { audience: 'api://other' })).rejects.toBeInstanceOf(AudienceMismatchError);
  });

  it('runs per-call checks on a hit', async () => {
    const verifier = verifierWith();
    const token = await issuer.mint();
    await verifier.verify(token);
    await expect(verifier.verify(token, { checks: [() => 'not on Sundays'] })).rejects.toThrow('not on Sundays');
  });

  it('keeps at most maxEntries tokens, evicting the least recently used', async () => {
    const verifier = verifierWith({ tokenCache: { maxEntries: 2 } });
    const [a, b, c] = await Promise.all([issuer.mint({ jti: 'a' }), issuer.mint({ jti: 'b' }), issuer.mint({ jti: 'c' })]);
    await verifier.verify(a);
    await verifier.verify(b);
    await verifier.verify(a); // a is now the most recently used
    await verifier.verify(c); // evicts b
    signatureChecks = 0;
    await verifier.verify(a);
    await verifier.verify(c);
    expect(signatureChecks).toBe(0);
    await verifier.verify(b);
    expect(signatureChecks).toBe(1);
  });

  it('shares frozen results, so one request cannot change what another sees', async () => {
    const verifier = verifierWith();
    const token = await issuer.mint({ roles: ['reader'] });
    const result = await verifier.verify(token);
    expect(Object.isFrozen(result)).toBe(true);
    expect(Object.isFrozen(result.claims)).toBe(true);
    expect(Object.isFrozen(result.claims.roles)).toBe(true);
    expect(Object.isFrozen(result.header)).toBe(true);
  });

  it('never caches a rejected token', async () => {
    const verifier = verifierWith();
    const token = await issuer.mint({ aud: 'api://someone-else' });
    await expect(verifier.verify(token)).rejects.toBeInstanceOf(AudienceMismatchError);
    await expect(verifier.verify(token)).rejects.toBeInstanceOf(AudienceMismatchError);
    expect(signatureChecks).toBe(2);
  });

  it('rejects invalid settings at startup', () => {
    expect(() => verifierWith({ tokenCache: { maxEntries: 0 } })).toThrow(/maxEntries must be a positive integer/);
    expect(() => verifierWith({ tokenCache: { size: 10 } as never })).toThrow(/unknown option 'size'/);
    expect(() => verifierWith({ tokenCache: 'yes' as never })).toThrow(/tokenCache must be/);
  });
});
