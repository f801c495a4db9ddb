/**
 * The API: a read route that needs the delegated scope `Orders.Read`, and a delete route that needs the
 * app role `Orders.Admin`. Authentication and authorization are the only tokenward code here.
 */
import { authorize, tokenward, type ExpressAuthOptions } from '@tokenward/express';
import express, { type Express } from 'express';

interface Order {
  readonly id: string;
  readonly item: string;
  readonly quantity: number;
}

export function createApp(auth: ExpressAuthOptions): Express {
  const orders = new Map<string, Order>([
    ['1001', { id: '1001', item: 'keyboard', quantity: 2 }],
    ['1002', { id: '1002', item: 'monitor', quantity: 1 }],
  ]);
  const app = express();
  app.get('/healthz', (_req, res) => void res.json({ status: 'ok' }));

  // Every /api route needs a valid token; each route adds what it requires on top.
  app.use('/api', tokenward(auth));

  app.get('/api/orders', authorize({ scopes: 'Orders.Read' }), (req, res) => {
    res.json({ caller: req.auth?.principal.subject, orders: [...orders.values()] });
  });

  app.delete('/api/orders/:id', authorize({ roles: 'Orders.Admin' }), (req, res) => {
    const id = String(req.params.id);
    const deleted = orders.delete(id);
    res.status(deleted ? 200 : 404).json({ deleted: deleted ? id : null, by: req.auth?.principal.subject });
  });
  return app;
}
