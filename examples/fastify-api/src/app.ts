/**
 * The API: a read route that needs the delegated scope `Orders.Read`, and a delete route that needs the
 * app role `Orders.Admin`, declared in each route's `config.tokenward`.
 */
import { tokenward, type TokenwardFastifyOptions } from '@tokenward/fastify';
import Fastify, { type FastifyInstance } from 'fastify';

interface Order {
  readonly id: string;
  readonly item: string;
  readonly quantity: number;
}

export async function createApp(auth: TokenwardFastifyOptions): Promise<FastifyInstance> {
  const orders = new Map<string, Order>([
    ['1001', { id: '1001', item: 'keyboard', quantity: 2 }],
    ['1002', { id: '1002', item: 'monitor', quantity: 1 }],
  ]);
  const app = Fastify();
  app.get('/healthz', async () => ({ status: 'ok' }));
  // Registered (and awaited) before the routes it protects.
  await app.register(tokenward, auth);

  app.get('/api/orders', { config: { tokenward: { scopes: 'Orders.Read' } } }, async (request) => ({
    caller: request.auth?.principal.subject,
    orders: [...orders.values()],
  }));

  app.delete<{ Params: { id: string } }>(
    '/api/orders/:id',
    { config: { tokenward: { roles: 'Orders.Admin' } } },
    async (request, reply) => {
      const deleted = orders.delete(request.params.id);
      return reply.code(deleted ? 200 : 404).send({ deleted: deleted ? request.params.id : null, by: request.auth?.principal.subject });
    },
  );
  return app;
}
