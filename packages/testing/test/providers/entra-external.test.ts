import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestIssuer, type TestIssuer } from '../../src/index.js';
import { getJson, header, verify } from '../helpers.js';

const TENANT = '8eaef023-2b34-4da1-9baa-8bc8c9d6a490';

describe("provider 'entra-external'", () => {
  let issuer: TestIssuer;
  beforeAll(async () => {
    issuer = await createTestIssuer({ provider: 'entra-external' });
  });
  afterAll(() => issuer.close());

  it("mints Microsoft's External ID issuer, named after the tenant id, and serves metadata and keys under the tenant", () => {
    expect(issuer.tenantId).toBe(TENANT);
    expect(issuer.issuer).toBe(`https://${TENANT}.ciamlogin.com/${TENANT}/v2.0`);
    expect(issuer.jwksUri).toBe(`${issuer.url}/${TENANT}/discovery/v2.0/keys`);
    expect(issuer.discoveryUrl).toBe(`${issuer.url}/${TENANT}/v2.0/.well-known/openid-configuration`);
    expect(issuer.v1Authority).toBeUndefined();
  });

  it('serves discovery naming the ciamlogin.com issuer and the local keys', async () => {
    const { body } = await getJson(issuer.discoveryUrl);
    expect(body).toMatchObject({
      issuer: issuer.issuer,
      jwks_uri: issuer.jwksUri,
      token_endpoint: `${issuer.url}/${TENANT}/oauth2/v2.0/token`,
    });
  });

  it('publishes keys without alg that name the External ID issuer', async () => {
    const { body } = await getJson(issuer.jwksUri);
    const [key] = (body as { keys: Record<string, unknown>[] }).keys;
    expect(key).toMatchObject({ kty: 'RSA', use: 'sig', issuer: issuer.issuer });
    expect(key).not.toHaveProperty('alg');
  });

  it('mints v2 access tokens with the External ID issuer that verify', async () => {
    const token = await issuer.mint();
    const { payload } = await verify(issuer, token);
    expect(payload).toMatchObject({ iss: issuer.issuer, aud: issuer.audience, tid: TENANT, ver: '2.0', scp: 'access_as_user' });
    expect(header(token)).toMatchObject({ typ: 'JWT', alg: 'RS256' });
  });
});
