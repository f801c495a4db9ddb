import { X509Certificate } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestIssuer, type TestIssuer } from '../../src/index.js';
import { getJson, sortedKeys, verify } from '../helpers.js';

describe("provider 'keycloak'", () => {
  let issuer: TestIssuer;
  beforeAll(async () => {
    issuer = await createTestIssuer({ provider: 'keycloak', realm: 'shop' });
  });
  afterAll(() => issuer.close());

  it('puts the realm in the issuer and serves keys at protocol/openid-connect/certs', async () => {
    expect(issuer.issuer).toBe(`${issuer.url}/realms/shop`);
    expect(issuer.jwksUri).toBe(`${issuer.issuer}/protocol/openid-connect/certs`);
    expect((await getJson(issuer.discoveryUrl)).body).toMatchObject({ issuer: issuer.issuer, jwks_uri: issuer.jwksUri });
  });

  it('publishes keys with x5c, x5t and x5t#S256', async () => {
    const { body } = await getJson(issuer.jwksUri);
    const key = (body as { keys: Record<string, unknown>[] }).keys[0] ?? {};
    expect(sortedKeys(key)).toEqual(['alg', 'e', 'kid', 'kty', 'n', 'use', 'x5c', 'x5t', 'x5t#S256']);
    const cert = new X509Certificate(Buffer.from(String((key.x5c as string[])[0]), 'base64'));
    expect(cert.subject).toBe('CN=shop');
    expect(Buffer.from(cert.fingerprint256.replace(/:/g, ''), 'hex').toString('base64url')).toBe(key['x5t#S256']);
  });

  it('mints user tokens with realm and client roles, typ Bearer and sid', async () => {
    const { payload } = await verify(issuer, await issuer.mint());
    expect(payload).toMatchObject({
      aud: 'account',
      typ: 'Bearer',
      azp: issuer.clientId,
      scope: 'openid profile email',
      realm_access: { roles: ['default-roles-shop', 'offline_access', 'uma_authorization'] },
      resource_access: { [issuer.clientId]: { roles: ['user'] } },
      preferred_username: 'alex',
      email_verified: true,
    });
    expect(payload).toHaveProperty('sid');
  });

  it('mints service-account tokens for the app profile', async () => {
    const { payload } = await verify(issuer, await issuer.mint({}, { profile: 'app' }));
    expect(payload).toMatchObject({ preferred_username: `service-account-${issuer.clientId}`, client_id: issuer.clientId });
    expect(payload).not.toHaveProperty('sid');
  });
});
