import { createVerifier, isTokenwardError, oidc, type Verifier } from '@tokenward/core';
import { createDpopClient } from '@tokenward/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PUBLIC_CLIENT, RESOURCE, SCOPE, SERVICE_CLIENT, startOpenIdProvider, USER, type OpenIdProvider } from './openid-provider.js';

// Tokens of a real, certified OpenID provider (oidc-provider), found through its real discovery
// document by core's oidc() preset and verified end to end.
let op: OpenIdProvider;

beforeAll(async () => {
  op = await startOpenIdProvider();
});

afterAll(() => op?.close());

function verifierFor(provider: OpenIdProvider, extra: { now?: () => number; cooldownMs?: number } = {}): Verifier {
  return createVerifier({
    issuers: [oidc({ issuer: provider.issuer, audience: RESOURCE, typ: 'at+jwt' })],
    jwks: { timeoutMs: 2_000, ...(extra.cooldownMs === undefined ? {} : { cooldownMs: extra.cooldownMs }) },
    ...(extra.now === undefined ? {} : { now: extra.now }),
  });
}

async function rejection(promise: Promise<unknown>): Promise<{ code: string }> {
  try {
    await promise;
  } catch (error) {
    expect(isTokenwardError(error)).toBe(true);
    return error as { code: string };
  }
  throw new Error('expected a rejection');
}

describe('oidc-provider: discovery and the two grants', () => {
  it('verifies a client credentials token (RFC 9068 at+jwt) found through the real discovery document', async () => {
    const token = await op.clientCredentialsToken();
    const result = await verifierFor(op).verify(token);
    expect(result.header.typ).toBe('at+jwt');
    expect(result.claims).toMatchObject({ iss: op.issuer, aud: RESOURCE, client_id: SERVICE_CLIENT.id, scope: SCOPE });
    expect(result.principal.scopes).toEqual([SCOPE]);
  });

  it('verifies an authorization code (PKCE) token issued to the signed-in user', async () => {
    const token = await op.authorizationCodeToken();
    const result = await verifierFor(op).authenticate({ authorization: `Bearer ${token}` });
    expect(result.claims).toMatchObject({ iss: op.issuer, aud: RESOURCE, sub: USER, client_id: PUBLIC_CLIENT.id });
    expect(result.principal.subject).toBe(USER);
  });

  it("rejects the provider's token for another resource as audience_mismatch", async () => {
    const token = await op.clientCredentialsToken(`${RESOURCE}/other`);
    expect(await rejection(verifierFor(op).verify(token))).toMatchObject({ code: 'audience_mismatch' });
  });
});

describe('oidc-provider: key rotation on the provider side', () => {
  it('keeps old tokens verifying and accepts the new key at first sight once the cooldown allows a fetch', async () => {
    const rotating = await startOpenIdProvider();
    try {
      let clock = Date.now();
      const verifier = verifierFor(rotating, { now: () => clock, cooldownMs: 30_000 });
      const oldToken = await rotating.clientCredentialsToken();
      await verifier.verify(oldToken);
      expect(rotating.jwksRequests()).toBe(1);

      const { kid } = await rotating.rotateKey();
      const newToken = await rotating.clientCredentialsToken();
      expect(JSON.parse(Buffer.from(newToken.split('.')[0] ?? '', 'base64url').toString()).kid).toBe(kid);

      // Old tokens: the old key is still published and still cached, so no request at all.
      await expect(verifier.verify(oldToken)).resolves.toBeDefined();
      expect(rotating.jwksRequests()).toBe(1);

      // Within the cooldown of the last fetch, an unknown kid causes no fetch and fails.
      expect(await rejection(verifier.verify(newToken))).toMatchObject({ code: 'key_not_found' });
      expect(rotating.jwksRequests()).toBe(1);

      // Once the cooldown has passed, the first token with the new kid fetches once and is accepted.
      clock += 30_001;
      await expect(verifier.verify(newToken)).resolves.toMatchObject({ key: { kid } });
      await expect(verifier.verify(oldToken)).resolves.toBeDefined();
      expect(rotating.jwksRequests()).toBe(2);
    } finally {
      await rotating.close();
    }
  });

  it('accepts a rotated key at first sight when no fetch happened within the cooldown', async () => {
    const rotating = await startOpenIdProvider();
    try {
      let clock = Date.now();
      const verifier = verifierFor(rotating, { now: () => clock, cooldownMs: 30_000 });
      await verifier.verify(await rotating.clientCredentialsToken());
      await rotating.rotateKey();
      clock += 30_001;
      await expect(verifier.verify(await rotating.clientCredentialsToken())).resolves.toBeDefined();
      expect(rotating.jwksRequests()).toBe(2);
    } finally {
      await rotating.close();
    }
  });
});

describe('oidc-provider: DPoP-bound tokens (RFC 9449), proofs made by an independent client library', () => {
  const API = 'https://orders.api.example.test/orders';

  it('verifies a bound token from the provider with a proof for the request', async () => {
    const client = await createDpopClient();
    const { token, tokenType } = await op.dpopClientCredentialsToken(client);
    expect(tokenType).toBe('DPoP');
    const proof = await client.proof({ method: 'GET', url: API, accessToken: token });
    const result = await verifierFor(op).authenticate({
      method: 'GET',
      url: API,
      headers: { authorization: `DPoP ${token}`, dpop: proof },
    });
    expect(result.claims.cnf).toEqual({ jkt: client.jkt });
    expect(result.dpop?.jkt).toBe(client.jkt);
  });

  it("refuses the provider's bound token presented as Bearer", async () => {
    const { token } = await op.dpopClientCredentialsToken(await createDpopClient());
    expect(await rejection(verifierFor(op).authenticate({ authorization: `Bearer ${token}` }))).toMatchObject({ code: 'dpop_required' });
  });

  it("refuses a proof from another key than the token's", async () => {
    const { token } = await op.dpopClientCredentialsToken(await createDpopClient());
    const thief = await createDpopClient();
    const proof = await thief.proof({ method: 'GET', url: API, accessToken: token });
    const request = { method: 'GET', url: API, headers: { authorization: `DPoP ${token}`, dpop: proof } };
    expect(await rejection(verifierFor(op).authenticate(request))).toMatchObject({ code: 'invalid_dpop_proof' });
  });
});
