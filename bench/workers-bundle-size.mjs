#!/usr/bin/env node
/**
 * Bundle size of a Cloudflare Worker protected by @tokenward/workers, next to the same Worker written
 * with jose's jwtVerify + createRemoteJWKSet. Each Worker is bundled with esbuild (ESM, minified, for
 * workerd) and gzipped (zlib default level, as Cloudflare's upload size is reported).
 *
 *   node bench/workers-bundle-size.mjs          # from the repository root; no build needed
 *
 * Workspace packages are bundled from their sources (the `source` export condition); jose and hono from
 * their published files. Run on demand: it is not part of `pnpm test`.
 */
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { footer, writeSection } from './lib/results.mjs';

const workersDir = fileURLToPath(new URL('../packages/workers/', import.meta.url));
const coreDir = fileURLToPath(new URL('../packages/core/', import.meta.url));
const { build, version: esbuildVersion } = createRequire(`${workersDir}package.json`)('esbuild');

const workers = [
  {
    name: 'tokenward: withAuth + entra()',
    resolveDir: workersDir,
    source: `
      import { entra } from '@tokenward/core';
      import { withAuth } from '@tokenward/workers';
      export default {
        fetch: withAuth((env) => ({ issuers: [entra({ tenantId: env.TENANT_ID, audience: env.AUDIENCE })] }), { scopes: 'Orders.Read' },
          (request, env, ctx, auth) => Response.json({ subject: auth.principal.subject })),
      };`,
  },
  {
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
          keys ??= createRemoteJWKSet(new URL('https://login.microsoftonline.com/' + env.TENANT_ID + '/discovery/v2.0/keys'));
          const match = /^Bearer +([A-Za-z0-9._~+/-]+=*)$/i.exec(request.headers.get('authorization') ?? '');
          if (!match) return new Response(null, { status: 401, headers: { 'WWW-Authenticate': 'Bearer' } });
          let payload;
          try {
            ({ payload } = await jwtVerify(match[1], keys, {
              issuer: 'https://login.microsoftonline.com/' + env.TENANT_ID + '/v2.0', audience: env.AUDIENCE, clockTolerance: 60 }));
          } catch (error) {
            return fail(401, 'invalid_token', error.code ?? 'invalid token');
          }
          if (!String(payload.scp ?? '').split(' ').includes('Orders.Read')) return fail(403, 'insufficient_scope', 'Orders.Read required');
          return Response.json({ subject: payload.sub });
        },
      };`,
  },
  {
    name: 'hono: one route, no auth (baseline)',
    resolveDir: workersDir,
    source: `
      import { Hono } from 'hono';
      const app = new Hono();
      app.get('/orders', (c) => c.json({ subject: 'nobody' }));
      export default app;`,
  },
  {
    name: 'hono: tokenward() + authorize() + entra()',
    resolveDir: workersDir,
    source: `
      import { Hono } from 'hono';
      import { entra } from '@tokenward/core';
      import { authorize, tokenward } from '@tokenward/workers/hono';
      const app = new Hono();
      app.use(tokenward((env) => ({ issuers: [entra({ tenantId: env.TENANT_ID, audience: env.AUDIENCE })] })));
      app.get('/orders', authorize({ scopes: 'Orders.Read' }), (c) => c.json({ subject: c.get('auth').principal.subject }));
      export default app;`,
  },
];

const kib = (bytes) => `${(bytes / 1024).toFixed(1)} KiB`;
const rows = [];
for (const worker of workers) {
  const result = await build({
    stdin: { contents: worker.source, resolveDir: worker.resolveDir, sourcefile: 'worker.js', loader: 'js' },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    conditions: ['source', 'workerd', 'worker'],
    write: false,
    logLevel: 'error',
  });
  const bytes = result.outputFiles[0].contents;
  rows.push({ name: worker.name, minified: bytes.byteLength, gzip: gzipSync(bytes).byteLength });
}

const body = [
  `esbuild ${esbuildVersion}, --bundle --minify --format=esm --platform=browser --conditions=source,workerd,worker; gzip: zlib default level.`,
  '',
  '| Worker | minified | minified + gzip |',
  '| --- | ---: | ---: |',
  ...rows.map((row) => `| ${row.name} | ${kib(row.minified)} | ${kib(row.gzip)} |`),
  '',
  footer(['jose'], 'node bench/workers-bundle-size.mjs', { needsBuild: false }),
].join('\n');
writeSection('workers-bundle-size', 'Workers bundle size', body);
console.log(body);
