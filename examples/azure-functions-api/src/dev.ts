/**
 * `npx -y pnpm@10 --filter azure-functions-api start`: the dev issuer and the functions on 127.0.0.1,
 * offline (through local-host.ts, no Core Tools needed), with ready-to-paste curl commands.
 */
import type { AddressInfo } from 'node:net';
import { startDevIssuer } from '@tokenward/cli';
import { localAuth } from './auth.js';
import { orderFunctions } from './functions.js';
import { createLocalHost } from './local-host.js';

const dev = await startDevIssuer({ provider: 'entra', port: Number(process.env.ISSUER_PORT ?? 4000) });
const server = createLocalHost(orderFunctions(localAuth(dev)));
// 7071: the port `func start` uses.
await new Promise<void>((resolve) => server.listen(Number(process.env.PORT ?? 7071), '127.0.0.1', resolve));
const api = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

const user = await dev.mint('user');
const admin = await dev.mint('admin');
console.log(`orders functions on ${api}, trusting the dev issuer ${dev.issuer}

  curl ${api}/api/orders                                       # 401: no token
  curl ${api}/api/orders -H "Authorization: Bearer ${user}"
  curl -X DELETE ${api}/api/orders/1001 -H "Authorization: Bearer ${user}"    # 403: no Orders.Admin
  curl -X DELETE ${api}/api/orders/1001 -H "Authorization: Bearer ${admin}"

More tokens: curl -s -X POST ${dev.mintEndpoint} -d persona=app   (personas: user, admin, app, expired)
Ctrl+C stops the functions and the dev issuer.`);

const stop = (): void => {
  server.close();
  server.closeAllConnections();
  void dev.close();
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
