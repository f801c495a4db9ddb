import { decodeJwt, errors } from 'jose';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestIssuer, type TestIssuer } from '../src/index.js';
import { header, verify } from './helpers.js';

describe('mint()', () => {
  let issuer: TestIssuer;
  beforeAll(async () => {
    issuer = await createTestIssuer({ algorithms: ['RS256', 'ES256', 'EdDSA'] });
  });
  afterAll(() => issuer.close());

  it('lets given claims override the provider defaults', async () => {
    const { payload } = await verify(issuer, await issuer.mint({ sub: 'someone-else', scope: 'write', extra: { a: 1 } }));
    expect(payload).toMatchObject({ sub: 'someone-else', scope: 'write', extra: { a: 1 } });
  });

  it('deletes a claim given as undefined', async () => {
    expect(decodeJwt(await issuer.mint({ scope: undefined }))).not.toHaveProperty('scope');
  });

  it('deletes the claims listed in omit', async () => {
    const claims = decodeJwt(await issuer.mint({}, { omit: ['exp', 'iat'] }));
    expect(claims).not.toHaveProperty('exp');
    expect(claims).not.toHaveProperty('iat');
  });

  it('derives iat and exp from now and expiresInSec', async () => {
    const claims = decodeJwt(await issuer.mint({}, { now: 1_700_000_000, expiresInSec: 60 }));
    expect(claims).toMatchObject({ iat: 1_700_000_000, exp: 1_700_000_060 });
  });

  it('mints an already-expired token with a negative expiresInSec', async () => {
    await expect(verify(issuer, await issuer.mint({}, { expiresInSec: -10 }))).rejects.toBeInstanceOf(errors.JWTExpired);
  });

  it('adds nbf at the notBeforeSec offset', async () => {
    const token = await issuer.mint({}, { now: 1_700_000_000, notBeforeSec: 120 });
    expect(decodeJwt(token).nbf).toBe(1_700_000_120);
    await expect(verify(issuer, await issuer.mint({}, { notBeforeSec: 600 }))).rejects.toBeInstanceOf(errors.JWTClaimValidationFailed);
  });

  it('signs with the key of the requested algorithm', async () => {
    const token = await issuer.mint({}, { alg: 'ES256' });
    expect(header(token)).toMatchObject({ alg: 'ES256', kid: issuer.keys[1]?.kid });
    await expect(verify(issuer, token)).resolves.toBeDefined();
    expect(header(await issuer.mint({}, { alg: 'EdDSA' })).alg).toBe('EdDSA');
  });

  it('signs with the key named by kid', async () => {
    const kid = issuer.keys[2]?.kid ?? '';
    expect(header(await issuer.mint({}, { kid })).kid).toBe(kid);
  });

  it('rejects a kid the issuer never held', async () => {
    await expect(issuer.mint({}, { kid: 'nope' })).rejects.toThrow(/no key has kid "nope"/);
  });

  it('rejects an algorithm the issuer has no key for', async () => {
    await expect(issuer.mint({}, { alg: 'PS256' })).rejects.toThrow(/no PS256 key/);
  });

  it('adds and overrides protected header parameters', async () => {
    const token = await issuer.mint({}, { header: { jku: 'http://evil.test/jwks', typ: 'at+jwt', kid: 'other' } });
    expect(header(token)).toEqual({ alg: 'RS256', typ: 'at+jwt', kid: 'other', jku: 'http://evil.test/jwks' });
  });

  it('removes a header parameter given as undefined', async () => {
    expect(header(await issuer.mint({}, { header: { kid: undefined } }))).not.toHaveProperty('kid');
  });

  it('signs tokens with a crit header the verifier must understand', async () => {
    const token = await issuer.mint({}, { header: { crit: ['x-unknown'], 'x-unknown': true } });
    expect(header(token).crit).toEqual(['x-unknown']);
    await expect(verify(issuer, token)).rejects.toBeInstanceOf(errors.JOSENotSupported);
  });

  it('refuses a header alg that differs from the signing key', async () => {
    await expect(issuer.mint({}, { header: { alg: 'HS256' } })).rejects.toThrow(/header\.alg/);
  });

  it('forges a signature under a published kid with signWith foreign', async () => {
    const token = await issuer.mint({}, { signWith: 'foreign' });
    expect(header(token).kid).toBe(issuer.keys[0]?.kid);
    await expect(verify(issuer, token)).rejects.toBeInstanceOf(errors.JWSSignatureVerificationFailed);
  });

  it('forges with a foreign key of the requested algorithm', async () => {
    const token = await issuer.mint({}, { alg: 'ES256', signWith: 'foreign' });
    await expect(verify(issuer, token)).rejects.toBeInstanceOf(errors.JWSSignatureVerificationFailed);
  });

  it('rejects unknown options', async () => {
    await expect(issuer.mint({}, { expiresIn: 5 } as never)).rejects.toThrow(/no option "expiresIn"/);
  });

  it('uses the faked clock when the test fixes time', async () => {
    vi.useFakeTimers({ now: new Date('2030-01-01T00:00:00Z'), toFake: ['Date'] });
    try {
      expect(decodeJwt(await issuer.mint()).iat).toBe(Date.UTC(2030, 0, 1) / 1000);
    } finally {
      vi.useRealTimers();
    }
  });
});
