/** Smoke test: the functions behind the local host on 127.0.0.1 (real @azure/functions request and context objects), real tokens from the dev issuer, over HTTP. */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startDevIssuer, type DevIssuer } from '@tokenward/cli';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localAuth } from '../src/auth.js';
import { orderFunctions } from '../src/functions.js';
import { createLocalHost } from '../src/local-host.js';

let dev: DevIssuer;
let server: Server;
let api: string;

beforeAll(async () => {
  dev = await startDevIssuer({ provider: 'entra' });
  server = createLocalHost(orderFunctions(localAuth(dev)));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  api = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  await dev.close();
});

const call = async (method: string, path: string, token?: string) =>
  fetch(`${api}${path}`, { method, headers: token === undefined ? {} : { authorization: `Bearer ${token}` } });

describe('azure-functions-api', () => {
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
