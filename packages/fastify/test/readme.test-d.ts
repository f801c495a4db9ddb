// The README's examples, type-checked.
import { createAccessPolicy, entra, requireScopes, type VerifiedToken } from '@tokenward/core';
import Fastify, { type FastifyReply, type FastifyRequest } from 'fastify';
import { errorResponses, tokenward, TokenwardHttpError } from '../src/index.js';

declare function ownsOrder(token: VerifiedToken, body: unknown): boolean;
declare const handler: (request: FastifyRequest, reply: FastifyReply) => Promise<unknown>;
declare const ordersSchema: { type: 'array' };

export async function example(): Promise<void> {
  const app = Fastify();
  await app.register(tokenward, { issuers: [entra({ tenantId: process.env.TENANT_ID ?? '', audience: 'api://orders' })], realm: 'orders' });
  app.get('/orders', { config: { tokenward: { scopes: 'Orders.Read' } } }, async (request) => ({
    subject: request.auth?.principal.subject,
  }));
  app.get('/admin', { onRequest: app.authorize({ roles: 'Orders.Admin' }) }, async (request) => request.auth?.principal);
  await app.listen({ port: 3000 });

  app.get('/me', { config: { tokenward: true } }, handler);
  app.get('/partner', { config: { tokenward: createAccessPolicy({ clientApplications: ['<client id>'], identities: 'any' }) } }, handler);
  app.get(
    '/tenants/:id',
    { config: { tokenward: (token, request) => token.claims.tid === (request.params as { id: string }).id || 'another tenant' } },
    handler,
  );
  app.addHook('onRequest', app.authenticate);
  app.post('/orders', { preHandler: app.authorize((token, request) => ownsOrder(token, request.body)) }, handler);
  app.get('/orders/mine', { config: { tokenward: true } }, async (request) => {
    if (request.auth !== null) requireScopes(request.auth, 'Orders.Read');
    return [];
  });
  app.get(
    '/orders/all',
    { config: { tokenward: { scopes: 'Orders.Read' } }, schema: { response: { 200: ordersSchema, ...errorResponses } } },
    handler,
  );
  app.setErrorHandler(async (error, _request, reply) => {
    if (error instanceof TokenwardHttpError) return reply.code(error.statusCode).headers(error.response.headers).send(error.response.body);
    throw error;
  });
}
