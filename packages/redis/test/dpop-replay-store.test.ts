import { createVerifier, jwks } from '@tokenward/core';
import { createDpopClient, createTestIssuer, type DpopClient, type TestIssuer } from '@tokenward/testing';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedisDpopReplayStore } from '../src/index.js';
import { startRedis, uniquePrefix, type RedisServer } from './redis-server.js';

// A fleet shares one record of the DPoP proofs it accepted: a proof replayed to another instance is refused.
let server: RedisServer;
let client: Redis;
let issuer: TestIssuer;
let dpopClient: DpopClient;
const URL_ORDERS = 'https://api.example/orders';

beforeAll(async () => {
  server = await startRedis();
  client = new Redis(server.url);
  [issuer, dpopClient] = await Promise.all([createTestIssuer(), createDpopClient()]);
});
afterAll(async () => {
  client?.disconnect();
  await server?.stop();
  await issuer?.close();
});

const instance = (prefix: string) =>
  createVerifier({
    issuers: [jwks({ issuer: issuer.issuer, audience: issuer.audience, jwksUri: issuer.jwksUri })],
    dpop: { replayStore: createRedisDpopReplayStore({ client, prefix }) },
  });

describe('redis DPoP replay store', () => {
  it('refuses on one instance a proof another instance accepted', async () => {
    const prefix = uniquePrefix();
    const token = await issuer.mint({ sub: 'user-1', cnf: { jkt: dpopClient.jkt } });
    const proof = await dpopClient.proof({ method: 'GET', url: URL_ORDERS, accessToken: token });
    const request = { method: 'GET', url: URL_ORDERS, headers: { authorization: `DPoP ${token}`, dpop: proof } };
    await instance(prefix).authenticate(request);
    await expect(instance(prefix).authenticate(request)).rejects.toMatchObject({ code: 'invalid_dpop_proof', claim: 'jti' });
  });

  it('keeps a proof for the time the verifier asks, then Redis expires it', async () => {
    const prefix = uniquePrefix();
    const store = createRedisDpopReplayStore({ client, prefix });
    expect(await store.remember('jkt.jti-1', 60_000)).toBe(true);
    expect(await store.remember('jkt.jti-1', 60_000)).toBe(false);
    const ttl = await client.pttl(`${prefix}dpop:jkt.jti-1`);
    expect(ttl).toBeGreaterThan(59_000);
    expect(ttl).toBeLessThanOrEqual(60_000);
  });

  it('answers "first use" and reports the failure when Redis is unreachable', async () => {
    const errors: string[] = [];
    const down = new Redis({ port: 1, lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 0 });
    const store = createRedisDpopReplayStore({ client: down, timeoutMs: 200, onError: (_error, operation) => errors.push(operation) });
    expect(await store.remember('jkt.jti-2', 60_000)).toBe(true);
    expect(errors).toEqual(['replay']);
    down.disconnect();
  });
});
