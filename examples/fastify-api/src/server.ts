/** Production entry: `TENANT_ID=… API_CLIENT_ID=… node --import tsx src/server.ts` (HOST=0.0.0.0 in a container). */
import { productionAuth } from './auth.js';
import { createApp } from './app.js';

const app = await createApp(productionAuth());
const url = await app.listen({ port: Number(process.env.PORT ?? 3000), host: process.env.HOST ?? '127.0.0.1' });
console.log(`listening on ${url}`);
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => void app.close());
