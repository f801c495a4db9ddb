/**
 * `npx -y pnpm@10 --filter express-api start`: the dev issuer and the API on 127.0.0.1, offline, with
 * ready-to-paste curl commands. Ctrl+C stops both.
 */
import { startDevIssuer } from '@tokenward/cli';
import { localAuth } from './auth.js';
import { createApp } from './app.js';

const dev = await startDevIssuer({ provider: 'entra', port: Number(process.env.ISSUER_PORT ?? 4000) });
const server = createApp(localAuth(dev)).listen(Number(process.env.PORT ?? 3000), '127.0.0.1');
await new Promise((resolve) => server.once('listening', resolve));
const address = server.address();
const api = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 3000}`;

const user = await dev.mint('user');
const admin = await dev.mint('admin');
console.log(`orders API on ${api}, trusting the dev issuer ${dev.issuer}

  curl ${api}/api/orders                                       # 401: no token
  curl ${api}/api/orders -H "Authorization: Bearer ${user}"
  curl -X DELETE ${api}/api/orders/1001 -H "Authorization: Bearer ${user}"    # 403: no Orders.Admin
  curl -X DELETE ${api}/api/orders/1001 -H "Authorization: Bearer ${admin}"

More tokens: curl -s -X POST ${dev.mintEndpoint} -d persona=app   (personas: user, admin, app, expired)
Ctrl+C stops the API and the dev issuer.`);

const stop = (): void => {
  server.close();
  server.closeAllConnections();
  void dev.close();
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
