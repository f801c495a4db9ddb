import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestIssuer, type TestIssuer } from '../../src/index.js';
import { getJson, header, sortedKeys, verify } from '../helpers.js';

describe("provider 'cognito'", () => {
  let issuer: TestIssuer;
  beforeAll(async () => {
    issuer = await createTestIssuer({ provider: 'cognito' });
  });
  afterAll(() => issuer.close());

  it('puts the user pool id in the issuer path and keys under it', () => {
    expect(issuer.issuer).toBe(`${issuer.url}/us-east-1_Example`);
    expect(issuer.jwksUri).toBe(`${issuer.issuer}/.well-known/jwks.json`);
    expect(issuer.audience).toBe(issuer.clientId);
  });

  it('serves discovery and a JWKS of alg-tagged keys', async () => {
    expect((await getJson(issuer.discoveryUrl)).body).toMatchObject({ issuer: issuer.issuer, jwks_uri: issuer.jwksUri });
    const { body } = await getJson(issuer.jwksUri);
    expect(sortedKeys((body as { keys: object[] }).keys[0] ?? {})).toEqual(['alg', 'e', 'kid', 'kty', 'n', 'use']);
  });

  it('mints user access tokens with client_id, token_use and no aud', async () => {
    const token = await issuer.mint();
    const { payload } = await verify(issuer, token);
    expect(payload).toMatchObject({
      token_use: 'access',
      client_id: issuer.clientId,
      scope: 'aws.cognito.signin.user.admin',
      username: 'alex',
      'cognito:groups': ['readers'],
    });
    expect(payload).not.toHaveProperty('aud');
    expect(payload).toHaveProperty('origin_jti');
    expect(payload).toHaveProperty('event_id');
    expect(payload.auth_time).toBe(payload.iat);
    expect(header(token)).toEqual({ kid: issuer.keys[0]?.kid, alg: 'RS256' });
  });

  it('mints client-credentials access tokens whose sub is the client and which have no username', async () => {
    const { payload } = await verify(issuer, await issuer.mint({}, { profile: 'app' }));
    expect(payload).toMatchObject({ sub: issuer.clientId, client_id: issuer.clientId, token_use: 'access', scope: 'resource-server/read' });
    expect(payload).not.toHaveProperty('username');
  });

  it("mints id tokens in Cognito's id shape when token_use is 'id'", async () => {
    const { payload } = await verify(issuer, await issuer.mint({ token_use: 'id', email: 'sam@tokenward.test' }));
    expect(payload).toMatchObject({ token_use: 'id', aud: issuer.clientId, 'cognito:username': 'alex', email: 'sam@tokenward.test' });
    expect(payload).not.toHaveProperty('client_id');
    expect(payload).not.toHaveProperty('scope');
  });

  it('refuses an audience option, since Cognito access tokens have none', async () => {
    await expect(createTestIssuer({ provider: 'cognito', audience: 'x' })).rejects.toThrow(TypeError);
  });
});
