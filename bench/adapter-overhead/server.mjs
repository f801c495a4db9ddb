/**
 * One framework in its own process: the same route (GET /orders needing scope Orders.Read) served eight
 * ways (no auth, the minimal JWT layer, core, core with its token cache, core given headersDistinct, the
 * adapter, and core without and with its token cache for the parent's distinct-token load), each by its
 * own app on its own port on 127.0.0.1, so the variants share the process, its JIT
 * and its heap, and differ only in the route's code. Prints the ports once the verifier has its keys.
 *   node server.mjs <express|fastify>   (config on env ADAPTER_CONFIG)
 */
import { createVerifier, entra, requireScopes, toErrorResponse } from '@tokenward/core';
import { createMinimalLayer } from '../lib/minimal-layer.mjs';

const VARIANTS = ['none', 'minimal', 'core', 'core-cache', 'core-distinct', 'adapter', 'core-miss', 'core-miss-cache'];

const [framework] = process.argv.slice(2);
const { tenantId, audience, authority, issuer, jwks } = JSON.parse(process.env.ADAPTER_CONFIG);
const verifier = createVerifier({ issuers: [entra({ tenantId, audience, authority })] });
await verifier.warm();
// The same preset with the verified-token cache on (its default size): the one the core-cache variant calls.
const cachedVerifier = createVerifier({ issuers: [entra({ tenantId, audience, authority })], tokenCache: true });
await cachedVerifier.warm();
// A third verifier, its cache on, for the distinct-token load alone (every request a miss, an insert and,
// once full, an eviction), so (ii+)'s one cached token and (iv+)'s churn never share a cache.
const missCachedVerifier = createVerifier({ issuers: [entra({ tenantId, audience, authority })], tokenCache: true });
await missCachedVerifier.warm();
/** The verifier a core variant calls, and whether it is given `headersDistinct`. */
const CORE = {
  core: { chosen: verifier, distinct: false },
  'core-cache': { chosen: cachedVerifier, distinct: false },
  'core-distinct': { chosen: verifier, distinct: true },
  'core-miss': { chosen: verifier, distinct: false },
  'core-miss-cache': { chosen: missCachedVerifier, distinct: false },
};
// No library: the least a correct verifier does (keys from the JWKS the parent fetched once), then the scope.
const minimalVerify = createMinimalLayer({ jwks, issuer, audience });

/** The minimal layer in a handler: `Bearer` header, verify, `scp` check; the subject, or 401/403 with `WWW-Authenticate`. */
function minimalAuth(authorization) {
  if (typeof authorization !== 'string' || !authorization.startsWith('Bearer ')) return { status: 401, error: 'invalid_request' };
  let payload;
  try {
    payload = minimalVerify(authorization.slice(7));
  } catch {
    return { status: 401, error: 'invalid_token' };
  }
  if (typeof payload.scp !== 'string' || !payload.scp.split(' ').includes('Orders.Read'))
    return { status: 403, error: 'insufficient_scope' };
  return { status: 200, subject: payload.sub };
}

async function expressApp(express, variant) {
  const app = express();
  app.disable('x-powered-by');
  if (variant === 'none') {
    app.get('/orders', (req, res) => void res.json({ subject: 'nobody' }));
  } else if (variant === 'minimal') {
    app.get('/orders', (req, res) => {
      const result = minimalAuth(req.headers.authorization);
      if (result.status === 200) res.json({ subject: result.subject });
      else res.status(result.status).set('www-authenticate', `Bearer error="${result.error}"`).json({ error: result.error });
    });
  } else if (variant in CORE) {
    // Core called directly in the handler, as core's README shows; core-distinct passes the headers the adapter passes.
    const { chosen, distinct } = CORE[variant];
    app.get('/orders', async (req, res) => {
      try {
        const token = await chosen.authenticate(distinct ? req.headersDistinct : req.headers);
        requireScopes(token, 'Orders.Read');
        res.json({ subject: token.principal.subject });
      } catch (error) {
        const { status, headers, body } = toErrorResponse(error);
        res.status(status).set(headers).json(body);
      }
    });
  } else {
    const { tokenward } = await import('@tokenward/express');
    app.get(
      '/orders',
      tokenward({ verifier }, { scopes: 'Orders.Read' }),
      (req, res) => void res.json({ subject: req.auth.principal.subject }),
    );
  }
  return new Promise((resolve) => {
    const server = app.listen(0, '127.0.0.1', () => resolve(server.address().port));
  });
}

async function fastifyApp(Fastify, variant) {
  const app = Fastify({ logger: false });
  if (variant === 'none') {
    app.get('/orders', async () => ({ subject: 'nobody' }));
  } else if (variant === 'minimal') {
    app.get('/orders', async (request, reply) => {
      const result = minimalAuth(request.headers.authorization);
      if (result.status === 200) return { subject: result.subject };
      return reply.code(result.status).header('www-authenticate', `Bearer error="${result.error}"`).send({ error: result.error });
    });
  } else if (variant in CORE) {
    const { chosen, distinct } = CORE[variant];
    app.get('/orders', async (request, reply) => {
      try {
        const token = await chosen.authenticate(distinct ? request.raw.headersDistinct : request.headers);
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
    app.get('/orders', { config: { tokenward: { scopes: 'Orders.Read' } } }, async (request) => ({
      subject: request.auth.principal.subject,
    }));
  }
  await app.listen({ port: 0, host: '127.0.0.1' });
  return app.server.address().port;
}

const start =
  framework === 'express'
    ? expressApp.bind(null, (await import('express')).default)
    : fastifyApp.bind(null, (await import('fastify')).default);
const ports = {};
for (const variant of VARIANTS) ports[variant] = await start(variant);
process.stdout.write(`${JSON.stringify({ ports })}\n`);
// The parent asks for this process's CPU time around each measured phase, and ends it; never outlive it.
process.on('message', (message) => {
  if (message === 'cpu') process.send(process.cpuUsage());
});
process.on('disconnect', () => process.exit(0));
setTimeout(() => process.exit(0), 600_000).unref();
