// Type tests: checked by tsconfig.test.json, never run.
import {
  createVerifier,
  entra,
  type ErrorResponse,
  type ErrorResponseCode,
  type TokenwardErrorUnion,
  type VerifiedToken,
} from '@tokenward/core';
import Fastify, { type FastifyReply, type FastifyRequest } from 'fastify';
import { describe, expectTypeOf, it } from 'vitest';
import {
  errorResponseSchema,
  errorResponses,
  tokenward,
  TokenwardHttpError,
  type TokenwardHook,
  type TokenwardRouteConfig,
} from '../src/index.js';

const issuers = [entra({ tenantId: 'tenant', audience: 'api://orders' })];
const app = Fastify();

describe('types', () => {
  it('types request.auth as the verified token or null', () => {
    app.get('/', async (request) => {
      expectTypeOf(request.auth).toEqualTypeOf<VerifiedToken | null>();
      return request.auth?.principal.subject;
    });
  });

  it('types config.tokenward as true or a requirement, with the Fastify request in checks', () => {
    app.get('/a', { config: { tokenward: true } }, async () => 'ok');
    app.get('/b', { config: { tokenward: { scopes: 'Orders.Read', roles: ['Orders.Admin'], match: 'any' } } }, async () => 'ok');
    app.get(
      '/c',
      {
        config: {
          tokenward: (token, request) => {
            expectTypeOf(token).toEqualTypeOf<VerifiedToken>();
            expectTypeOf(request).toEqualTypeOf<FastifyRequest>();
            return token.principal.roles.includes('Orders.Admin');
          },
        },
      },
      async () => 'ok',
    );
    // @ts-expect-error scopes are strings
    app.get('/e', { config: { tokenward: { scopes: 42 } } }, async () => 'ok');
    expectTypeOf<true>().toExtend<TokenwardRouteConfig>();
    // Not through a route's options: Fastify infers their config type from the value (the plugin throws a TypeError for it).
    expectTypeOf<false>().not.toExtend<TokenwardRouteConfig>();
  });

  it('lets fastify.authenticate and fastify.authorize() be onRequest and preHandler hooks, also on typed routes', () => {
    expectTypeOf(app.authenticate).toEqualTypeOf<TokenwardHook>();
    expectTypeOf(app.authorize({ roles: 'Orders.Admin' })).toEqualTypeOf<TokenwardHook>();
    expectTypeOf<TokenwardHook>().parameters.toEqualTypeOf<[FastifyRequest, FastifyReply]>();
    app.addHook('onRequest', app.authenticate);
    app.addHook('preHandler', app.authorize({ scopes: 'Orders.Read' }));
    app.get<{ Params: { id: string }; Querystring: { full?: boolean } }>(
      '/orders/:id',
      {
        onRequest: app.authenticate,
        preHandler: [app.authorize({ scopes: 'Orders.Read' }), app.authorize((token, request) => token.claims.tid === request.params)],
      },
      async (request) => request.params.id,
    );
    // @ts-expect-error a requirement is required
    app.authorize();
  });

  it('types the plugin options', () => {
    app.register(tokenward, { issuers, realm: 'orders', includeDescription: false, optional: true, warm: true });
    app.register(tokenward, { verifier: createVerifier({ issuers }), errorMode: 'throw' });
    app.register(tokenward, {
      issuers,
      onError: (error, request, response) => {
        expectTypeOf(error).toEqualTypeOf<TokenwardErrorUnion>();
        expectTypeOf(request).toEqualTypeOf<FastifyRequest>();
        expectTypeOf(response).toEqualTypeOf<ErrorResponse>();
        return { status: response.status, body: { message: request.url } };
      },
    });
    // @ts-expect-error issuers or a verifier is required
    app.register(tokenward, { realm: 'orders' });
    // @ts-expect-error realm is a string
    app.register(tokenward, { issuers, realm: 1 });
    // @ts-expect-error errorMode is 'reply' or 'throw'
    app.register(tokenward, { issuers, errorMode: 'log' });
    // @ts-expect-error onError returns an answer with a status
    app.register(tokenward, { issuers, onError: () => ({ body: 'no status' }) });
  });

  it('types the error schema for route responses and the thrown error for setErrorHandler', () => {
    // The schema's codes are core's: a new code in core fails here until the schema lists it.
    expectTypeOf<(typeof errorResponseSchema.properties.error.enum)[number]>().toEqualTypeOf<ErrorResponseCode>();
    app.get('/s', { config: { tokenward: true }, schema: { response: { 200: { type: 'object' }, ...errorResponses } } }, async () => ({}));
    app.get('/t', { schema: { response: { 401: errorResponseSchema } } }, async () => ({}));
    app.setErrorHandler(async (error, _request, reply) => {
      if (error instanceof TokenwardHttpError) {
        expectTypeOf(error.statusCode).toEqualTypeOf<400 | 401 | 403 | 503>();
        expectTypeOf(error.cause).toEqualTypeOf<TokenwardErrorUnion>();
        return reply.code(error.statusCode).headers(error.response.headers).send(error.response.body);
      }
      throw error;
    });
  });
});
