/**
 * Production entry: `TENANT_ID=… API_CLIENT_ID=… node --import tsx src/server.ts` (HOST=0.0.0.0 in a
 * container). Prints one line, `listening on <url>`, once it accepts requests.
 */
import type { AddressInfo } from 'node:net';
import { productionAuth } from './auth.js';
import { createApp } from './app.js';

const server = createApp(productionAuth()).listen(Number(process.env.PORT ?? 3000), process.env.HOST ?? '127.0.0.1', () => {
  const { address, port } = server.address() as AddressInfo;
  console.log(`listening on http://${address}:${port}`);
});
const stop = (): void => {
  server.close();
  server.closeIdleConnections();
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
