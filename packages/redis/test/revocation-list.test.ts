import { revocationKey } from '@tokenward/core';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedisRevocationList, createRedisRevocationStore } from '../src/index.js';
import { startRedis, uniquePrefix, type RedisServer } from './redis-server.js';

let server: RedisServer;
let client: Redis;

beforeAll(async () => {
  server = await startRedis();
  client = new Redis(server.url);
});

afterAll(async () => {
  client?.disconnect();
  await server?.stop();
});

const ISS = 'https://login.example.com/';

function claims(overrides: Record<string, unknown> = {}) {
  return { iss: ISS, sub: 'user-1', sid: 'session-1', jti: crypto.randomUUID(), exp: Math.floor(Date.now() / 1000) + 600, ...overrides };
}

describe('redis revocation list', () => {
  it('reports a token revoked through another list on the same Redis (another instance)', async () => {
    const prefix = uniquePrefix();
    const token = claims();
    await createRedisRevocationList({ client, prefix }).revoke(token);
    expect(await createRedisRevocationList({ client, prefix }).isRevoked(token)).toBe(true);
  });

  it('does not report a token nobody revoked', async () => {
    expect(await createRedisRevocationList({ client, prefix: uniquePrefix() }).isRevoked(claims())).toBe(false);
  });

  it('reports every token of a session revoked by sid', async () => {
    const list = createRedisRevocationList({ client, prefix: uniquePrefix() });
    await list.revoke(claims(), { by: 'sid' });
    expect(await list.isRevoked(claims())).toBe(true);
  });

  it('stores one key per entry, expiring at the token\u2019s exp plus the grace period', async () => {
    const prefix = uniquePrefix();
    const token = claims();
    await createRedisRevocationList({ client, prefix, graceSec: 0 }).revoke(token);
    const ttl = await client.pttl(`${prefix}revoked:${await revocationKey('jti', ISS, token.jti)}`);
    expect(ttl).toBeGreaterThan(590_000);
    expect(ttl).toBeLessThanOrEqual(600_000);
  });

  it('forgets an entry once Redis expired it', async () => {
    const list = createRedisRevocationList({ client, prefix: uniquePrefix(), graceSec: 0 });
    const token = claims({ exp: (Date.now() + 150) / 1000 });
    await list.revoke(token);
    await new Promise((resolve) => setTimeout(resolve, 250));
    expect(await list.isRevoked(token)).toBe(false);
  });

  it('keeps the token\u2019s subject out of Redis', async () => {
    const prefix = uniquePrefix();
    await createRedisRevocationList({ client, prefix }).revoke(claims({ sub: 'alice@example.com' }), { by: 'sub' });
    const keys = await client.keys(`${prefix}*`);
    expect(keys).toHaveLength(1);
    expect(keys[0]).not.toContain('alice');
  });
});

describe('redis revocation list: Redis unreachable', () => {
  function dead() {
    const unreachable = new Redis('redis://127.0.0.1:1', { lazyConnect: true, enableOfflineQueue: false, retryStrategy: () => null });
    unreachable.on('error', () => undefined);
    return unreachable;
  }

  it('answers "not revoked" (fails open) and reports to onError', async () => {
    const errors: string[] = [];
    const list = createRedisRevocationList({ client: dead(), onError: (_, operation) => errors.push(operation) });
    expect(await list.isRevoked(claims())).toBe(false);
    expect(errors).toEqual(['lookup']);
  });

  it('rejects revoke, so the caller knows the entry was not stored', async () => {
    const list = createRedisRevocationList({ client: dead() });
    await expect(list.revoke(claims())).rejects.toMatchObject({ name: 'RedisStoreError', operation: 'revoke' });
  });

  it('answers "not revoked" after timeoutMs when Redis hangs', async () => {
    const hanging = new Redis(server.url);
    await hanging.ping();
    await client.call('CLIENT', 'PAUSE', '500', 'ALL');
    const started = Date.now();
    expect(await createRedisRevocationList({ client: hanging, timeoutMs: 100 }).isRevoked(claims())).toBe(false);
    expect(Date.now() - started).toBeGreaterThanOrEqual(90);
    expect(Date.now() - started).toBeLessThan(400);
    await new Promise((resolve) => setTimeout(resolve, 500));
    hanging.disconnect();
  });
});

describe('redis revocation store', () => {
  it('adds nothing for an entry that has already expired', async () => {
    const prefix = uniquePrefix();
    await createRedisRevocationStore({ client, prefix }).add('jti.x', Date.now() - 1);
    expect(await client.keys(`${prefix}*`)).toEqual([]);
  });
});
