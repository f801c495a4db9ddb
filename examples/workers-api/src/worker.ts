/**
 * The Worker: a Hono app whose read route needs the delegated scope `Orders.Read` and whose delete route
 * needs the app role `Orders.Admin`. Configuration comes from the Worker's bindings (wrangler.toml vars
 * in production; Miniflare bindings pointing at the dev issuer locally).
 */
import { entra } from '@tokenward/core';
import { authorize, tokenward } from '@tokenward/workers/hono';
import { Hono } from 'hono';

export interface Env {
  /** Your directory (tenant) id, a GUID. */
  readonly TENANT_ID: string;
  /** The application (client) id of the API's app registration. */
  readonly API_CLIENT_ID: string;
  /**
   * Optional. Production: unset (https://login.microsoftonline.com), or a national cloud / External ID
   * authority. Local: the dev issuer's URL (http://127.0.0.1:4000).
   */
  readonly AUTHORITY?: string;
}

// One options function for every route: one verifier and one key cache per isolate, built on the first request.
// Entra v2.0 tokens carry the client id in `aud`, v1.0 tokens the App ID URI (api://…): accept both.
const auth = (env: Env) => ({
  issuers: [
    entra({
      tenantId: env.TENANT_ID,
      audience: [env.API_CLIENT_ID, `api://${env.API_CLIENT_ID}`],
      ...(env.AUTHORITY ? { authority: env.AUTHORITY } : {}),
    }),
  ],
  realm: 'orders',
});

const orders = new Map([
  ['1001', { id: '1001', item: 'keyboard', quantity: 2 }],
  ['1002', { id: '1002', item: 'monitor', quantity: 1 }],
]);

const app = new Hono<{ Bindings: Env }>();
app.get('/healthz', (c) => c.json({ status: 'ok' }));
app.use('/api/*', tokenward(auth));
app.get('/api/orders', authorize({ scopes: 'Orders.Read' }), (c) =>
  c.json({ caller: c.get('auth').principal.subject, orders: [...orders.values()] }),
);
app.delete('/api/orders/:id', authorize({ roles: 'Orders.Admin' }), (c) => {
  const id = c.req.param('id');
  // Per isolate: a demo store, not a database.
  const deleted = orders.delete(id);
  return c.json({ deleted: deleted ? id : null, by: c.get('auth').principal.subject }, deleted ? 200 : 404);
});

export default app;
