import { createDpopClient, createTestIssuer, type DpopClient, type TestIssuer } from '@tokenward/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRequirement, createVerifier, jwks, toErrorResponse, type DpopOptions, type Verifier } from '../../src/index.js';
import { compileRequirement } from '../../src/adapter/index.js';
import { rejection } from '../support/rejection.js';

// The three modes (RFC 9449 §7.1, §7.2): 'allowed' (default) takes Bearer and DPoP but a bound token
// only with its proof; 'required' takes DPoP only; 'off' ignores DPoP as before it existed.
const URL_ORDERS = 'https://api.example/orders';

let issuer: TestIssuer;
let client: DpopClient;
beforeAll(async () => {
  [issuer, client] = await Promise.all([createTestIssuer(), createDpopClient()]);
});
afterAll(() => issuer?.close());

const verifierWith = (dpop?: DpopOptions): Verifier =>
  createVerifier({ issuers: [jwks({ issuer: issuer.issuer, audience: issuer.audience, jwksUri: issuer.jwksUri })], dpop });
const bearer = (token: string) => ({ headers: { authorization: `Bearer ${token}` } });
const withProof = async (token: string) => ({
  method: 'GET',
  url: URL_ORDERS,
  headers: { authorization: `DPoP ${token}`, dpop: await client.proof({ method: 'GET', url: URL_ORDERS, accessToken: token }) },
});

describe("mode 'allowed' (the default)", () => {
  it('accepts an unbound token as Bearer', async () => {
    const result = await verifierWith().authenticate(bearer(await issuer.mint({ sub: 'user-1' })));
    expect(result.dpop).toBeUndefined();
  });

  it('refuses a DPoP-bound token presented as Bearer (RFC 9449 §7.2)', async () => {
    const token = await issuer.mint({ sub: 'user-1', cnf: { jkt: client.jkt } });
    const error = await rejection(verifierWith().authenticate(bearer(token)));
    expect([error.code, error.status, error.claim]).toEqual(['dpop_required', 401, 'cnf']);
  });

  it('refuses a bound token given to verify() alone, which has no proof', async () => {
    const token = await issuer.mint({ sub: 'user-1', cnf: { jkt: client.jkt } });
    expect((await rejection(verifierWith().verify(token))).code).toBe('dpop_required');
  });

  it('answers a bound token as Bearer on the DPoP challenge', async () => {
    const token = await issuer.mint({ sub: 'user-1', cnf: { jkt: client.jkt } });
    const verifier = verifierWith({ algorithms: ['ES256'] });
    const response = toErrorResponse(await rejection(verifier.authenticate(bearer(token))), {
      includeDescription: false,
      dpop: verifier.dpop,
    });
    expect(response.headers['WWW-Authenticate']).toBe('Bearer, DPoP error="invalid_token", algs="ES256"');
    expect(response.body.error_description).toBe('the access token must be presented with DPoP');
  });

  it('still refuses a bound token as Bearer from the token cache', async () => {
    const verifier = createVerifier({
      issuers: [jwks({ issuer: issuer.issuer, audience: issuer.audience, jwksUri: issuer.jwksUri })],
      tokenCache: true,
    });
    const token = await issuer.mint({ sub: 'user-1', cnf: { jkt: client.jkt } });
    await verifier.authenticate(await withProof(token));
    expect((await rejection(verifier.authenticate(bearer(token)))).code).toBe('dpop_required');
    await expect(verifier.authenticate(await withProof(token))).resolves.toBeDefined();
  });

  it('reports the mode and algorithms as verifier.dpop', () => {
    expect(verifierWith().dpop.mode).toBe('allowed');
    expect(verifierWith().dpop.algorithms).toContain('ES256');
    expect(verifierWith().dpop.algorithms).not.toContain('HS256');
  });
});

describe("mode 'required'", () => {
  const required = () => verifierWith({ mode: 'required', algorithms: ['ES256'] });

  it('refuses an unbound token as Bearer before verifying it', async () => {
    const error = await rejection(required().authenticate(bearer('not.even.a-jwt')));
    expect(error.code).toBe('dpop_required');
  });

  it('accepts a bound token with its proof', async () => {
    const token = await issuer.mint({ sub: 'user-1', cnf: { jkt: client.jkt } });
    expect((await required().authenticate(await withProof(token))).dpop?.jkt).toBe(client.jkt);
  });

  it('offers only the DPoP challenge', async () => {
    const verifier = required();
    const missing = toErrorResponse(await rejection(verifier.authenticate({ headers: {} })), { dpop: verifier.dpop });
    expect(missing.headers['WWW-Authenticate']).toBe('DPoP algs="ES256"');
    const bearerAnswer = toErrorResponse(await rejection(verifier.authenticate(bearer('a.b.c'))), {
      includeDescription: false,
      dpop: verifier.dpop,
    });
    expect(bearerAnswer.headers['WWW-Authenticate']).toBe('DPoP error="invalid_token", algs="ES256"');
  });

  it('lets authenticateIfPresent pass a request without any token', async () => {
    await expect(required().authenticateIfPresent({ headers: {} })).resolves.toBeUndefined();
  });
});

describe("mode 'off'", () => {
  const off = () => verifierWith({ mode: 'off' });

  it('accepts a bound token as Bearer, as before DPoP', async () => {
    const token = await issuer.mint({ sub: 'user-1', cnf: { jkt: client.jkt } });
    expect((await off().authenticate(bearer(token))).principal.subject).toBe('user-1');
  });

  it('treats the DPoP scheme as no Bearer token', async () => {
    const token = await issuer.mint({ sub: 'user-1', cnf: { jkt: client.jkt } });
    expect((await rejection(off().authenticate(await withProof(token)))).code).toBe('token_missing');
  });

  it('offers no DPoP challenge', async () => {
    const verifier = off();
    const response = toErrorResponse(await rejection(verifier.authenticate({ headers: {} })), { dpop: verifier.dpop });
    expect(response.headers['WWW-Authenticate']).toBe('Bearer');
  });
});

describe('authorization after DPoP', () => {
  it('answers a missing scope of a DPoP request on the DPoP challenge', async () => {
    const verifier = verifierWith({ algorithms: ['ES256'] });
    const token = await issuer.mint({ sub: 'user-1', scope: 'orders:read', cnf: { jkt: client.jkt } });
    const verified = await verifier.authenticate(await withProof(token));
    const check = compileRequirement(createRequirement({ scopes: 'orders:write' }));
    let thrown: unknown;
    try {
      await check?.(verified, undefined);
    } catch (error) {
      thrown = error;
    }
    const response = toErrorResponse(thrown, { includeDescription: false, dpop: verifier.dpop });
    expect(response.status).toBe(403);
    expect(response.headers['WWW-Authenticate']).toBe('Bearer, DPoP error="insufficient_scope", scope="orders:write", algs="ES256"');
  });
});

describe('configuration', () => {
  it.each([
    [{ mode: 'sometimes' }, "mode must be 'allowed', 'required' or 'off'"],
    [{ algorithms: ['HS256'] }, 'HS256 is not a supported asymmetric signature algorithm'],
    [{ algorithms: ['none'] }, 'none is not a supported'],
    [{ algorithms: [] }, 'non-empty array'],
    [{ maxAgeSec: -1 }, 'maxAgeSec must be a non-negative number'],
    [{ origin: 'https://api.example/v1' }, 'without path'],
    [{ origin: 'ftp://api.example' }, 'http(s) origin'],
    [{ replayStore: {} }, 'replayStore must be an object with remember()'],
    [{ nonces: { accepts: () => true } }, 'current() and accepts()'],
    [{ jku: true }, "unknown option 'jku'"],
  ])('refuses %j at startup', (dpop, message) => {
    expect(() => verifierWith(dpop as DpopOptions)).toThrow(message);
  });
});
