/**
 * The API's two functions as `app.http` handlers: a read that needs the delegated scope `Orders.Read`,
 * and a delete that needs the app role `Orders.Admin`. Shared by the Functions entry (index.ts) and the
 * local host (local-host.ts).
 */
import type { HttpHandler } from '@azure/functions';
import { withAuth, type AuthOptions } from '@tokenward/azure-functions';

interface Order {
  readonly id: string;
  readonly item: string;
  readonly quantity: number;
}

export interface OrderFunctions {
  readonly listOrders: HttpHandler;
  readonly deleteOrder: HttpHandler;
}

export function orderFunctions(auth: AuthOptions): OrderFunctions {
  const orders = new Map<string, Order>([
    ['1001', { id: '1001', item: 'keyboard', quantity: 2 }],
    ['1002', { id: '1002', item: 'monitor', quantity: 1 }],
  ]);
  return {
    listOrders: withAuth(auth, { scopes: 'Orders.Read' }, async (_request, _context, token) => ({
      jsonBody: { caller: token?.principal.subject, orders: [...orders.values()] },
    })),
    deleteOrder: withAuth(auth, { roles: 'Orders.Admin' }, async (request, _context, token) => {
      const id = request.params.id ?? '';
      const deleted = orders.delete(id);
      return { status: deleted ? 200 : 404, jsonBody: { deleted: deleted ? id : null, by: token?.principal.subject } };
    }),
  };
}
