import { describe, expect, it } from 'vitest';
import { auth0, createVerifier, entra, firebase, jwks, openApiSecurity, openApiSecuritySchemes } from '../src/index.js';

// OpenAPI security from the issuers and a route's requirement: the scheme per issuer and the scopes the
// route enforces, so the documentation says what the code checks.
const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const CLIENT_ID = '6e74172b-be56-4843-9ff4-e66a39bb12e3';

describe('openApiSecuritySchemes', () => {
  it("describes Entra as the authorization code flow on the tenant's v2 endpoints", () => {
    const schemes = openApiSecuritySchemes(entra({ tenantId: TENANT, audience: 'api://orders' }), [{ scopes: 'Orders.Read' }], {
      scopes: { 'Orders.Read': 'Read your orders' },
    });
    expect(schemes).toEqual({
      entra: {
        type: 'oauth2',
        description: expect.stringContaining('DPoP'),
        flows: {
          authorizationCode: {
            authorizationUrl: `https://login.microsoftonline.com/${TENANT}/oauth2/v2.0/authorize`,
            tokenUrl: `https://login.microsoftonline.com/${TENANT}/oauth2/v2.0/token`,
            scopes: { 'api://orders/Orders.Read': 'Read your orders' },
          },
        },
      },
    });
  });

  it("uses 'common' for a multi-tenant Entra API and api://<client id> when the audience is the client id", () => {
    const schemes = openApiSecuritySchemes(entra({ tenantId: 'organizations', audience: CLIENT_ID }), [{ scopes: 'Orders.Read' }]);
    const flow = (schemes.entra as { flows: { authorizationCode: { authorizationUrl: string; scopes: object } } }).flows.authorizationCode;
    expect(flow.authorizationUrl).toBe('https://login.microsoftonline.com/common/oauth2/v2.0/authorize');
    expect(Object.keys(flow.scopes)).toEqual([`api://${CLIENT_ID}/Orders.Read`]);
  });

  it('describes an issuer found through discovery as OpenID Connect', () => {
    expect(openApiSecuritySchemes([auth0({ domain: 'example.eu.auth0.com', audience: 'https://orders' })]).auth0).toEqual({
      type: 'openIdConnect',
      description: expect.stringContaining('auth0'),
      openIdConnectUrl: 'https://example.eu.auth0.com/.well-known/openid-configuration',
    });
  });

  it('describes an issuer known only by its keys as HTTP Bearer (JWT)', () => {
    const schemes = openApiSecuritySchemes([
      jwks({ issuer: 'https://idp.example', jwksUri: 'https://idp.example/keys', audience: 'orders' }),
    ]);
    expect(schemes.jwks).toMatchObject({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' });
  });

  it("names a second issuer of the same kind apart, and takes a verifier's issuers", () => {
    const verifier = createVerifier({
      issuers: [
        jwks({ issuer: 'https://a.example', jwksUri: 'https://a.example/keys', audience: 'x' }),
        jwks({ issuer: 'https://b.example', jwksUri: 'https://b.example/keys', audience: 'x' }),
      ],
    });
    expect(Object.keys(openApiSecuritySchemes(verifier))).toEqual(['jwks', 'jwks_2']);
  });
});

describe('openApiSecurity', () => {
  it("lists the route's scopes under Entra's Application ID URI", () => {
    expect(openApiSecurity(entra({ tenantId: TENANT, audience: 'api://orders' }), { scopes: ['Orders.Read', 'Orders.Write'] })).toEqual([
      { entra: ['api://orders/Orders.Read', 'api://orders/Orders.Write'] },
    ]);
  });

  it('gives an operation that needs any valid token an empty scope list', () => {
    expect(openApiSecurity(entra({ tenantId: TENANT, audience: 'api://orders' }), true)).toEqual([{ entra: [] }]);
  });

  it('gives HTTP Bearer schemes no scopes, as OpenAPI 3.0 requires', () => {
    expect(openApiSecurity([firebase({ projectId: 'orders-app' })], { scopes: 'orders' })).toEqual([{ firebase: [] }]);
  });

  it('offers each trusted issuer as an alternative', () => {
    const issuers = [
      ...entra({ tenantId: TENANT, audience: 'api://orders' }),
      auth0({ domain: 'example.eu.auth0.com', audience: 'https://orders' }),
    ];
    expect(openApiSecurity(issuers, { scopes: 'orders:read' })).toEqual([
      { entra: ['api://orders/orders:read'] },
      { auth0: ['orders:read'] },
    ]);
  });

  it('refuses something that is not issuers', () => {
    expect(() => openApiSecurity({} as never)).toThrow(TypeError);
  });
});
