import { createTestIssuer, type TestIssuer } from '@tokenward/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createVerifier, jwks, requireScopes, toErrorResponse, type DpopOptions, type Verifier } from '../../src/index.js';
import { rejection } from '../support/rejection.js';

// A verifier's refusals carry its DPoP challenge, so `toErrorResponse(error)` offers DPoP beside Bearer
// (RFC 9449 §7.1) in a handler that was never handed `verifier.dpop`, as the root README's is not.
let issuer: TestIssuer;
beforeAll(async () => {
  issuer = await createTestIssuer();
});
afterAll(() => issuer?.close());

const verifierWith = (dpop?: DpopOptions): Verifier =>
  createVerifier({ issuers: [jwks({ issuer: issuer.issuer, audience: issuer.audience, jwksUri: issuer.jwksUri })], dpop });
const bearer = (token: string) => ({ headers: { authorization: `Bearer ${token}` } });
const challengeOf = (error: unknown, options?: Parameters<typeof toErrorResponse>[1]) =>
  toErrorResponse(error, { includeDescription: false, ...options }).headers['WWW-Authenticate'];

describe('the DPoP challenge of a refusal answered without verifier.dpop', () => {
  it('is offered beside the bare Bearer challenge when no token was sent', async () => {
    const error = await rejection(verifierWith({ algorithms: ['ES256'] }).authenticate({ headers: {} }));
    expect(challengeOf(error)).toBe('Bearer, DPoP algs="ES256"');
  });

  it('is offered beside the Bearer error for an invalid token', async () => {
    const expired = await issuer.mint({ sub: 'user-1', exp: Math.floor(Date.now() / 1000) - 600 });
    const error = await rejection(verifierWith({ algorithms: ['ES256'] }).authenticate(bearer(expired)));
    expect(challengeOf(error)).toBe('Bearer error="invalid_token", DPoP algs="ES256"');
  });

  it('is offered for a refusal of verify() with a token that is not a JWT', async () => {
    const error = await rejection(verifierWith({ algorithms: ['ES256'] }).verify('not-a-jwt'));
    expect(challengeOf(error)).toBe('Bearer error="invalid_token", DPoP algs="ES256"');
  });

  it('is the only one offered in mode required', async () => {
    const error = await rejection(verifierWith({ mode: 'required', algorithms: ['ES256'] }).authenticate({ headers: {} }));
    expect(challengeOf(error)).toBe('DPoP algs="ES256"');
  });

  it('is absent when the verifier has DPoP off', async () => {
    const error = await rejection(verifierWith({ mode: 'off' }).authenticate({ headers: {} }));
    expect(challengeOf(error)).toBe('Bearer');
  });

  it('gives way to the dpop option passed to toErrorResponse', async () => {
    const error = await rejection(verifierWith({ algorithms: ['ES256'] }).authenticate({ headers: {} }));
    expect(challengeOf(error, { dpop: { mode: 'allowed', algorithms: ['EdDSA'] } })).toBe('Bearer, DPoP algs="EdDSA"');
  });

  it('is not known to an authorization check after verification, which answers Bearer alone', async () => {
    const token = await verifierWith().verify(await issuer.mint({ sub: 'user-1', scp: 'Orders.Write' }));
    let error: unknown;
    try {
      requireScopes(token, 'Orders.Read');
    } catch (caught) {
      error = caught;
    }
    expect(challengeOf(error)).toBe('Bearer error="insufficient_scope", scope="Orders.Read"');
  });
});
