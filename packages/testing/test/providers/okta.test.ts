import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestIssuer, type TestIssuer } from '../../src/index.js';
import { getJson, header, verify } from '../helpers.js';

describe("provider 'okta'", () => {
  let issuer: TestIssuer;
  beforeAll(async () => {
    issuer = await createTestIssuer({ provider: 'okta' });
  });
  afterAll(() => issuer.close());

  it('uses the default authorization server as issuer, with keys at /v1/keys', () => {
    expect(issuer.issuer).toBe(`${issuer.url}/oauth2/default`);
    expect(issuer.jwksUri).toBe(`${issuer.issuer}/v1/keys`);
    expect(issuer.audience).toBe('api://default');
  });

  it('serves OpenID and OAuth authorization server metadata', async () => {
    for (const path of ['openid-configuration', 'oauth-authorization-server']) {
      const { body } = await getJson(`${issuer.issuer}/.well-known/${path}`);
      expect(body).toMatchObject({ issuer: issuer.issuer, jwks_uri: issuer.jwksUri, token_endpoint: `${issuer.issuer}/v1/token` });
    }
  });

  it('mints user access tokens with ver, an AT. jti, cid, uid and a scp array', async () => {
    const token = await issuer.mint();
    const { payload } = await verify(issuer, token);
    expect(payload).toMatchObject({ ver: 1, aud: 'api://default', cid: issuer.clientId, scp: ['openid', 'profile'] });
    expect(payload.jti).toMatch(/^AT\./);
    expect(payload).toHaveProperty('uid');
    expect(header(token)).toEqual({ kid: issuer.keys[0]?.kid, alg: 'RS256' });
  });

  it('mints client-credentials tokens whose sub is the client id and which have no uid', async () => {
    const { payload } = await verify(issuer, await issuer.mint({}, { profile: 'app' }));
    expect(payload.sub).toBe(issuer.clientId);
    expect(payload).not.toHaveProperty('uid');
  });
});
