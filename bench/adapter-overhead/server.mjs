/**
 * One framework in its own process: the same route (GET /orders needing scope Orders.Read) served four
 * ways, each by its own app on its own port on 127.0.0.1, so the variants share the process, its JIT
 * and its heap, and differ only in the route's code. Prints the ports once the verifier has its keys.
 *   node server.mjs <express|fastify>   (config on env ADAPTER_CONFIG)
 */
import { createVerifier, entra, requireScopes, toErrorResponse } from '@tokenward/core';

const VARIANTS = ['none', 'core', 'core-distinct', 'adapter'];

const [framework] = process.argv.slice(2);
const { tenantId, audience, authority } = JSON.parse(process.env.ADAPTER_CONFIG);
const verifier = createVerifier({ issuers: [entra({ tenantId, audience, authority })] });
await verifier.warm();

async function expressApp(express, variant) {
  const app = express();
  app.disable('x-powered-by');
  if (variant === 'none') {
    app.get('/orders', (req, res) => void res.json({ subject: 'nobody' }));
  } else if (variant === 'core' || variant === 'core-distinct') {
    // Core called directly in the handler, as core's README shows; core-distinct passes the headers the adapter passes.
    const distinct = variant === 'core-distinct';
    app.get('/orders', async (req, res) => {
      try {
        const token = await verifier.authenticate(distinct ? req.headersDistinct : req.headers);
        requireScopes(token, 'Orders.Read');
        res.json({ subject: token.principal.subject });
      } catch (error) {
        const { status, headers, body } = toErrorResponse(error);
        res.status(status).set(headers).json(body);
      }
    });
  } else {
    const { tokenward } = await import('@tokenward/express');
    app.get('/orders', tokenward({ verifier }, { scopes: 'Orders.Read' }), (req, res) => void res.json({ subject: req.auth.principal.subject }));
  }
  return new Promise((resolve) => {
    const server = app.listen(0, '127.0.0.1', () => resolve(server.address().port));
  });
}

async function fastifyApp(Fastify, variant) {
  const app = Fastify({ logger: false });
  if (variant === 'none') {
    app.get('/orders', async () => ({ subject: 'nobody' }));
  } else if (variant === 'core' || variant === 'core-distinct') {
    const distinct = variant === 'core-distinct';
    app.get('/orders', async (request, reply) => {
      try {
        const token = await verifier.authenticate(distinct ? request.raw.headersDistinct : request.headers);
        requireScopes(token, 'Orders.Read');
        return { subject: token.principal.subject };
      } catch (error) {
        const { status, headers, body } = toErrorResponse(error);
        return reply.code(status).headers(headers).send(body);
      }
    });
  } else {
    const { tokenward } = await import('@tokenward/fastify');
    await app.register(tokenward, { verifier });
    app.get('/orders', { config: { tokenward: { scopes: 'Orders.Read' } } }, async (request) => ({ subject: request.auth.principal.subject }));
  }
  await app.listen({ port: 0, host: '127.0.0.1' });
  return app.server.address().port;
}

const start = framework === 'express' ? expressApp.bind(null, (await import('express')).default) : fastifyApp.bind(null, (await import('fastify')).default);
const ports = {};
for (const variant of VARIANTS) ports[variant] = await start(variant);
process.stdout.write(`${JSON.stringify({ ports })}\n`);
// The parent asks for this process's CPU time around each measured phase, and ends it; never outlive it.
process.on('message', (message) => {
  if (message === 'cpu') process.send(process.cpuUsage());
});
process.on('disconnect', () => process.exit(0));
setTimeout(() => process.exit(0), 600_000).unref();
