import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { entra, openApiSecurity, openApiSecuritySchemes } from '@tokenward/core';
import type { TestIssuer } from '@tokenward/testing';
import { Validator } from '@seriousme/openapi-schema-validator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authorize, tokenward } from '../src/hono.js';
import { bearer, entraIssuer } from './helpers.js';

// @hono/zod-openapi: the route's `security` from core's openApiSecurity, with the requirement the route
// enforces through authorize(), and the schemes registered as components; the document validates.
let issuer: TestIssuer;
beforeAll(async () => {
  issuer = await entraIssuer();
});
afterAll(() => issuer?.close());

function api() {
  const issuers = entra({ tenantId: issuer.tenantId ?? '', audience: issuer.audience, authority: issuer.url });
  const read = { scopes: 'Orders.Read' } as const;
  const app = new OpenAPIHono();
  for (const [name, scheme] of Object.entries(openApiSecuritySchemes(issuers, [read], { scopePrefix: 'api://orders' }))) {
    app.openAPIRegistry.registerComponent('securitySchemes', name, scheme);
  }
  app.use('/api/*', tokenward({ issuers }));
  const orders = createRoute({
    method: 'get',
    path: '/api/orders',
    middleware: [authorize(read)] as const,
    security: openApiSecurity(issuers, read, { scopePrefix: 'api://orders' }),
    responses: { 200: { description: 'the orders', content: { 'application/json': { schema: z.object({ subject: z.string() }) } } } },
  });
  app.openapi(orders, (c) => c.json({ subject: c.get('auth' as never) ? 'signed-in' : '' }, 200));
  return app;
}

describe('OpenAPI with @hono/zod-openapi', () => {
  it("documents the route's scopes and the Entra scheme, in a document a real validator accepts", async () => {
    const document = api().getOpenAPI31Document({ openapi: '3.1.0', info: { title: 'orders', version: '1.0.0' } });
    expect(document.paths?.['/api/orders']?.get?.security).toEqual([{ entra: ['api://orders/Orders.Read'] }]);
    expect(document.components?.securitySchemes?.entra).toMatchObject({ type: 'oauth2' });
    const result = await new Validator().validate(document as never);
    expect([result.valid, result.errors]).toEqual([true, undefined]);
  });

  it('enforces what it documents: a token without the scope is 403', async () => {
    const response = await api().request('/api/orders', bearer(await issuer.mint({ scp: 'Orders.Write' })));
    expect(response.status).toBe(403);
    expect((await api().request('/api/orders', bearer(await issuer.mint({ scp: 'Orders.Read' })))).status).toBe(200);
  });
});
