import { describe, expect, it } from 'vitest';
import { auth0, cognito, entra, firebase, FIREBASE_CERTS_URL, google, jwks, keycloak, keys, oidc, okta } from '../../src/issuers/index.js';

const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';

describe('entra()', () => {
  it('builds v1 and v2 issuers for a single tenant with the tenant key set', () => {
    const configs = entra({ tenantId: TENANT, audience: 'api://orders' });
    expect(configs.map((c) => c.issuer)).toEqual([
      `https://sts.windows.net/${TENANT}/`,
      `https://login.microsoftonline.com/${TENANT}/v2.0`,
    ]);
    expect(configs[0]?.keySource).toEqual({ kind: 'jwks', uri: `https://login.microsoftonline.com/${TENANT}/discovery/v2.0/keys` });
  });

  it('builds only the requested token version', () => {
    expect(entra({ tenantId: TENANT, audience: 'a', tokenVersions: [2] }).map((c) => c.issuer)).toEqual([
      `https://login.microsoftonline.com/${TENANT}/v2.0`,
    ]);
  });

  it('builds tenant templates and the common key set for organizations', () => {
    const [v1, v2] = entra({ tenantId: 'organizations', audience: 'a', allowedTenants: [TENANT] });
    expect(v1?.issuer).toEqual({ template: 'https://sts.windows.net/{tenantid}/' });
    expect(v2?.issuer).toEqual({ template: 'https://login.microsoftonline.com/{tenantid}/v2.0' });
    expect(v2?.allowedTenants).toEqual([TENANT]);
    expect(v2?.keySource).toEqual({ kind: 'jwks', uri: 'https://login.microsoftonline.com/common/discovery/v2.0/keys' });
  });

  it('builds the consumer tenant issuer and the consumers key set for consumers, v2 only', () => {
    const configs = entra({ tenantId: 'consumers', audience: 'a' });
    expect(configs.map((c) => c.issuer)).toEqual(['https://login.microsoftonline.com/9188040d-6c67-4c5b-b112-36a304b66dad/v2.0']);
    expect(configs[0]?.keySource).toEqual({ kind: 'jwks', uri: 'https://login.microsoftonline.com/consumers/discovery/v2.0/keys' });
  });

  it('refuses v1 tokens for consumers, which Microsoft issues only as v2', () => {
    expect(() => entra({ tenantId: 'consumers', audience: 'a', tokenVersions: [1, 2] })).toThrow(/consumers.*v2/);
  });

  it('refuses allowedTenants naming the consumer tenant under organizations', () => {
    expect(() => entra({ tenantId: 'organizations', audience: 'a', allowedTenants: ['9188040d-6c67-4c5b-b112-36a304b66dad'] })).toThrow(
      /common/,
    );
  });

  it('uses national cloud authorities', () => {
    const [gov] = entra({ tenantId: TENANT, audience: 'a', tokenVersions: [2], authority: 'https://login.microsoftonline.us' });
    expect(gov?.issuer).toBe(`https://login.microsoftonline.us/${TENANT}/v2.0`);
  });

  it("builds an External ID tenant's issuer from its tenant id and its key set from its subdomain, v2 only", () => {
    const configs = entra({ tenantId: TENANT, audience: 'a', external: { subdomain: 'contoso' } });
    expect(configs.map((c) => c.issuer)).toEqual([`https://${TENANT}.ciamlogin.com/${TENANT}/v2.0`]);
    expect(configs[0]?.keySource).toEqual({ kind: 'jwks', uri: `https://contoso.ciamlogin.com/${TENANT}/discovery/v2.0/keys` });
  });

  it('fetches External ID keys from authority when given, keeping the issuer', () => {
    const [config] = entra({ tenantId: TENANT, audience: 'a', external: { subdomain: 'contoso' }, authority: 'http://127.0.0.1:4000' });
    expect(config?.issuer).toBe(`https://${TENANT}.ciamlogin.com/${TENANT}/v2.0`);
    expect(config?.keySource).toEqual({ kind: 'jwks', uri: `http://127.0.0.1:4000/${TENANT}/discovery/v2.0/keys` });
  });

  it('refuses a ciamlogin.com authority without external, whose issuer real tokens never carry', () => {
    expect(() => entra({ tenantId: TENANT, audience: 'a', authority: 'https://contoso.ciamlogin.com/' })).toThrow(
      /external: \{ subdomain \}/,
    );
  });

  it.each([
    ['a tenant name', { tenantId: 'organizations', external: { subdomain: 'contoso' } }, /GUID/],
    ['a subdomain that is not a DNS label', { tenantId: TENANT, external: { subdomain: 'contoso.ciamlogin.com' } }, /subdomain/],
    ['v1 tokens', { tenantId: TENANT, external: { subdomain: 'contoso' }, tokenVersions: [1, 2] }, /v2 tokens only/],
    ['a v1 authority', { tenantId: TENANT, external: { subdomain: 'contoso' }, v1Authority: 'https://sts.windows.net' }, /v1Authority/],
  ] as const)('refuses an External ID config with %s', (_what, options, message) => {
    expect(() => entra({ audience: 'a', ...options } as never)).toThrow(message);
  });

  it('fetches app-specific signing keys with ?appid=', () => {
    const [config] = entra({ tenantId: TENANT, audience: 'a', tokenVersions: [2], signingKeyAppId: 'app-1' });
    expect(config?.keySource).toEqual({ kind: 'jwks', uri: `https://login.microsoftonline.com/${TENANT}/discovery/v2.0/keys?appid=app-1` });
  });

  it('rejects a tenant name instead of a tenant id', () => {
    expect(() => entra({ tenantId: 'contoso.onmicrosoft.com', audience: 'a' })).toThrow(/GUID/);
  });

  it('rejects allowedTenants on a single-tenant config', () => {
    expect(() => entra({ tenantId: TENANT, audience: 'a', allowedTenants: [TENANT] })).toThrow(/allowedTenants/);
  });

  it('rejects unknown token versions', () => {
    expect(() => entra({ tenantId: TENANT, audience: 'a', tokenVersions: [3 as 2] })).toThrow(/tokenVersions/);
  });

  it('keeps caller overrides and runs its own checks first', () => {
    const custom = () => true;
    const [config] = entra({ tenantId: TENANT, audience: 'a', tokenVersions: [2], clockToleranceSec: 5, checks: [custom] });
    expect(config?.clockToleranceSec).toBe(5);
    expect(config?.checks?.at(-1)).toBe(custom);
    expect(config?.checks?.length).toBe(2);
  });
});

describe('auth0()', () => {
  it('keeps the trailing slash of Auth0 issuers and serves keys from /.well-known/jwks.json', () => {
    const config = auth0({ domain: 'example.us.auth0.com', audience: 'https://api' });
    expect(config.issuer).toBe('https://example.us.auth0.com/');
    expect(config.keySource).toEqual({ kind: 'jwks', uri: 'https://example.us.auth0.com/.well-known/jwks.json' });
  });

  it('accepts a domain given as a URL', () => {
    expect(auth0({ domain: 'https://login.example.com/', audience: 'a' }).issuer).toBe('https://login.example.com/');
  });
});

describe('cognito()', () => {
  it('derives issuer and keys from the user pool id', () => {
    const config = cognito({ userPoolId: 'eu-west-1_AbC123xyz', tokenUse: 'access', clientId: 'c1' });
    expect(config.issuer).toBe('https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbC123xyz');
    expect(config.keySource).toEqual({
      kind: 'jwks',
      uri: 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbC123xyz/.well-known/jwks.json',
    });
    expect(config.audience).toBeNull();
  });

  it('checks id tokens through aud', () => {
    expect(cognito({ userPoolId: 'us-east-1_X', tokenUse: 'id', clientId: ['c1', 'c2'] }).audience).toEqual(['c1', 'c2']);
  });

  it('requires clientId or an explicit null', () => {
    expect(() => cognito({ userPoolId: 'us-east-1_X', tokenUse: 'access', clientId: undefined as never })).toThrow(/clientId/);
  });

  it('rejects a malformed user pool id', () => {
    expect(() => cognito({ userPoolId: 'pool', tokenUse: 'access', clientId: null })).toThrow(/userPoolId/);
  });
});

describe('firebase()', () => {
  it('uses the project id as audience and Google x509 certificates as keys', () => {
    const config = firebase({ projectId: 'my-project' });
    expect(config.issuer).toBe('https://securetoken.google.com/my-project');
    expect(config.audience).toBe('my-project');
    expect(config.keySource).toEqual({ kind: 'x509', uri: FIREBASE_CERTS_URL });
    expect(config.algorithms).toEqual(['RS256']);
  });
});

describe('google()', () => {
  it('accepts both issuer spellings Google uses', () => {
    expect(google({ audience: 'client' }).map((c) => c.issuer)).toEqual(['https://accounts.google.com', 'accounts.google.com']);
  });

  it('keeps both issuer spellings under a custom authority', () => {
    expect(google({ audience: 'client', authority: 'https://accounts.example.test/' }).map((c) => c.issuer)).toEqual([
      'https://accounts.example.test',
      'accounts.example.test',
    ]);
  });
});

describe('okta()', () => {
  it('builds a custom authorization server issuer', () => {
    const config = okta({ domain: 'example.okta.com', audience: 'api://default' });
    expect(config.issuer).toBe('https://example.okta.com/oauth2/default');
    expect(config.keySource).toEqual({ kind: 'jwks', uri: 'https://example.okta.com/oauth2/default/v1/keys' });
  });

  it('refuses an empty clientId', () => {
    expect(() => okta({ domain: 'example.okta.com', audience: 'a', clientId: [] })).toThrow(/clientId/);
    expect(() => okta({ domain: 'example.okta.com', audience: 'a', clientId: '' })).toThrow(/clientId/);
  });

  it('builds the org authorization server issuer', () => {
    const config = okta({ domain: 'example.okta.com', audience: 'a', authorizationServerId: null });
    expect(config.issuer).toBe('https://example.okta.com');
    expect(config.keySource).toEqual({ kind: 'jwks', uri: 'https://example.okta.com/oauth2/v1/keys' });
  });
});

describe('keycloak()', () => {
  it('builds the realm issuer and certs endpoint', () => {
    const config = keycloak({ baseUrl: 'https://sso.example.com/', realm: 'main', audience: 'orders' });
    expect(config.issuer).toBe('https://sso.example.com/realms/main');
    expect(config.keySource).toEqual({ kind: 'jwks', uri: 'https://sso.example.com/realms/main/protocol/openid-connect/certs' });
  });

  it('maps realm and client roles onto the principal', () => {
    const config = keycloak({ baseUrl: 'https://sso', realm: 'r', audience: 'a', clientId: 'orders' });
    const fields = config.principal?.({
      realm_access: { roles: ['user'] },
      resource_access: { orders: { roles: ['admin'] }, other: { roles: ['x'] } },
    });
    expect(fields?.roles).toEqual(['user', 'admin']);
  });
});

describe('oidc(), jwks(), keys()', () => {
  it('discovers keys through the well-known configuration', () => {
    expect(oidc({ issuer: 'https://id.example.com/', audience: 'a' }).keySource).toEqual({
      kind: 'discovery',
      url: 'https://id.example.com/.well-known/openid-configuration',
    });
  });

  it('uses a fixed JWKS URL', () => {
    expect(jwks({ issuer: 'https://i', jwksUri: 'https://i/keys', audience: null }).keySource).toEqual({
      kind: 'jwks',
      uri: 'https://i/keys',
    });
  });

  it('requires at least one static key', () => {
    expect(() => keys({ issuer: 'https://i', keys: [], audience: 'a' })).toThrow(/at least one/);
  });
});

describe('preset options', () => {
  it.each([
    ['oidc', () => oidc({ issuer: 'https://id.example.com', audience: 'api', jwksUri: 'https://id.example.com/keys' } as never)],
    ['entra', () => entra({ tenantId: '8eaef023-2b34-4da1-9baa-8bc8c9d6a490', audience: 'api', tenant: 'x' } as never)],
    ['auth0', () => auth0({ domain: 'tenant.eu.auth0.com', audience: 'api', clockTolerance: 30 } as never)],
  ])('%s() rejects an option it does not know rather than ignoring it', (_name, create) => {
    expect(create).toThrow(/unknown option/);
  });
});
