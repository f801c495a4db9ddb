import { createTestIssuer, type TestIssuer, type TestProvider } from '@tokenward/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { auth0, cognito, createVerifier, entra, firebase, google, keycloak, oidc, okta } from '../../src/index.js';
import { rejection } from '../support/rejection.js';

const open: TestIssuer[] = [];

async function issuerFor(provider: TestProvider, options: Parameters<typeof createTestIssuer>[0] = {}): Promise<TestIssuer> {
  const issuer = await createTestIssuer({ provider, ...options });
  open.push(issuer);
  return issuer;
}

afterAll(async () => {
  await Promise.all(open.map((issuer) => issuer.close()));
});

describe('entra() against a local Entra issuer', () => {
  it('accepts v1 tokens through the v1 issuer', async () => {
    const issuer = await issuerFor('entra-v1');
    const verifier = createVerifier({
      issuers: [
        entra({
          tenantId: issuer.tenantId as string,
          audience: issuer.audience,
          authority: issuer.url,
          v1Authority: issuer.v1Authority as string,
        }),
      ],
    });
    const { claims, issuer: matched } = await verifier.verify(await issuer.mint());
    expect(claims.ver).toBe('1.0');
    expect(matched.issuer).toBe(issuer.issuer);
  });

  it('rejects v1 tokens when only v2 is accepted, naming the v2 issuer', async () => {
    const issuer = await issuerFor('entra-v1');
    const verifier = createVerifier({
      issuers: [
        entra({
          tenantId: issuer.tenantId as string,
          audience: issuer.audience,
          authority: issuer.url,
          v1Authority: issuer.v1Authority as string,
          tokenVersions: [2],
        }),
      ],
    });
    const error = await rejection(verifier.verify(await issuer.mint()));
    expect(error.code).toBe('issuer_not_allowed');
    expect(error.message).toContain(`${issuer.url}/${issuer.tenantId}/v2.0`);
  });

  it('accepts any listed tenant through organizations and the common key set', async () => {
    const issuer = await issuerFor('entra');
    const verifier = createVerifier({
      issuers: [
        entra({ tenantId: 'organizations', audience: issuer.audience, allowedTenants: [issuer.tenantId as string], authority: issuer.url }),
      ],
    });
    await expect(verifier.verify(await issuer.mint())).resolves.toMatchObject({ principal: { tenantId: issuer.tenantId } });
  });

  it('rejects a tenant not in allowedTenants for organizations', async () => {
    const issuer = await issuerFor('entra', { tenantId: '0e3d2c1b-aaaa-4bbb-8ccc-ddddeeeeffff' });
    const verifier = createVerifier({
      issuers: [
        entra({
          tenantId: 'organizations',
          audience: issuer.audience,
          allowedTenants: ['8eaef023-2b34-4da1-9baa-8bc8c9d6a490'],
          authority: issuer.url,
        }),
      ],
    });
    expect(await rejection(verifier.verify(await issuer.mint()))).toMatchObject({ code: 'tenant_not_allowed' });
  });

  it('rejects a token signed by a key whose Entra key issuer is another tenant', () => {
    const [config] = entra({ tenantId: '8eaef023-2b34-4da1-9baa-8bc8c9d6a490', audience: 'a', tokenVersions: [2] });
    const claims = {
      iss: 'https://login.microsoftonline.com/8eaef023-2b34-4da1-9baa-8bc8c9d6a490/v2.0',
      tid: '8eaef023-2b34-4da1-9baa-8bc8c9d6a490',
      ver: '2.0',
    };
    const key = { kty: 'RSA', issuer: 'https://login.microsoftonline.com/0e3d2c1b-aaaa-4bbb-8ccc-ddddeeeeffff/v2.0' };
    expect(() => config?.keyCheck?.(key, claims)).toThrow(/another issuer/);
    expect(() => config?.keyCheck?.({ kty: 'RSA', issuer: 'https://login.microsoftonline.com/{tenantid}/v2.0' }, claims)).not.toThrow();
  });
});

const CONSUMER_TENANT = '9188040d-6c67-4c5b-b112-36a304b66dad';

describe('entra() and personal Microsoft accounts', () => {
  it("organizations refuses a personal Microsoft account's token (the consumer tenant)", async () => {
    const issuer = await issuerFor('entra', { tenantId: CONSUMER_TENANT });
    const verifier = createVerifier({
      issuers: entra({ tenantId: 'organizations', audience: issuer.audience, allowedTenants: null, authority: issuer.url }),
    });
    expect(await rejection(verifier.verify(await issuer.mint()))).toMatchObject({
      code: 'tenant_not_allowed',
      claim: 'tid',
      found: CONSUMER_TENANT,
    });
  });

  it("common accepts a personal Microsoft account's token", async () => {
    const issuer = await issuerFor('entra', { tenantId: CONSUMER_TENANT });
    const verifier = createVerifier({
      issuers: entra({ tenantId: 'common', audience: issuer.audience, allowedTenants: null, authority: issuer.url }),
    });
    await expect(verifier.verify(await issuer.mint())).resolves.toMatchObject({ principal: { tenantId: CONSUMER_TENANT } });
  });

  it("consumers accepts a personal Microsoft account's token through the consumers key set", async () => {
    const issuer = await issuerFor('entra', { tenantId: CONSUMER_TENANT });
    const verifier = createVerifier({ issuers: entra({ tenantId: 'consumers', audience: issuer.audience, authority: issuer.url }) });
    await expect(verifier.verify(await issuer.mint())).resolves.toMatchObject({ principal: { tenantId: CONSUMER_TENANT } });
  });

  it('consumers refuses a work account token', async () => {
    const issuer = await issuerFor('entra');
    const verifier = createVerifier({ issuers: entra({ tenantId: 'consumers', audience: issuer.audience, authority: issuer.url }) });
    const token = await issuer.mint({ iss: `${issuer.url}/${CONSUMER_TENANT}/v2.0` });
    expect(await rejection(verifier.verify(token))).toMatchObject({ code: 'tenant_not_allowed', claim: 'tid', found: issuer.tenantId });
  });
});

describe('entra() against a local External ID tenant', () => {
  it("accepts a token carrying Microsoft's ciamlogin.com issuer, with keys from the tenant's subdomain host", async () => {
    const issuer = await issuerFor('entra-external');
    const tenantId = issuer.tenantId as string;
    const verifier = createVerifier({
      issuers: entra({ tenantId, audience: issuer.audience, external: { subdomain: 'contoso' }, authority: issuer.url }),
    });
    const { claims } = await verifier.verify(await issuer.mint());
    expect(claims.iss).toBe(`https://${tenantId}.ciamlogin.com/${tenantId}/v2.0`);
  });

  it("refuses a token of another External ID tenant's issuer", async () => {
    const issuer = await issuerFor('entra-external');
    const tenantId = issuer.tenantId as string;
    const verifier = createVerifier({
      issuers: entra({ tenantId, audience: issuer.audience, external: { subdomain: 'contoso' }, authority: issuer.url }),
    });
    const other = '0e3d2c1b-aaaa-4bbb-8ccc-ddddeeeeffff';
    const token = await issuer.mint({ iss: `https://${other}.ciamlogin.com/${other}/v2.0`, tid: other });
    expect(await rejection(verifier.verify(token))).toMatchObject({ code: 'issuer_not_allowed' });
  });
});

describe('auth0() against a local Auth0 issuer', () => {
  it('accepts a user token and reads scope and permissions', async () => {
    const issuer = await issuerFor('auth0');
    const verifier = createVerifier({ issuers: [auth0({ domain: 'unused.example', authority: issuer.url, audience: issuer.audience })] });
    const { principal } = await verifier.verify(await issuer.mint());
    expect(principal.scopes).toContain('read:messages');
    expect(principal.appOnly).toBe(false);
  });

  it('marks client-credentials tokens as app-only', async () => {
    const issuer = await issuerFor('auth0');
    const verifier = createVerifier({ issuers: [auth0({ domain: 'unused.example', authority: issuer.url, audience: issuer.audience })] });
    expect((await verifier.verify(await issuer.mint({}, { profile: 'app' }))).principal.appOnly).toBe(true);
  });
});

describe('cognito() against a local Cognito issuer', () => {
  async function setup(tokenUse: 'access' | 'id', clientId?: string | null) {
    const issuer = await issuerFor('cognito');
    const userPoolId = issuer.issuer.slice(issuer.url.length + 1);
    const allowed = clientId === undefined ? issuer.clientId : clientId;
    const verifier = createVerifier({ issuers: [cognito({ userPoolId, tokenUse, clientId: allowed, authority: issuer.url })] });
    return { issuer, verifier };
  }

  it('accepts an access token of an allowed app client and maps cognito:groups', async () => {
    const { issuer, verifier } = await setup('access');
    const { principal } = await verifier.verify(await issuer.mint({ 'cognito:groups': ['admins'] }));
    expect(principal.groups).toEqual(['admins']);
  });

  it('rejects an access token issued to another app client', async () => {
    const { issuer, verifier } = await setup('access', 'another-app-client');
    expect(await rejection(verifier.verify(await issuer.mint()))).toMatchObject({ code: 'claim_invalid', claim: 'client_id' });
  });

  it('rejects an id token where an access token is expected', async () => {
    const { issuer, verifier } = await setup('access', null);
    expect(await rejection(verifier.verify(await issuer.mint({ token_use: 'id' })))).toMatchObject({
      code: 'claim_invalid',
      claim: 'token_use',
    });
  });

  it('accepts an id token checked through aud', async () => {
    const { issuer, verifier } = await setup('id');
    await expect(verifier.verify(await issuer.mint({ token_use: 'id' }))).resolves.toBeDefined();
  });

  it('marks client-credentials access tokens as app-only', async () => {
    const { issuer, verifier } = await setup('access', null);
    expect((await verifier.verify(await issuer.mint({}, { profile: 'app' }))).principal.appOnly).toBe(true);
  });
});

describe('firebase() against a local securetoken issuer', () => {
  it('verifies ID tokens against the x509 certificate map', async () => {
    const issuer = await issuerFor('firebase');
    const verifier = createVerifier({
      issuers: [firebase({ projectId: issuer.audience, authority: issuer.url, certsUrl: issuer.jwksUri })],
    });
    await expect(verifier.verify(await issuer.mint())).resolves.toMatchObject({ key: { alg: 'RS256' } });
  });

  it('rejects an auth_time in the future', async () => {
    const issuer = await issuerFor('firebase');
    const verifier = createVerifier({
      issuers: [firebase({ projectId: issuer.audience, authority: issuer.url, certsUrl: issuer.jwksUri })],
    });
    const token = await issuer.mint({ auth_time: Math.floor(Date.now() / 1000) + 3600 });
    expect(await rejection(verifier.verify(token))).toMatchObject({ code: 'claim_invalid', claim: 'auth_time' });
  });
});

describe('google() against a local Google issuer', () => {
  it('accepts an ID token for the client id', async () => {
    const issuer = await issuerFor('google');
    const verifier = createVerifier({ issuers: [google({ audience: issuer.audience, authority: issuer.url, jwksUri: issuer.jwksUri })] });
    await expect(verifier.verify(await issuer.mint())).resolves.toBeDefined();
  });

  it('rejects an account outside the hosted domain', async () => {
    const issuer = await issuerFor('google');
    const verifier = createVerifier({
      issuers: [google({ audience: issuer.audience, authority: issuer.url, jwksUri: issuer.jwksUri, hostedDomain: 'example.com' })],
    });
    expect(await rejection(verifier.verify(await issuer.mint({ hd: 'gmail.com' })))).toMatchObject({ code: 'claim_invalid', claim: 'hd' });
  });
});

describe('google() under a custom authority', () => {
  it('accepts both issuer forms Google uses, with and without https://', async () => {
    const issuer = await issuerFor('google');
    const verifier = createVerifier({ issuers: google({ audience: issuer.audience, authority: issuer.url, jwksUri: issuer.jwksUri }) });
    await expect(verifier.verify(await issuer.mint())).resolves.toMatchObject({ claims: { iss: issuer.url } });
    const legacy = new URL(issuer.url).host;
    await expect(verifier.verify(await issuer.mint({ iss: legacy }))).resolves.toMatchObject({ claims: { iss: legacy } });
  });
});

describe('okta() clientId', () => {
  it('accepts a token whose cid is an allowed client', async () => {
    const issuer = await issuerFor('okta');
    const verifier = createVerifier({
      issuers: [okta({ domain: 'unused.example', authority: issuer.url, audience: issuer.audience, clientId: [issuer.clientId, 'other'] })],
    });
    await expect(verifier.verify(await issuer.mint())).resolves.toMatchObject({ principal: { clientId: issuer.clientId } });
  });

  it('refuses a token issued to another client (cid)', async () => {
    const issuer = await issuerFor('okta');
    const verifier = createVerifier({
      issuers: [okta({ domain: 'unused.example', authority: issuer.url, audience: issuer.audience, clientId: 'another-client' })],
    });
    expect(await rejection(verifier.verify(await issuer.mint()))).toMatchObject({
      code: 'claim_invalid',
      claim: 'cid',
      found: issuer.clientId,
    });
  });
});

describe('okta() against a local Okta issuer', () => {
  it('accepts an access token and reads the scp array', async () => {
    const issuer = await issuerFor('okta');
    const verifier = createVerifier({ issuers: [okta({ domain: 'unused.example', authority: issuer.url, audience: issuer.audience })] });
    const { principal } = await verifier.verify(await issuer.mint());
    expect(principal.scopes).toEqual(expect.arrayContaining(['openid']));
    expect(principal.clientId).toBe(issuer.clientId);
  });
});

describe('keycloak() against a local Keycloak realm', () => {
  it('accepts a token and maps realm and client roles', async () => {
    const issuer = await issuerFor('keycloak');
    const verifier = createVerifier({
      issuers: [keycloak({ baseUrl: issuer.url, realm: 'tokenward', audience: issuer.audience, clientId: issuer.clientId })],
    });
    const token = await issuer.mint({
      realm_access: { roles: ['user'] },
      resource_access: { [issuer.clientId]: { roles: ['orders-admin'] } },
    });
    expect((await verifier.verify(token)).principal.roles).toEqual(['user', 'orders-admin']);
  });
});

describe('keycloak() token types (the typ claim)', () => {
  async function setup() {
    const issuer = await issuerFor('keycloak');
    const verifier = createVerifier({ issuers: [keycloak({ baseUrl: issuer.url, realm: 'tokenward', audience: issuer.audience })] });
    return { issuer, verifier };
  }

  it.each(['ID', 'Refresh', 'Logout'])('refuses a token of typ %s presented as a bearer token', async (typ) => {
    const { issuer, verifier } = await setup();
    expect(await rejection(verifier.verify(await issuer.mint({ typ })))).toMatchObject({
      code: 'claim_invalid',
      claim: 'typ',
      expected: 'Bearer',
      found: typ,
    });
  });

  it('refuses a token without the typ claim', async () => {
    const { issuer, verifier } = await setup();
    expect(await rejection(verifier.verify(await issuer.mint({ typ: undefined })))).toMatchObject({
      code: 'claim_invalid',
      claim: 'typ',
      found: 'none',
    });
  });

  it('accepts an access token (typ Bearer)', async () => {
    const { issuer, verifier } = await setup();
    await expect(verifier.verify(await issuer.mint())).resolves.toMatchObject({ claims: { typ: 'Bearer' } });
  });
});

describe('keycloak() service accounts', () => {
  it('marks client-credentials tokens of a service account as app-only', async () => {
    const issuer = await issuerFor('keycloak');
    const verifier = createVerifier({ issuers: [keycloak({ baseUrl: issuer.url, realm: 'tokenward', audience: issuer.audience })] });
    const token = await issuer.mint({ preferred_username: `service-account-${issuer.clientId}` });
    expect((await verifier.verify(token)).principal.appOnly).toBe(true);
  });
});

describe('oidc() against a local provider with discovery', () => {
  it('discovers the key set and verifies', async () => {
    const issuer = await issuerFor('generic');
    const verifier = createVerifier({ issuers: [oidc({ issuer: issuer.issuer, audience: issuer.audience })] });
    await expect(verifier.verify(await issuer.mint())).resolves.toBeDefined();
    expect(issuer.requests.discovery).toBe(1);
  });

  it('refuses a discovery document that names another issuer', async () => {
    const issuer = await issuerFor('generic');
    const verifier = createVerifier({
      issuers: [oidc({ issuer: `${issuer.issuer}/other`, audience: issuer.audience, discoveryUrl: issuer.discoveryUrl })],
    });
    const token = await issuer.mint({ iss: `${issuer.issuer}/other` });
    expect(await rejection(verifier.verify(token))).toMatchObject({ code: 'jwks_unavailable' });
  });
});
