import swagger from '@fastify/swagger';
import { entra, oidc, openApiSecuritySchemes } from '@tokenward/core';
import { Validator } from '@seriousme/openapi-schema-validator';
import Fastify from 'fastify';
import Fastify4 from 'fastify4';
import swagger8 from 'fastify4-swagger';
import { describe, expect, it } from 'vitest';
import { errorResponses, tokenward } from '../src/index.js';

// Each route's config.tokenward becomes its OpenAPI security, through @fastify/swagger (9 on Fastify 5,
// 8 on Fastify 4), and the document is valid for a real OpenAPI validator.
const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const CLIENT_ID = '6e74172b-be56-4843-9ff4-e66a39bb12e3';
const issuers = entra({ tenantId: TENANT, audience: ['api://orders', CLIENT_ID] });
const routes = [{ scopes: 'Orders.Read' }, { scopes: ['Orders.Read', 'Orders.Write'] }];
const ok = { 200: { type: 'object', properties: { subject: { type: 'string' } } }, ...errorResponses };

type Versions = ReadonlyArray<readonly [string, () => ReturnType<typeof Fastify>, typeof swagger]>;
const VERSIONS: Versions = [
  ['Fastify 5 + @fastify/swagger 9', () => Fastify(), swagger],
  ['Fastify 4 + @fastify/swagger 8', () => Fastify4() as unknown as ReturnType<typeof Fastify>, swagger8 as unknown as typeof swagger],
];

async function documentOf(version: Versions[number], openapi = '3.0.3', pluginIssuers: unknown = issuers) {
  const [, create, plugin] = version;
  const app = create();
  await app.register(plugin, {
    openapi: {
      openapi,
      info: { title: 'orders', version: '1.0.0' },
      components: {
        securitySchemes: { ...openApiSecuritySchemes(pluginIssuers as typeof issuers, routes), custom: { type: 'http', scheme: 'bearer' } },
      },
    },
  } as never);
  await app.register(tokenward, { issuers: pluginIssuers as typeof issuers });
  const handler = async () => ({ subject: 's' });
  app.get('/orders', { config: { tokenward: routes[0] }, schema: { response: ok } }, handler);
  app.post('/orders', { config: { tokenward: routes[1] }, schema: { response: ok } }, handler);
  app.get('/me', { config: { tokenward: true } }, handler);
  app.get('/mine', { config: { tokenward: true }, schema: { security: [{ custom: [] }] } }, handler);
  app.get('/health', handler);
  await app.ready();
  const document = (app as unknown as { swagger(): Record<string, unknown> }).swagger();
  await app.close();
  return document as { paths: Record<string, Record<string, { security?: unknown }>>; components: { securitySchemes: unknown } };
}

describe.each(VERSIONS)('OpenAPI with %s', (...version) => {
  it("gives a route the Entra scheme with the scopes it requires, under the API's Application ID URI", async () => {
    const document = await documentOf(version);
    expect(document.paths['/orders']?.get?.security).toEqual([{ entra: ['api://orders/Orders.Read'] }]);
    expect(document.paths['/orders']?.post?.security).toEqual([{ entra: ['api://orders/Orders.Read', 'api://orders/Orders.Write'] }]);
  });

  it('documents a route that needs any valid token with no scopes, and leaves unprotected routes alone', async () => {
    const document = await documentOf(version);
    expect(document.paths['/me']?.get?.security).toEqual([{ entra: [] }]);
    expect(document.paths['/health']?.get?.security).toBeUndefined();
  });

  it("keeps a route's own schema.security", async () => {
    expect((await documentOf(version)).paths['/mine']?.get?.security).toEqual([{ custom: [] }]);
  });

  it("describes Entra's authorization code flow on the tenant's endpoints, listing every scope", async () => {
    expect((await documentOf(version)).components.securitySchemes).toEqual({
      custom: { type: 'http', scheme: 'bearer' },
      entra: {
        type: 'oauth2',
        description: expect.stringContaining('Microsoft Entra ID'),
        flows: {
          authorizationCode: {
            authorizationUrl: `https://login.microsoftonline.com/${TENANT}/oauth2/v2.0/authorize`,
            tokenUrl: `https://login.microsoftonline.com/${TENANT}/oauth2/v2.0/token`,
            scopes: { 'api://orders/Orders.Read': 'the Orders.Read scope', 'api://orders/Orders.Write': 'the Orders.Write scope' },
          },
        },
      },
    });
  });

  it.each(['3.0.3', '3.1.0'])('produces a document valid as OpenAPI %s', async (openapi) => {
    const result = await new Validator().validate((await documentOf(version, openapi)) as never);
    expect(result.errors).toBeUndefined();
    expect(result.valid).toBe(true);
  });

  it('names one scheme per issuer when several are trusted: any one of them grants access', async () => {
    const both = [...issuers, oidc({ issuer: 'https://idp.example.com', audience: 'orders' })];
    const document = await documentOf(version, '3.0.3', both);
    expect(document.paths['/orders']?.get?.security).toEqual([{ entra: ['api://orders/Orders.Read'] }, { oidc: ['Orders.Read'] }]);
  });
});

describe('openapi: false', () => {
  it('leaves route schemas as they are', async () => {
    const app = Fastify();
    await app.register(swagger, { openapi: { info: { title: 'orders', version: '1.0.0' } } });
    await app.register(tokenward, { issuers, openapi: false });
    app.get('/orders', { config: { tokenward: routes[0] } }, async () => ({}));
    await app.ready();
    expect((app.swagger() as { paths: Record<string, { get: { security?: unknown } }> }).paths['/orders']?.get.security).toBeUndefined();
    await app.close();
  });
});
