import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestIssuer, type TestIssuer } from '../../src/index.js';
import { getJson, header, verify } from '../helpers.js';

const TENANT = '8eaef023-2b34-4da1-9baa-8bc8c9d6a490';

describe("provider 'entra-v1'", () => {
  let issuer: TestIssuer;
  beforeAll(async () => {
    issuer = await createTestIssuer({ provider: 'entra-v1' });
  });
  afterAll(() => issuer.close());

  it('mints the v1 issuer under the v1 authority with a trailing slash', () => {
    expect(issuer.v1Authority).toBe(`${issuer.url}/sts`);
    expect(issuer.issuer).toBe(`${issuer.v1Authority}/${TENANT}/`);
    expect(issuer.jwksUri).toBe(`${issuer.url}/${TENANT}/discovery/keys`);
    expect(issuer.discoveryUrl).toBe(`${issuer.url}/sts/${TENANT}/.well-known/openid-configuration`);
    expect(issuer.audience).toMatch(/^api:\/\/[0-9a-f-]{36}$/);
  });

  it('serves v1 discovery at the tenant and under the issuer', async () => {
    for (const url of [issuer.discoveryUrl, `${issuer.url}/${TENANT}/.well-known/openid-configuration`]) {
      const { body } = await getJson(url);
      expect(body).toMatchObject({ issuer: issuer.issuer, jwks_uri: issuer.jwksUri });
    }
  });

  it('publishes keys whose issuer member is the v2 tenant issuer, as Entra does for both versions', async () => {
    const { body } = await getJson(`${issuer.url}/${TENANT}/discovery/v2.0/keys`);
    expect((body as { keys: { issuer: string }[] }).keys[0]?.issuer).toBe(`${issuer.url}/${TENANT}/v2.0`);
  });

  it('mints delegated v1 tokens with appid, upn, amr and ver 1.0 that verify', async () => {
    const token = await issuer.mint();
    const { payload } = await verify(issuer, token);
    expect(payload).toMatchObject({
      aud: issuer.audience,
      appid: issuer.clientId,
      appidacr: '0',
      amr: ['pwd'],
      scp: 'access_as_user',
      tid: TENANT,
      upn: 'alex@tokenward.test',
      unique_name: 'alex@tokenward.test',
      ver: '1.0',
    });
    expect(payload).toHaveProperty('oid');
    expect(payload.nbf).toBe(payload.iat);
    expect(header(token)).toHaveProperty('x5t');
  });

  it('mints app-only v1 tokens with roles and appidacr 1', async () => {
    const { payload } = await verify(issuer, await issuer.mint({}, { profile: 'app' }));
    expect(payload).toMatchObject({ appidacr: '1', idtyp: 'app', roles: ['Data.Read'], ver: '1.0', idp: issuer.issuer });
    expect(payload).not.toHaveProperty('scp');
  });
});
