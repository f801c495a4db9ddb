/**
 * A failed fleet fetch is shared through Redis: the lock holder writes a failure marker beside the key
 * set (never over it) and releases the lock, and the fleet waits out its backoff together. Instances
 * on a real Redis, against a real local issuer whose key endpoint fails, on a clock the test moves.
 */

import { createVerifier, jwks, type JwksOptions } from '@tokenward/core';
import { createTestIssuer, type TestIssuer } from '@tokenward/testing';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedisKeyStore } from '../src/index.js';
import { startRedis, uniquePrefix, type RedisServer } from './redis-server.js';

let redis: RedisServer;
let client: Redis;
let issuer: TestIssuer;

beforeAll(async () => {
  redis = await startRedis();
  client = new Redis(redis.url);
  issuer = await createTestIssuer();
}, 60_000);

afterAll(async () => {
  client?.disconnect();
  await issuer?.close();
  await redis?.stop();
}, 60_000);

function fleet(size: number, jwksOptions: JwksOptions = {}) {
  const prefix = uniquePrefix();
  let t = Date.now();
  const clock = { now: () => t, advance: (ms: number) => void (t += ms) };
  const verifiers = Array.from({ length: size }, () =>
    createVerifier({
      issuers: [jwks({ issuer: issuer.issuer, jwksUri: issuer.jwksUri, audience: issuer.audience })],
      jwks: { store: createRedisKeyStore({ client, prefix }), backgroundRefresh: false, ...jwksOptions },
      now: clock.now,
    }),
  );
  return { prefix, clock, verifiers };
}

describe('redis key store: a failed fleet fetch', () => {
  it('is written as a marker under <prefix>jwks:fetch-failure:<key URL>, the key set kept, the lock released; one request per backoff step', async () => {
    const { prefix, clock, verifiers } = fleet(4);
    const token = await issuer.mint({}, { expiresInSec: 86_400 });
    await Promise.all(verifiers.map((verifier) => verifier.verify(token)));
    const stored = await client.get(`${prefix}jwks:${issuer.jwksUri}`);
    issuer.resetCounters();
    issuer.setFault({ kind: 'status', status: 500 });
    try {
      clock.advance(3_600_000);
      // Stale-if-error: every instance keeps verifying while one of them tries.
      await Promise.all(verifiers.map((verifier) => verifier.verify(token)));
      expect(issuer.requests.jwks).toBe(1);
      const marker = JSON.parse((await client.get(`${prefix}jwks:fetch-failure:${issuer.jwksUri}`)) ?? 'null');
      expect(marker).toEqual({ keys: [], fetchedAt: expect.any(Number), expiresAt: marker.fetchedAt + 1_000 });
      expect(await client.pttl(`${prefix}jwks:fetch-failure:${issuer.jwksUri}`)).toBeGreaterThan(0);
      expect(await client.get(`${prefix}jwks:${issuer.jwksUri}`)).toBe(stored);
      expect(await client.exists(`${prefix}jwks-lock:${issuer.jwksUri}`)).toBe(0);

      clock.advance(500);
      await Promise.all(verifiers.map((verifier) => verifier.verify(token)));
      expect(issuer.requests.jwks).toBe(1);
      clock.advance(500);
      await Promise.all(verifiers.map((verifier) => verifier.verify(token)));
      expect(issuer.requests.jwks).toBe(2);
      const next = JSON.parse((await client.get(`${prefix}jwks:fetch-failure:${issuer.jwksUri}`)) ?? 'null');
      expect(next.expiresAt - next.fetchedAt).toBe(2_000);
    } finally {
      issuer.setFault(null);
    }
  });
});
