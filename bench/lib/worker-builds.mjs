/**
 * The Cloudflare Workers the Workers benches build, and how they are built: esbuild (ESM, minified, for
 * workerd, the workspace packages from their sources through the `source` condition). Shared by
 * workers-bundle-size.mjs (their gzipped size) and workers-startup/run.mjs (their startup in workerd).
 *
 * `workerSources()` gives the Workers as deployed against Entra's public cloud, the one the size table
 * measures. `workerSources({ authorityFromEnv: true })` gives the same Workers reading the authority
 * (`https://login.microsoftonline.com` in production) from an `AUTHORITY` binding instead, so they can be
 * pointed at a local issuer: tokenward's entra() gets `authority: env.AUTHORITY`, the peers build their
 * issuer and JWKS URLs from it. Every other byte of their source is the same.
 */
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

export const workersDir = fileURLToPath(new URL('../../packages/workers/', import.meta.url));
export const coreDir = fileURLToPath(new URL('../../packages/core/', import.meta.url));
export const benchDir = fileURLToPath(new URL('../', import.meta.url));

/** Resolves packages as @tokenward/workers does (esbuild, hono, miniflare are its dev dependencies). */
export const requireFromWorkers = createRequire(`${workersDir}package.json`);
const { build, version } = requireFromWorkers('esbuild');
export const esbuildVersion = version;

/** The esbuild flags of `bundle()`, for a section's text. */
export const BUILD_FLAGS = '--bundle --minify --format=esm --platform=browser --conditions=source,workerd,worker';

/**
 * The Workers, each `{ id, name, resolveDir, source }`. `id`s: tokenward, tokenward-firebase, jose,
 * aws-jwt-verify, hono-jwk, hono-baseline, hono-tokenward.
 */
export function workerSources({ authorityFromEnv = false } = {}) {
  // The expression each peer's URLs start with: `<authority>/` + tenant.
  const base = (env) => (authorityFromEnv ? `${env}.AUTHORITY + '/'` : `'https://login.microsoftonline.com/'`);
  const authority = authorityFromEnv ? ', authority: env.AUTHORITY' : '';
  return [
    {
      id: 'tokenward',
      name: 'tokenward: withAuth + entra()',
      resolveDir: workersDir,
      source: `
      import { entra } from '@tokenward/core';
      import { withAuth } from '@tokenward/workers';
      export default {
        fetch: withAuth((env) => ({ issuers: [entra({ tenantId: env.TENANT_ID, audience: env.AUDIENCE${authority} })] }), { scopes: 'Orders.Read' },
          (request, env, ctx, auth) => Response.json({ subject: auth.principal.subject })),
      };`,
    },
    {
      // The one preset whose keys are X.509 certificates: it brings jose's certificate reader along.
      id: 'tokenward-firebase',
      name: 'tokenward: withAuth + firebase()',
      resolveDir: workersDir,
      source: `
      import { firebase } from '@tokenward/core';
      import { withAuth } from '@tokenward/workers';
      export default {
        fetch: withAuth((env) => ({ issuers: [firebase({ projectId: env.PROJECT_ID })] }), null,
          (request, env, ctx, auth) => Response.json({ subject: auth.principal.subject })),
      };`,
    },
    {
      id: 'jose',
      name: 'jose: jwtVerify + createRemoteJWKSet',
      resolveDir: coreDir,
      // The same checks by hand: one Bearer header, Entra's issuer and keys, audience, scope, RFC 6750 answers.
      source: `
      import { createRemoteJWKSet, jwtVerify } from 'jose';
      let keys;
      const fail = (status, error, description) => Response.json({ error, error_description: description }, {
        status, headers: { 'WWW-Authenticate': 'Bearer error="' + error + '"', 'Cache-Control': 'no-store' } });
      export default {
        async fetch(request, env) {
          keys ??= createRemoteJWKSet(new URL(${base('env')} + env.TENANT_ID + '/discovery/v2.0/keys'));
          const match = /^Bearer +([A-Za-z0-9._~+/-]+=*)$/i.exec(request.headers.get('authorization') ?? '');
          if (!match) return new Response(null, { status: 401, headers: { 'WWW-Authenticate': 'Bearer' } });
          let payload;
          try {
            ({ payload } = await jwtVerify(match[1], keys, {
              issuer: ${base('env')} + env.TENANT_ID + '/v2.0', audience: env.AUDIENCE, clockTolerance: 60 }));
          } catch (error) {
            return fail(401, 'invalid_token', error.code ?? 'invalid token');
          }
          if (!String(payload.scp ?? '').split(' ').includes('Orders.Read')) return fail(403, 'insufficient_scope', 'Orders.Read required');
          return Response.json({ subject: payload.sub });
        },
      };`,
    },
    {
      id: 'aws-jwt-verify',
      name: 'aws-jwt-verify: JwtRsaVerifier (web build)',
      resolveDir: benchDir,
      // Its checks: issuer, audience, exp/nbf, RS256 keys cached per kid; scp written out as a custom check.
      source: `
      import { JwtRsaVerifier } from 'aws-jwt-verify';
      let verifier;
      const fail = (status, error) => Response.json({ error }, { status, headers: { 'WWW-Authenticate': 'Bearer error="' + error + '"' } });
      export default {
        async fetch(request, env) {
          verifier ??= JwtRsaVerifier.create({
            issuer: ${base('env')} + env.TENANT_ID + '/v2.0', audience: env.AUDIENCE,
            jwksUri: ${base('env')} + env.TENANT_ID + '/discovery/v2.0/keys',
            customJwtCheck: ({ payload }) => { if (!String(payload.scp ?? '').split(' ').includes('Orders.Read')) throw new Error('scope'); },
          });
          const match = /^Bearer +(\\S+)$/i.exec(request.headers.get('authorization') ?? '');
          if (!match) return new Response(null, { status: 401, headers: { 'WWW-Authenticate': 'Bearer' } });
          try {
            const payload = await verifier.verify(match[1]);
            return Response.json({ subject: payload.sub });
          } catch {
            return fail(401, 'invalid_token');
          }
        },
      };`,
    },
    {
      id: 'hono-jwk',
      name: "hono: jwk() middleware (Hono's own JWT code)",
      resolveDir: workersDir,
      // Hono's jwk(): iss/aud/exp/nbf, keys fetched from jwks_uri on every request (no cache); scp by hand.
      source: `
      import { Hono } from 'hono';
      import { jwk } from 'hono/jwk';
      const app = new Hono();
      app.use('/orders', (c, next) => jwk({
        jwks_uri: ${base('c.env')} + c.env.TENANT_ID + '/discovery/v2.0/keys', alg: ['RS256'],
        verification: { iss: ${base('c.env')} + c.env.TENANT_ID + '/v2.0', aud: c.env.AUDIENCE },
      })(c, next));
      app.get('/orders', (c) => {
        const payload = c.get('jwtPayload');
        if (!String(payload.scp ?? '').split(' ').includes('Orders.Read')) return c.json({ error: 'insufficient_scope' }, 403);
        return c.json({ subject: payload.sub });
      });
      export default app;`,
    },
    {
      id: 'hono-baseline',
      name: 'hono: one route, no auth (baseline)',
      resolveDir: workersDir,
      source: `
      import { Hono } from 'hono';
      const app = new Hono();
      app.get('/orders', (c) => c.json({ subject: 'nobody' }));
      export default app;`,
    },
    {
      id: 'hono-tokenward',
      name: 'hono: tokenward() + authorize() + entra()',
      resolveDir: workersDir,
      source: `
      import { Hono } from 'hono';
      import { entra } from '@tokenward/core';
      import { authorize, tokenward } from '@tokenward/workers/hono';
      const app = new Hono();
      app.use(tokenward((env) => ({ issuers: [entra({ tenantId: env.TENANT_ID, audience: env.AUDIENCE${authority} })] })));
      app.get('/orders', authorize({ scopes: 'Orders.Read' }), (c) => c.json({ subject: c.get('auth').principal.subject }));
      export default app;`,
    },
  ];
}

/** Bundles one Worker (`{ source, resolveDir }`); `extra` adds esbuild options (a source map, say). */
export function bundle(worker, extra = {}) {
  return build({
    stdin: { contents: worker.source, resolveDir: worker.resolveDir, sourcefile: 'worker.js', loader: 'js' },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    conditions: ['source', 'workerd', 'worker'],
    write: false,
    logLevel: 'error',
    ...extra,
  });
}
