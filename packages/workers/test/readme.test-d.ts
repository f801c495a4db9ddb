// The README's examples, type-checked against the Workers types.
import { entra } from '@tokenward/core';
import { Hono } from 'hono';
import { withAuth } from '../src/index.js';
import { authorize, requireAuth, tokenward } from '../src/hono.js';

interface Env {
  TENANT_ID: string;
  API_AUDIENCE: string;
}

export const worker = {
  fetch: withAuth(
    (env: Env) => ({ issuers: [entra({ tenantId: env.TENANT_ID, audience: env.API_AUDIENCE })] }),
    { scopes: 'Orders.Read' },
    async (_request, _env, _ctx, auth) => Response.json({ subject: auth.principal.subject }),
  ),
} satisfies ExportedHandler<Env>;

const app = new Hono<{ Bindings: Env }>();
app.use(
  '/api/*',
  tokenward((env: Env) => ({ issuers: [entra({ tenantId: env.TENANT_ID, audience: env.API_AUDIENCE })] })),
);
app.get('/api/orders', authorize({ scopes: 'Orders.Read' }), (c) => c.json({ subject: c.get('auth').principal.subject }));
app.get('/api/admin', authorize({ roles: 'Orders.Admin' }), (c) => c.json(c.get('auth').principal));
app.get('/api/me', (c) => c.json(requireAuth(c).principal));
export default app;
