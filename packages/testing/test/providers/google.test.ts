import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestIssuer, type TestIssuer } from '../../src/index.js';
import { getJson, verify } from '../helpers.js';

describe("provider 'google'", () => {
  let issuer: TestIssuer;
  beforeAll(async () => {
    issuer = await createTestIssuer({ provider: 'google' });
  });
  afterAll(() => issuer.close());

  it('uses the origin as issuer and serves keys at /oauth2/v3/certs', async () => {
    expect(issuer.issuer).toBe(issuer.url);
    expect(issuer.jwksUri).toBe(`${issuer.url}/oauth2/v3/certs`);
    expect((await getJson(issuer.discoveryUrl)).body).toMatchObject({ issuer: issuer.url, jwks_uri: issuer.jwksUri });
  });

  it('mints ID tokens whose aud and azp are the OAuth client id', async () => {
    const { payload } = await verify(issuer, await issuer.mint());
    expect(issuer.audience).toBe(issuer.clientId);
    expect(payload).toMatchObject({ aud: issuer.clientId, azp: issuer.clientId, email_verified: true, name: 'Alex Tester' });
    expect(payload).toHaveProperty('at_hash');
    expect(payload.sub).toMatch(/^\d{21}$/);
  });

  it('mints service-account identity tokens for the app profile', async () => {
    const { payload } = await verify(issuer, await issuer.mint({}, { profile: 'app' }));
    expect(payload.email).toMatch(/\.iam\.gserviceaccount\.com$/);
    expect(payload.azp).toBe(payload.sub);
  });
});
