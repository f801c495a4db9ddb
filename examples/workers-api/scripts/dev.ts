/**
 * `npx -y pnpm@10 --filter workers-api start`: the dev issuer and the Worker (in workerd) on 127.0.0.1,
 * offline, with ready-to-paste curl commands. Ctrl+C stops both.
 */
import { startDevIssuer } from '@tokenward/cli';
import { runWorker } from './run-worker.js';

const dev = await startDevIssuer({ provider: 'entra', port: Number(process.env.ISSUER_PORT ?? 4000) });
// Locally: the same Entra preset, its authority pointed at the dev issuer.
const worker = await runWorker(
  { TENANT_ID: dev.tenantId ?? '', API_CLIENT_ID: dev.audience, AUTHORITY: dev.url },
  Number(process.env.PORT ?? 8787),
);
const api = worker.url;

const user = await dev.mint('user');
const admin = await dev.mint('admin');
console.log(`orders Worker on ${api} (workerd), trusting the dev issuer ${dev.issuer}

  curl ${api}/api/orders                                       # 401: no token
  curl ${api}/api/orders -H "Authorization: Bearer ${user}"
  curl -X DELETE ${api}/api/orders/1001 -H "Authorization: Bearer ${user}"    # 403: no Orders.Admin
  curl -X DELETE ${api}/api/orders/1001 -H "Authorization: Bearer ${admin}"

More tokens: curl -s -X POST ${dev.mintEndpoint} -d persona=app   (personas: user, admin, app, expired)
Ctrl+C stops the Worker and the dev issuer.`);

const stop = (): void => {
  void worker.dispose().then(() => dev.close());
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
