import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestIssuer, type TestIssuer } from '../../src/index.js';
import { getJson, header, sortedKeys, verify } from '../helpers.js';

describe("provider 'auth0'", () => {
  let issuer: TestIssuer;
  beforeAll(async () => {
    issuer = await createTestIssuer({ provider: 'auth0' });
  });
  afterAll(() => issuer.close());

  it('mints an issuer with a trailing slash and serves keys at /.well-known/jwks.json', () => {
    expect(issuer.issuer).toBe(`${issuer.url}/`);
    expect(issuer.jwksUri).toBe(`${issuer.url}/.well-known/jwks.json`);
    expect(issuer.discoveryUrl).toBe(`${issuer.url}/.well-known/openid-configuration`);
    expect(issuer.audience).toBe('https://api.example.test');
  });

  it('serves discovery with the slash-terminated issuer and /oauth/token', async () => {
    const { body } = await getJson(issuer.discoveryUrl);
    expect(body).toMatchObject({ issuer: issuer.issuer, jwks_uri: issuer.jwksUri, token_endpoint: `${issuer.url}/oauth/token` });
  });

  it('publishes keys with alg, x5c and x5t', async () => {
    const { body } = await getJson(issuer.jwksUri);
    expect(sortedKeys((body as { keys: object[] }).keys[0] ?? {})).toEqual(['alg', 'e', 'kid', 'kty', 'n', 'use', 'x5c', 'x5t']);
  });

  it('mints user tokens with the userinfo audience, scope and permissions that verify', async () => {
    const token = await issuer.mint();
    const { payload } = await verify(issuer, token);
    expect(payload).toMatchObject({
      sub: 'auth0|65f0c1d2e3a4b5c6d7e8f901',
      aud: [issuer.audience, `${issuer.url}/userinfo`],
      azp: issuer.clientId,
      scope: 'openid profile email read:messages',
      permissions: ['read:messages'],
    });
    expect(payload).not.toHaveProperty('gty');
    expect(header(token)).toEqual({ alg: 'RS256', typ: 'JWT', kid: issuer.keys[0]?.kid });
  });

  it('mints client-credentials tokens with gty and the @clients subject', async () => {
    const { payload } = await verify(issuer, await issuer.mint({}, { profile: 'app' }));
    expect(payload).toMatchObject({
      sub: `${issuer.clientId}@clients`,
      aud: issuer.audience,
      gty: 'client-credentials',
      azp: issuer.clientId,
    });
  });
});
