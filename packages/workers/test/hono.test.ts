import type { TestIssuer } from '@tokenward/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWorkers, type Workers } from './harness.js';
import { bearer, bindingsFor, entraIssuer } from './helpers.js';

// The Hono middleware in workerd: the fixture's *.hono.test routes.
let issuer: TestIssuer;
let workers: Workers;

beforeAll(async () => {
  issuer = await entraIssuer();
  workers = await startWorkers({ api: bindingsFor(issuer) });
});

afterAll(async () => {
  await workers?.dispose();
  await issuer?.close();
});

describe('tokenward() and authorize() for Hono', () => {
  it('sets c.get("auth") for the routes behind tokenward()', async () => {
    const response = await workers.fetch('http://api.hono.test/api/me', bearer(await issuer.mint()));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ subject: expect.any(String), clientId: issuer.clientId });
  });

  it('answers a request without a token before any route runs, with the realm given to tokenward()', async () => {
    const response = await workers.fetch('http://api.hono.test/api/me');
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe(
      'Bearer realm="orders", DPoP realm="orders", algs="ES256 ES384 ES512 PS256 PS384 PS512 RS256 RS384 RS512 EdDSA Ed25519"',
    );
  });

  it('lets a route pass with the scope authorize() requires', async () => {
    const response = await workers.fetch('http://api.hono.test/api/orders', bearer(await issuer.mint({ scp: 'Orders.Read' })));
    expect(response.status).toBe(200);
  });

  it('answers a missing scope with 403 and the realm of the tokenward() in front', async () => {
    const response = await workers.fetch('http://api.hono.test/api/orders', bearer(await issuer.mint()));
    expect(response.status).toBe(403);
    expect(response.headers.get('www-authenticate')).toMatch(/^Bearer realm="orders", error="insufficient_scope", .*scope="Orders.Read"/);
  });

  it('throws failures as HTTPExceptions whose cause is the tokenward error, for app.onError', async () => {
    const response = await workers.fetch('http://api.hono.test/api/admin', bearer(await issuer.mint({ scp: 'Orders.Read' })));
    expect(response.status).toBe(403);
    expect(response.headers.get('x-tokenward-code')).toBe('forbidden');
  });

  it('passes c.env to a requirement check', async () => {
    const allowed = await workers.fetch('http://api.hono.test/api/policy', bearer(await issuer.mint()));
    const other = await workers.fetch('http://api.hono.test/api/policy', bearer(await issuer.mint({ azp: 'another-client' })));
    expect([allowed.status, other.status]).toEqual([200, 403]);
  });

  it('does not verify a token again in a route-level tokenward() behind an app-wide one', async () => {
    const stats = async () =>
      ((await (await workers.fetch('http://api.hono.test/stats')).json()) as { verifications: number }).verifications;
    const before = await stats();
    const user = await workers.fetch('http://api.hono.test/api/admin-inline', bearer(await issuer.mint()));
    const admin = await workers.fetch('http://api.hono.test/api/admin-inline', bearer(await issuer.mint({ roles: ['Orders.Admin'] })));
    expect([user.status, admin.status]).toEqual([403, 200]);
    expect(await stats()).toBe(before + 2);
  });

  it('checks the requirement given to tokenward() itself on a single route', async () => {
    const user = await workers.fetch('http://api.hono.test/inline', bearer(await issuer.mint()));
    const admin = await workers.fetch('http://api.hono.test/inline', bearer(await issuer.mint({ roles: ['Orders.Admin'] })));
    expect([user.status, admin.status]).toEqual([403, 200]);
    expect(user.headers.get('x-tokenward-code')).toBe('forbidden');
  });
});
