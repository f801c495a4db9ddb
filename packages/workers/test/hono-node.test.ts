import { serve, type ServerType } from '@hono/node-server';
import { entra } from '@tokenward/core';
import type { TestIssuer } from '@tokenward/testing';
import { Hono } from 'hono';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { authorize, requireAuth, tokenward } from '../src/hono.js';
import { bearer, entraIssuer } from './helpers.js';

// The Hono middleware on Node, under @hono/node-server: there c.env is the Node request and response,
// not Workers bindings, so an options function reads the process environment.
interface Env {
  readonly TENANT_ID: string;
  readonly AUDIENCE: string;
  readonly AUTHORITY: string;
}

let issuer: TestIssuer;
const servers: ServerType[] = [];

beforeAll(async () => {
  issuer = await entraIssuer();
});

afterEach(() => {
  vi.unstubAllEnvs();
});

afterAll(async () => {
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  await issuer?.close();
});

async function listen(app: Hono): Promise<string> {
  const server = await new Promise<ServerType>((resolve) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
  });
  servers.push(server);
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function api(options: Parameters<typeof tokenward<Env>>[0]): Hono {
  const app = new Hono();
  app.use('/api/*', tokenward<Env>(options));
  app.get('/api/orders', authorize({ scopes: 'Orders.Read' }), (c) => c.json({ subject: c.get('auth').principal.subject }));
  return app;
}

describe('tokenward() for Hono on Node (@hono/node-server)', () => {
  it('builds the verifier from the process environment when the options are a function of env', async () => {
    vi.stubEnv('TENANT_ID', issuer.tenantId ?? '');
    vi.stubEnv('AUDIENCE', issuer.audience);
    vi.stubEnv('AUTHORITY', issuer.url);
    const origin = await listen(
      api((env) => ({ issuers: [entra({ tenantId: env.TENANT_ID, audience: env.AUDIENCE, authority: env.AUTHORITY })] })),
    );
    const response = await fetch(`${origin}/api/orders`, bearer(await issuer.mint({ scp: 'Orders.Read' })));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ subject: expect.any(String) });
  });

  it('answers a request without a token 401 with a Bearer challenge, with options from the process environment', async () => {
    vi.stubEnv('TENANT_ID', issuer.tenantId ?? '');
    vi.stubEnv('AUDIENCE', issuer.audience);
    vi.stubEnv('AUTHORITY', issuer.url);
    const origin = await listen(
      api((env) => ({ issuers: [entra({ tenantId: env.TENANT_ID, audience: env.AUDIENCE, authority: env.AUTHORITY })], realm: 'orders' })),
    );
    const response = await fetch(`${origin}/api/orders`);
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe(
      'Bearer realm="orders", DPoP realm="orders", algs="ES256 ES384 ES512 PS256 PS384 PS512 RS256 RS384 RS512 EdDSA Ed25519"',
    );
  });

  it('accepts a plain options object', async () => {
    const origin = await listen(
      api({ issuers: [entra({ tenantId: issuer.tenantId ?? '', audience: issuer.audience, authority: issuer.url })] }),
    );
    const response = await fetch(`${origin}/api/orders`, bearer(await issuer.mint({ scp: 'Orders.Read' })));
    expect(response.status).toBe(200);
  });

  it('gives requireAuth(c) the token of a route protected only by an app.use() path', async () => {
    const app = new Hono();
    app.use(
      '/api/*',
      tokenward({ issuers: [entra({ tenantId: issuer.tenantId ?? '', audience: issuer.audience, authority: issuer.url })] }),
    );
    app.get('/api/me', (c) => c.json({ clientId: requireAuth(c).principal.clientId }));
    const origin = await listen(app);
    const response = await fetch(`${origin}/api/me`, bearer(await issuer.mint()));
    expect(await response.json()).toEqual({ clientId: issuer.clientId });
  });

  it('makes requireAuth(c) a wiring error (500) on a route no tokenward() ran for', async () => {
    const app = new Hono();
    app.get('/public', (c) => c.json(requireAuth(c).principal));
    const response = await app.request('/public');
    expect(response.status).toBe(500);
  });
});
