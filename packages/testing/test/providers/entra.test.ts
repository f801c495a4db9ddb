import { X509Certificate } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestIssuer, type TestIssuer } from '../../src/index.js';
import { getJson, header, sortedKeys, verify } from '../helpers.js';

const TENANT = '8eaef023-2b34-4da1-9baa-8bc8c9d6a490';

describe("provider 'entra'", () => {
  let issuer: TestIssuer;
  beforeAll(async () => {
    issuer = await createTestIssuer({ provider: 'entra' });
  });
  afterAll(() => issuer.close());

  it('derives issuer, keys and discovery URLs from the authority as Entra v2 does', () => {
    expect(issuer.tenantId).toBe(TENANT);
    expect(issuer.issuer).toBe(`${issuer.url}/${TENANT}/v2.0`);
    expect(issuer.jwksUri).toBe(`${issuer.url}/${TENANT}/discovery/v2.0/keys`);
    expect(issuer.discoveryUrl).toBe(`${issuer.url}/${TENANT}/v2.0/.well-known/openid-configuration`);
    expect(issuer.v1Authority).toBe(`${issuer.url}/sts`);
    expect(issuer.audience).toMatch(/^[0-9a-f-]{36}$/);
    expect(issuer.clientId).not.toBe(issuer.audience);
  });

  it('serves v2 discovery pointing at the tenant keys', async () => {
    const { body } = await getJson(issuer.discoveryUrl);
    expect(body).toMatchObject({
      issuer: issuer.issuer,
      jwks_uri: issuer.jwksUri,
      token_endpoint: `${issuer.url}/${TENANT}/oauth2/v2.0/token`,
      id_token_signing_alg_values_supported: ['RS256'],
    });
  });

  it('serves multi-tenant discovery with the {tenantid} issuer template', async () => {
    const { body } = await getJson(`${issuer.url}/organizations/v2.0/.well-known/openid-configuration`);
    expect(body).toMatchObject({ issuer: `${issuer.url}/{tenantid}/v2.0`, jwks_uri: `${issuer.url}/organizations/discovery/v2.0/keys` });
  });

  it('publishes RSA keys with x5c, x5t and the tenant issuer, and no alg', async () => {
    const { body } = await getJson(issuer.jwksUri);
    const [key] = (body as { keys: Record<string, unknown>[] }).keys;
    expect(sortedKeys(key ?? {})).toEqual(['e', 'issuer', 'kid', 'kty', 'n', 'use', 'x5c', 'x5t']);
    expect(key).toMatchObject({ kty: 'RSA', use: 'sig', issuer: issuer.issuer });
    const cert = new X509Certificate(Buffer.from(String((key?.x5c as string[])[0]), 'base64'));
    expect(cert.publicKey.export({ format: 'jwk' }).n).toBe(key?.n);
  });

  it('serves the same keys on /common and /organizations with the {tenantid} template issuer', async () => {
    const tenant = (await getJson(issuer.jwksUri)).body as { keys: Record<string, unknown>[] };
    for (const segment of ['common', 'organizations']) {
      const { body } = await getJson(`${issuer.url}/${segment}/discovery/v2.0/keys`);
      const { keys } = body as { keys: Record<string, unknown>[] };
      expect(keys.map((k) => k.kid)).toEqual(tenant.keys.map((k) => k.kid));
      expect(keys[0]?.issuer).toBe(`${issuer.url}/{tenantid}/v2.0`);
    }
  });

  it('serves the v1 key endpoints too', async () => {
    const { status } = await getJson(`${issuer.url}/${TENANT}/discovery/keys`);
    expect(status).toBe(200);
    expect((await getJson(`${issuer.url}/common/discovery/keys`)).status).toBe(200);
  });

  it('ignores the ?appid= query on the keys endpoint', async () => {
    expect((await getJson(`${issuer.jwksUri}?appid=${issuer.audience}`)).status).toBe(200);
  });

  it('mints delegated v2 tokens in Entra shape that verify', async () => {
    const token = await issuer.mint();
    const { payload } = await verify(issuer, token);
    expect(sortedKeys(payload)).toEqual(
      [
        'aio',
        'aud',
        'azp',
        'azpacr',
        'exp',
        'iat',
        'iss',
        'name',
        'nbf',
        'oid',
        'preferred_username',
        'rh',
        'scp',
        'sub',
        'tid',
        'uti',
        'ver',
      ].sort(),
    );
    expect(payload).toMatchObject({
      aud: issuer.audience,
      azp: issuer.clientId,
      azpacr: '0',
      scp: 'access_as_user',
      tid: TENANT,
      ver: '2.0',
    });
    expect(payload.nbf).toBe(payload.iat);
    const jwk = ((await getJson(issuer.jwksUri)).body as { keys: { x5t: string }[] }).keys[0];
    expect(header(token)).toEqual({ typ: 'JWT', alg: 'RS256', x5t: jwk?.x5t, kid: issuer.keys[0]?.kid });
  });

  it('mints app-only v2 tokens with roles, idtyp and no scp', async () => {
    const { payload } = await verify(issuer, await issuer.mint({}, { profile: 'app' }));
    expect(payload).toMatchObject({ azpacr: '1', idtyp: 'app', roles: ['Data.Read'], ver: '2.0' });
    expect(payload.sub).toBe(payload.oid);
    expect(payload).not.toHaveProperty('scp');
    expect(payload).not.toHaveProperty('name');
  });

  it('lower-cases a tenant id given in upper case, as Entra writes tid', async () => {
    const upper = await createTestIssuer({ provider: 'entra', tenantId: TENANT.toUpperCase(), listen: false });
    expect(upper.issuer).toBe(`${upper.url}/${TENANT}/v2.0`);
    await upper.close();
  });
});
