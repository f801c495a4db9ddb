/**
 * One framework, one variant, one route (GET /orders needing scope Orders.Read), on 127.0.0.1 in its own
 * process. Prints the port once the verifier has its keys.
 *   node server.mjs <express|fastify> <none|core|core-distinct|adapter>   (config on env ADAPTER_CONFIG)
 */
import { createVerifier, entra, requireScopes, toErrorResponse } from '@tokenward/core';

const [framework, variant] = process.argv.slice(2);
const { tenantId, audience, authority } = JSON.parse(process.env.ADAPTER_CONFIG);
const verifier = createVerifier({ issuers: [entra({ tenantId, audience, authority })] });
await verifier.warm();

async function expressApp() {
  const { default: express } = await import('express');
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

async function fastifyApp() {
  const { default: Fastify } = await import('fastify');
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

const port = framework === 'express' ? await expressApp() : await fastifyApp();
process.stdout.write(`${JSON.stringify({ port })}\n`);
// The parent asks for this process's CPU time around the measured window, and ends it; never outlive it.
process.on('message', (message) => {
  if (message === 'cpu') process.send(process.cpuUsage());
});
process.on('disconnect', () => process.exit(0));
setTimeout(() => process.exit(0), 120_000).unref();
