/** Smoke test: the Worker in workerd (Miniflare) on 127.0.0.1, real tokens from the dev issuer, over HTTP. */
import { startDevIssuer, type DevIssuer } from '@tokenward/cli';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runWorker, type RunningWorker } from '../scripts/run-worker.js';

let dev: DevIssuer;
let worker: RunningWorker;
let api: string;

beforeAll(async () => {
  dev = await startDevIssuer({ provider: 'entra' });
  worker = await runWorker({ TENANT_ID: dev.tenantId ?? '', API_CLIENT_ID: dev.audience, AUTHORITY: dev.url });
  api = worker.url;
});
afterAll(async () => {
  await worker.dispose();
  await dev.close();
});

const call = async (method: string, path: string, token?: string) =>
  fetch(`${api}${path}`, { method, headers: token === undefined ? {} : { authorization: `Bearer ${token}` } });

describe('workers-api', () => {
  it('reads orders with a user token that has Orders.Read', async () => {
    const response = await call('GET', '/api/orders', await dev.mint('user'));
    expect(response.status).toBe(200);
    expect(((await response.json()) as { orders: unknown[] }).orders).toHaveLength(2);
  });

  it('answers 401 without a token', async () => {
    const response = await call('GET', '/api/orders');
    expect([response.status, response.headers.get('www-authenticate')]).toEqual([
      401,
      'Bearer realm="orders", DPoP realm="orders", algs="ES256 ES384 ES512 PS256 PS384 PS512 RS256 RS384 RS512 EdDSA Ed25519"',
    ]);
  });

  it('answers 403 to a delete without the Orders.Admin role', async () => {
    const response = await call('DELETE', '/api/orders/1001', await dev.mint('user'));
    expect(response.status).toBe(403);
    expect(response.headers.get('www-authenticate')).toMatch(/insufficient_scope/);
  });

  it('deletes with the Orders.Admin role', async () => {
    const response = await call('DELETE', '/api/orders/1002', await dev.mint('admin'));
    expect([response.status, ((await response.json()) as { deleted: string }).deleted]).toEqual([200, '1002']);
  });

  it('answers 401 to an expired token', async () => {
    expect((await call('GET', '/api/orders', await dev.mint('expired'))).status).toBe(401);
  });
});
