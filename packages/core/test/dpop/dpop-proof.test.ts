import { createDpopClient, createTestIssuer, type DpopClient, type TestIssuer } from '@tokenward/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createVerifier, jwks, toErrorResponse, type DpopOptions, type Verifier } from '../../src/index.js';
import { rejection } from '../support/rejection.js';

// RFC 9449 §4.3 and §7.1: a DPoP-bound token is accepted with `Authorization: DPoP` and a proof of
// possession made for this request; every proof check refuses with invalid_dpop_proof.
const URL_ORDERS = 'https://api.example/orders';

let issuer: TestIssuer;
let client: DpopClient;
let other: DpopClient;

beforeAll(async () => {
  [issuer, client, other] = await Promise.all([createTestIssuer(), createDpopClient(), createDpopClient()]);
});
afterAll(() => issuer?.close());

const verifierWith = (dpop?: DpopOptions, extra: { now?: () => number } = {}): Verifier =>
  createVerifier({ issuers: [jwks({ issuer: issuer.issuer, audience: issuer.audience, jwksUri: issuer.jwksUri })], dpop, ...extra });

const boundToken = (holder: DpopClient = client, claims: Record<string, unknown> = {}) =>
  issuer.mint({ sub: 'user-1', cnf: { jkt: holder.jkt }, ...claims });

const dpopRequest = (token: string, proof: string, method = 'GET', url = URL_ORDERS) => ({
  method,
  url,
  headers: { authorization: `DPoP ${token}`, dpop: proof },
});

describe('a valid proof', () => {
  it('verifies a bound token presented with the DPoP scheme and its proof', async () => {
    const token = await boundToken();
    const result = await verifierWith().authenticate(
      dpopRequest(token, await client.proof({ method: 'GET', url: URL_ORDERS, accessToken: token })),
    );
    expect(result.principal.subject).toBe('user-1');
    expect(result.dpop).toEqual({ jkt: client.jkt });
  });

  it('reads a Web Request: its method, URL and headers', async () => {
    const token = await boundToken();
    const proof = await client.proof({ method: 'POST', url: URL_ORDERS, accessToken: token });
    const request = new Request(`${URL_ORDERS}?page=2#top`, { method: 'POST', headers: { authorization: `DPoP ${token}`, dpop: proof } });
    expect((await verifierWith().authenticate(request)).dpop?.jkt).toBe(client.jkt);
  });

  it.each(['PS256', 'RS256', 'Ed25519'] as const)('accepts a proof signed with %s', async (alg) => {
    const holder = await createDpopClient(alg);
    const token = await boundToken(holder);
    const result = await verifierWith().authenticate(
      dpopRequest(token, await holder.proof({ method: 'GET', url: URL_ORDERS, accessToken: token })),
    );
    expect(result.dpop?.jkt).toBe(holder.jkt);
  });

  it('compares htu after normalising scheme, host case, default port and unreserved escapes', async () => {
    const token = await boundToken();
    const proof = await client.forge({
      request: { method: 'GET', url: URL_ORDERS, accessToken: token },
      claims: { htu: 'HTTPS://API.example:443/%6Frders' },
    });
    await expect(verifierWith().authenticate(dpopRequest(token, proof))).resolves.toBeDefined();
  });

  it('ignores the query and fragment of the request URL (the proof has none)', async () => {
    const token = await boundToken();
    const proof = await client.proof({ method: 'GET', url: URL_ORDERS, accessToken: token });
    await expect(verifierWith().authenticate(dpopRequest(token, proof, 'GET', `${URL_ORDERS}?status=open`))).resolves.toBeDefined();
  });

  it('checks htu against dpop.origin when the server sees another origin behind a proxy', async () => {
    const token = await boundToken();
    const proof = await client.proof({ method: 'GET', url: 'https://public.example/orders', accessToken: token });
    const verifier = verifierWith({ origin: 'https://public.example' });
    await expect(verifier.authenticate(dpopRequest(token, proof, 'GET', 'http://10.0.0.7:8080/orders'))).resolves.toBeDefined();
    const pathOnly = await client.proof({ method: 'GET', url: 'https://public.example/orders', accessToken: token });
    await expect(verifier.authenticate(dpopRequest(token, pathOnly, 'GET', '/orders'))).resolves.toBeDefined();
  });
});

describe('a proof made for something else', () => {
  const refused = async (proof: (token: string) => Promise<string>, method = 'GET', url = URL_ORDERS, holder = client) => {
    const token = await boundToken(holder);
    const error = await rejection(verifierWith().authenticate(dpopRequest(token, await proof(token), method, url)));
    expect(error.code).toBe('invalid_dpop_proof');
    expect(error.status).toBe(401);
    return error;
  };

  it('refuses a proof for another method (htm)', async () => {
    const error = await refused((token) => client.proof({ method: 'POST', url: URL_ORDERS, accessToken: token }));
    expect(error.message).toContain('"htm" GET, found POST');
  });

  it('refuses a proof for another URI (htu)', async () => {
    const error = await refused((token) => client.proof({ method: 'GET', url: 'https://api.example/admin', accessToken: token }));
    expect(error.message).toContain('expected "htu" https://api.example/orders');
  });

  it('refuses a proof for another origin', async () => {
    await refused((token) => client.proof({ method: 'GET', url: 'https://evil.example/orders', accessToken: token }));
  });

  it('refuses a proof for another access token (ath)', async () => {
    const otherToken = await boundToken(client, { jti: 'another-token' });
    const error = await refused(() => client.proof({ method: 'GET', url: URL_ORDERS, accessToken: otherToken }));
    expect(error.message).toContain('"ath"');
  });

  it('refuses a proof without ath', async () => {
    await refused(() => client.proof({ method: 'GET', url: URL_ORDERS }));
  });

  it("refuses a proof signed by another key than the token's cnf.jkt", async () => {
    const error = await refused((token) => other.proof({ method: 'GET', url: URL_ORDERS, accessToken: token }));
    expect(error.message).toContain('cnf.jkt');
  });
});

describe('a proof that is not a proper one', () => {
  const forged = async (header: Record<string, unknown>, claims: Record<string, unknown> = {}) => {
    const token = await boundToken();
    const proof = await client.forge({ header, claims, request: { method: 'GET', url: URL_ORDERS, accessToken: token } });
    return rejection(verifierWith().authenticate(dpopRequest(token, proof)));
  };

  it('refuses a proof without typ dpop+jwt', async () => {
    expect((await forged({ typ: 'JWT' })).message).toContain('expected dpop+jwt, found JWT');
  });

  it('refuses a proof without a jwk header', async () => {
    expect((await forged({ jwk: undefined })).code).toBe('invalid_dpop_proof');
  });

  it('refuses a jwk header carrying the private key', async () => {
    const error = await forged({ jwk: { ...client.publicJwk, d: 'AAAA' } });
    expect(error.message).toContain('private or secret key material');
  });

  it('refuses a proof whose alg does not fit its key', async () => {
    const token = await boundToken();
    const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const claims = { htm: 'GET', htu: URL_ORDERS, iat: Math.floor(Date.now() / 1000), jti: 'x' };
    const proof = `${encode({ alg: 'ES384', typ: 'dpop+jwt', jwk: client.publicJwk })}.${encode(claims)}.c2ln`;
    const error = await rejection(verifierWith().authenticate(dpopRequest(token, proof)));
    expect(error.message).toContain('does not fit its key');
  });

  it('refuses a proof with a bad signature', async () => {
    const token = await boundToken();
    const proof = await client.proof({ method: 'GET', url: URL_ORDERS, accessToken: token });
    const [head, payload] = proof.split('.');
    const foreign = (await other.proof({ method: 'GET', url: URL_ORDERS, accessToken: token })).split('.')[2];
    const error = await rejection(verifierWith().authenticate(dpopRequest(token, `${head}.${payload}.${foreign}`)));
    expect(error.message).toContain('signature is invalid');
  });

  it.each([
    ['none', 'none'],
    ['HMAC', 'HS256'],
  ])('refuses an unsigned or %s proof', async (_name, alg) => {
    const token = await boundToken();
    const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const proof = `${encode({ alg, typ: 'dpop+jwt', jwk: client.publicJwk })}.${encode({ htm: 'GET', htu: URL_ORDERS, iat: Math.floor(Date.now() / 1000), jti: 'x' })}.c2ln`;
    const error = await rejection(verifierWith().authenticate(dpopRequest(token, proof)));
    expect(error.code).toBe('invalid_dpop_proof');
    expect(error.message).toContain('algorithm not accepted');
  });

  it('refuses an algorithm left out of dpop.algorithms', async () => {
    const token = await boundToken();
    const proof = await client.proof({ method: 'GET', url: URL_ORDERS, accessToken: token });
    const error = await rejection(verifierWith({ algorithms: ['EdDSA'] }).authenticate(dpopRequest(token, proof)));
    expect(error.message).toContain('expected one of EdDSA, found ES256');
  });

  it('refuses a proof that is not a JWT, without echoing it', async () => {
    const token = await boundToken();
    const error = await rejection(verifierWith().authenticate(dpopRequest(token, 'not-a-proof-secret-value')));
    expect(error.code).toBe('invalid_dpop_proof');
    expect(error.message).not.toContain('secret-value');
  });

  it('refuses a proof over 8 KiB before parsing it', async () => {
    const token = await boundToken();
    const error = await rejection(verifierWith().authenticate(dpopRequest(token, `${'a'.repeat(9000)}.b.c`)));
    expect(error.message).toContain('too large');
  });

  it.each([
    ['without jti', { jti: undefined }],
    ['with an overlong jti', { jti: 'j'.repeat(300) }],
    ['without iat', { iat: undefined }],
  ])('refuses a proof %s', async (_name, claims) => {
    expect((await forged({}, claims)).code).toBe('invalid_dpop_proof');
  });
});

describe('proof age', () => {
  const at = (nowSec: number) => verifierWith({}, { now: () => nowSec * 1000 });
  const withIat = async (iat: number, verifier: Verifier) => {
    const token = await boundToken();
    const proof = await client.forge({ claims: { iat }, request: { method: 'GET', url: URL_ORDERS, accessToken: token } });
    return verifier.authenticate(dpopRequest(token, proof));
  };
  const nowSec = Math.floor(Date.now() / 1000);

  it('accepts a proof up to maxAgeSec (300) old, plus the tolerance', async () => {
    await expect(withIat(nowSec - 304, at(nowSec))).resolves.toBeDefined();
  });

  it('refuses an older one', async () => {
    expect((await rejection(withIat(nowSec - 306, at(nowSec)))).message).toContain('too old');
  });

  it('refuses one dated more than the tolerance (5 s) ahead', async () => {
    expect((await rejection(withIat(nowSec + 6, at(nowSec)))).message).toContain('in the future');
    await expect(withIat(nowSec + 4, at(nowSec))).resolves.toBeDefined();
  });
});

describe('the request around the proof', () => {
  it('refuses the DPoP scheme without a DPoP header', async () => {
    const token = await boundToken();
    const error = await rejection(
      verifierWith().authenticate({ method: 'GET', url: URL_ORDERS, headers: { authorization: `DPoP ${token}` } }),
    );
    expect([error.code, error.message]).toEqual([
      'invalid_dpop_proof',
      'expected a DPoP header with a proof beside Authorization: DPoP, found none',
    ]);
  });

  it('refuses two DPoP headers', async () => {
    const token = await boundToken();
    const proof = await client.proof({ method: 'GET', url: URL_ORDERS, accessToken: token });
    const error = await rejection(
      verifierWith().authenticate({ method: 'GET', url: URL_ORDERS, headers: { authorization: `DPoP ${token}`, dpop: [proof, proof] } }),
    );
    expect(error.message).toBe('expected one DPoP header, found 2 proofs');
  });

  it('says so when the server passed no method or no absolute URL', async () => {
    const token = await boundToken();
    const proof = await client.proof({ method: 'GET', url: URL_ORDERS, accessToken: token });
    const noMethod = await rejection(
      verifierWith().authenticate({ url: URL_ORDERS, headers: { authorization: `DPoP ${token}`, dpop: proof } }),
    );
    expect(noMethod.message).toContain('did not pass the request method');
    const pathOnly = await rejection(verifierWith().authenticate(dpopRequest(token, proof, 'GET', '/orders')));
    expect(pathOnly.message).toContain('set dpop.origin');
  });

  it('refuses an unbound token with the DPoP scheme (no cnf.jkt)', async () => {
    const token = await issuer.mint({ sub: 'user-1' });
    const proof = await client.proof({ method: 'GET', url: URL_ORDERS, accessToken: token });
    const error = await rejection(verifierWith().authenticate(dpopRequest(token, proof)));
    expect([error.code, error.claim]).toEqual(['claim_invalid', 'cnf']);
  });

  it('refuses a DPoP token beside a token in the cookie', async () => {
    const token = await boundToken();
    const proof = await client.proof({ method: 'GET', url: URL_ORDERS, accessToken: token });
    const verifier = createVerifier({
      issuers: [jwks({ issuer: issuer.issuer, audience: issuer.audience, jwksUri: issuer.jwksUri })],
      tokenLocation: { cookie: 'access' },
    });
    const request = { method: 'GET', url: URL_ORDERS, headers: { authorization: `DPoP ${token}`, dpop: proof, cookie: `access=${token}` } };
    expect((await rejection(verifier.authenticate(request))).code).toBe('multiple_tokens');
  });

  it('verifies the token before the proof: an expired bound token is token_expired', async () => {
    const token = await boundToken(client, {});
    const expired = await issuer.mint({ sub: 'user-1', cnf: { jkt: client.jkt } }, { expiresInSec: -600 });
    const proof = await client.proof({ method: 'GET', url: URL_ORDERS, accessToken: expired });
    expect(token).not.toBe(expired);
    expect((await rejection(verifierWith().authenticate(dpopRequest(expired, proof)))).code).toBe('token_expired');
  });
});

describe('answers', () => {
  it('answers a bad proof on the DPoP challenge, beside Bearer', async () => {
    const token = await boundToken();
    const proof = await client.proof({ method: 'POST', url: URL_ORDERS, accessToken: token });
    const verifier = verifierWith({ algorithms: ['ES256', 'EdDSA'] });
    const error = await rejection(verifier.authenticate(dpopRequest(token, proof)));
    const response = toErrorResponse(error, { realm: 'api', includeDescription: false, dpop: verifier.dpop });
    expect(response.status).toBe(401);
    expect(response.headers['WWW-Authenticate']).toBe(
      'Bearer realm="api", DPoP realm="api", error="invalid_dpop_proof", algs="ES256 EdDSA"',
    );
    expect(response.body).toEqual({ error: 'invalid_dpop_proof', error_description: 'the DPoP proof is not valid' });
  });

  it('offers both challenges to a request without a token', async () => {
    const verifier = verifierWith({ algorithms: ['ES256'] });
    const error = await rejection(verifier.authenticate({ headers: {} }));
    expect(toErrorResponse(error, { dpop: verifier.dpop }).headers['WWW-Authenticate']).toBe('Bearer, DPoP algs="ES256"');
  });

  it('answers a failed Bearer token on the Bearer challenge', async () => {
    const verifier = verifierWith({ algorithms: ['ES256'] });
    const error = await rejection(verifier.authenticate({ headers: { authorization: 'Bearer a.b.c' } }));
    expect(toErrorResponse(error, { includeDescription: false, dpop: verifier.dpop }).headers['WWW-Authenticate']).toBe(
      'Bearer error="invalid_token", DPoP algs="ES256"',
    );
  });

  it("puts a failed DPoP request on the DPoP challenge with the refusing verifier's algs, without the settings passed", async () => {
    const token = await boundToken();
    const error = await rejection(verifierWith({ algorithms: ['ES256'] }).authenticate(dpopRequest(token, 'x.y.z')));
    expect(toErrorResponse(error, { includeDescription: false }).headers['WWW-Authenticate']).toBe(
      'Bearer, DPoP error="invalid_dpop_proof", algs="ES256"',
    );
  });

  it('puts an expired DPoP token on the DPoP challenge', async () => {
    const expired = await issuer.mint({ sub: 'user-1', cnf: { jkt: client.jkt } }, { expiresInSec: -600 });
    const proof = await client.proof({ method: 'GET', url: URL_ORDERS, accessToken: expired });
    const verifier = verifierWith({ algorithms: ['ES256'] });
    const error = await rejection(verifier.authenticate(dpopRequest(expired, proof)));
    expect(toErrorResponse(error, { includeDescription: false, dpop: verifier.dpop }).headers['WWW-Authenticate']).toBe(
      'Bearer, DPoP error="invalid_token", algs="ES256"',
    );
  });
});
