import { X509Certificate } from 'node:crypto';
import { importX509, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestIssuer, type TestIssuer } from '../../src/index.js';
import { getJson, header, verify } from '../helpers.js';

describe("provider 'firebase'", () => {
  let issuer: TestIssuer;
  beforeAll(async () => {
    issuer = await createTestIssuer({ provider: 'firebase', projectId: 'demo-project' });
  });
  afterAll(() => issuer.close());

  it("puts the project id in the issuer and points jwksUri at Google's x509 map path", () => {
    expect(issuer.issuer).toBe(`${issuer.url}/demo-project`);
    expect(issuer.audience).toBe('demo-project');
    expect(issuer.jwksUri).toBe(`${issuer.url}/robot/v1/metadata/x509/securetoken@system.gserviceaccount.com`);
  });

  it('serves the keys as a map of kid to PEM certificate', async () => {
    const { body, headers } = await getJson(issuer.jwksUri);
    const kid = issuer.keys[0]?.kid ?? '';
    expect(Object.keys(body as object)).toEqual([kid]);
    expect((body as Record<string, string>)[kid]).toMatch(/^-----BEGIN CERTIFICATE-----\n[\s\S]+\n-----END CERTIFICATE-----\n$/);
    expect(headers.get('cache-control')).toBe('public, max-age=3600');
  });

  it("serves certificates that import with Node's X509Certificate and verify their own signature", async () => {
    const { body } = await getJson(issuer.jwksUri);
    for (const pem of Object.values(body as Record<string, string>)) {
      const cert = new X509Certificate(pem);
      expect(cert.subject).toBe('CN=securetoken.system.gserviceaccount.com');
      expect(cert.verify(cert.publicKey)).toBe(true);
      expect(cert.publicKey.asymmetricKeyType).toBe('rsa');
    }
  });

  it("serves certificates that jose's importX509 accepts for verifying minted tokens", async () => {
    const token = await issuer.mint();
    const { body } = await getJson(issuer.jwksUri);
    const pem = (body as Record<string, string>)[header(token).kid ?? ''] ?? '';
    const { payload } = await jwtVerify(token, await importX509(pem, 'RS256'), { issuer: issuer.issuer, audience: 'demo-project' });
    expect(payload.sub).toBe(payload.user_id);
  });

  it('serves discovery whose jwks_uri is the same keys as a JWKS', async () => {
    const { body } = await getJson(issuer.discoveryUrl);
    const jwksUri = (body as { jwks_uri: string }).jwks_uri;
    expect(jwksUri).toBe(`${issuer.url}/service_accounts/v1/jwk/securetoken@system.gserviceaccount.com`);
    const { payload } = await verify(issuer, await issuer.mint(), jwksUri);
    expect(payload.iss).toBe(issuer.issuer);
  });

  it('mints ID tokens with auth_time, user_id, email and the firebase claim', async () => {
    const token = await issuer.mint();
    const { payload } = await verify(issuer, token, `${issuer.url}/service_accounts/v1/jwk/securetoken@system.gserviceaccount.com`);
    expect(payload).toMatchObject({
      aud: 'demo-project',
      email: 'alex@tokenward.test',
      email_verified: true,
      firebase: { identities: { email: ['alex@tokenward.test'] }, sign_in_provider: 'password' },
    });
    expect(payload.auth_time).toBe(payload.iat);
    expect(header(token)).toEqual({ alg: 'RS256', kid: issuer.keys[0]?.kid, typ: 'JWT' });
  });

  it('refuses algorithms other than RS256', async () => {
    await expect(createTestIssuer({ provider: 'firebase', algorithms: ['ES256'] })).rejects.toThrow(/RS256 only/);
  });

  it('refuses the app profile, since Firebase ID tokens always identify a user', async () => {
    await expect(issuer.mint({}, { profile: 'app' })).rejects.toThrow(TypeError);
  });
});
