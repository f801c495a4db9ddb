import { entra } from '@tokenward/core';
import { Validator } from '@seriousme/openapi-schema-validator';
import { describe, expect, it } from 'vitest';
import { openApiSchemesFor, openApiSecurityFor, type ExpressAuthOptions } from '../src/index.js';

// A document written by hand (or by swagger-jsdoc) gets its security from the same options and
// requirements the routes are protected with, and stays a valid OpenAPI document.
const auth: ExpressAuthOptions = { issuers: [entra({ tenantId: '72f988bf-86f1-41af-91ab-2d7cd011db47', audience: 'api://orders' })] };
const read = { scopes: 'Orders.Read' };
const write = { scopes: ['Orders.Write'] };

describe('OpenAPI for Express routes', () => {
  it('gives an operation the scopes its requirement enforces', () => {
    expect(openApiSecurityFor(auth, read)).toEqual([{ entra: ['api://orders/Orders.Read'] }]);
    expect(openApiSecurityFor(auth)).toEqual([{ entra: [] }]);
  });

  it('builds a document a real OpenAPI validator accepts', async () => {
    const document = {
      openapi: '3.1.0',
      info: { title: 'orders', version: '1.0.0' },
      components: { securitySchemes: openApiSchemesFor(auth, [read, write]) },
      paths: {
        '/orders': {
          get: { security: openApiSecurityFor(auth, read), responses: { 200: { description: 'the orders' } } },
          post: { security: openApiSecurityFor(auth, write), responses: { 201: { description: 'created' } } },
        },
      },
    };
    const result = await new Validator().validate(document as never);
    expect([result.valid, result.errors]).toEqual([true, undefined]);
  });
});
