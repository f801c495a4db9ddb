import { createDpopClient, createTestIssuer, type DpopClient, type TestIssuer } from '@tokenward/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDpopNonces, createVerifier, jwks, toErrorResponse, UseDpopNonceError } from '../../src/index.js';
import { rejection } from '../support/rejection.js';

// RFC 9449 §9: with server nonces, a proof must carry one the server issued; the answer to one that
// does not is 401 use_dpop_nonce with a fresh nonce in DPoP-Nonce, and the client retries.
const URL_ORDERS = 'https://api.example/orders';
const SECRET = 'a-test-secret-of-at-least-32-bytes!!';

let issuer: TestIssuer;
let client: DpopClient;
beforeAll(async () => {
  [issuer, client] = await Promise.all([createTestIssuer(), createDpopClient()]);
});
afterAll(() => issuer?.close());

function setup(clock: { nowMs: number }) {
  const nonces = createDpopNonces({ secret: SECRET, lifetimeSec: 60, now: () => clock.nowMs });
  const verifier = createVerifier({
    issuers: [jwks({ issuer: issuer.issuer, audience: issuer.audience, jwksUri: issuer.jwksUri })],
    now: () => clock.nowMs,
    dpop: { nonces, algorithms: ['ES256'] },
  });
  const send = async (token: string, nonce?: string) => {
    const proof = await client.forge({
      claims: { iat: Math.floor(clock.nowMs / 1000) },
      request: { method: 'GET', url: URL_ORDERS, accessToken: token, ...(nonce === undefined ? {} : { nonce }) },
    });
    return verifier.authenticate({ method: 'GET', url: URL_ORDERS, headers: { authorization: `DPoP ${token}`, dpop: proof } });
  };
  return { nonces, verifier, send };
}

describe('server nonces', () => {
  it('answers a proof without a nonce with use_dpop_nonce and the nonce in DPoP-Nonce', async () => {
    const { nonces, verifier, send } = setup({ nowMs: Date.now() });
    const error = await rejection(send(await issuer.mint({ sub: 'u', cnf: { jkt: client.jkt } })));
    expect(error).toBeInstanceOf(UseDpopNonceError);
    const response = toErrorResponse(error, { includeDescription: false, dpop: verifier.dpop });
    expect(response.status).toBe(401);
    expect(response.headers['WWW-Authenticate']).toBe('Bearer, DPoP error="use_dpop_nonce", algs="ES256"');
    expect(response.headers['DPoP-Nonce']).toBe(await nonces.current());
  });

  it('accepts the retry with the nonce it was given', async () => {
    const { send } = setup({ nowMs: Date.now() });
    const token = await issuer.mint({ sub: 'u', cnf: { jkt: client.jkt } });
    const first = (await rejection(send(token))) as UseDpopNonceError;
    const result = await send(token, first.nonce);
    expect(result.dpop).toEqual({ jkt: client.jkt });
  });

  it("accepts the previous window's nonce and hands out the current one", async () => {
    const clock = { nowMs: Date.now() };
    const { nonces, send } = setup(clock);
    const old = await nonces.current();
    clock.nowMs += 60_000;
    const result = await send(await issuer.mint({ sub: 'u', cnf: { jkt: client.jkt } }), old);
    expect(result.dpop?.nonce).toBe(await nonces.current());
    expect(result.dpop?.nonce).not.toBe(old);
  });

  it('refuses a nonce two windows old', async () => {
    const clock = { nowMs: Date.now() };
    const { nonces, send } = setup(clock);
    const old = await nonces.current();
    clock.nowMs += 120_000;
    expect((await rejection(send(await issuer.mint({ sub: 'u', cnf: { jkt: client.jkt } }), old))).code).toBe('use_dpop_nonce');
  });

  it('refuses a nonce made up by the client', async () => {
    const { send } = setup({ nowMs: Date.now() });
    const forged = `${Math.floor(Date.now() / 60_000).toString(36)}.AAAAAAAAAAAAAAAAAAAAAA`;
    expect((await rejection(send(await issuer.mint({ sub: 'u', cnf: { jkt: client.jkt } }), forged))).code).toBe('use_dpop_nonce');
  });

  it('shares nonces across instances with the same secret', async () => {
    const now = () => 1_700_000_000_000;
    const a = createDpopNonces({ secret: SECRET, now });
    const b = createDpopNonces({ secret: SECRET, now });
    expect(await b.accepts(await a.current())).toBe(true);
    expect(await createDpopNonces({ now }).accepts(await a.current())).toBe(false);
  });

  it('refuses a secret shorter than 32 bytes', () => {
    expect(() => createDpopNonces({ secret: 'short' })).toThrow('at least 32 bytes');
  });
});
