import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createRedisKeyStore, type RedisOperation } from '../src/index.js';
import { startRedis, uniquePrefix, type RedisServer } from './redis-server.js';

let server: RedisServer;
let client: Redis;
const clients: Redis[] = [];

beforeAll(async () => {
  server = await startRedis();
  client = new Redis(server.url);
});

afterEach(() => {
  for (const extra of clients.splice(0)) extra.disconnect();
});

afterAll(async () => {
  client?.disconnect();
  await server?.stop();
});

const SET = { keys: [{ kty: 'RSA', kid: 'a', n: 'AQAB', e: 'AQAB' }], fetchedAt: Date.now(), expiresAt: Date.now() + 60_000 };
const SOURCE = 'https://login.example.com/keys';

function store(options: { prefix?: string; keepExpiredMs?: number } = {}) {
  const prefix = options.prefix ?? uniquePrefix();
  return { prefix, store: createRedisKeyStore({ client, prefix, ...options }) };
}

describe('redis key store: key sets', () => {
  it('reads back the key set it stored, with its fetch and expiry times', async () => {
    const { store: keys } = store();
    await keys.set(SOURCE, SET);
    expect(await keys.get(SOURCE)).toEqual(SET);
  });

  it('answers a miss for a source nobody stored', async () => {
    expect(await store().store.get(SOURCE)).toBeUndefined();
  });

  it('stores the set as JSON under <prefix>jwks:<source id>', async () => {
    const { prefix, store: keys } = store();
    await keys.set(SOURCE, SET);
    expect(JSON.parse((await client.get(`${prefix}jwks:${SOURCE}`)) ?? 'null')).toEqual(SET);
  });

  it('lets Redis expire the set keepExpiredMs after it expired', async () => {
    const { prefix, store: keys } = store({ keepExpiredMs: 10_000 });
    await keys.set(SOURCE, SET);
    const ttl = await client.pttl(`${prefix}jwks:${SOURCE}`);
    expect(ttl).toBeGreaterThan(65_000);
    expect(ttl).toBeLessThanOrEqual(70_000);
  });

  it('answers a miss for a stored value that is not JSON', async () => {
    const { prefix, store: keys } = store();
    await client.set(`${prefix}jwks:${SOURCE}`, '{not json');
    expect(await keys.get(SOURCE)).toBeUndefined();
  });

  it('shares a set between two stores on the same prefix (two instances)', async () => {
    const prefix = uniquePrefix();
    await store({ prefix }).store.set(SOURCE, SET);
    expect(await store({ prefix }).store.get(SOURCE)).toEqual(SET);
  });
});

describe('redis key store: bounded reads', () => {
  it('keeps the integrity tag of the set it stored', async () => {
    const { store: keys } = store();
    await keys.set(SOURCE, { ...SET, tag: 'tag-made-by-core' });
    expect(await keys.get(SOURCE, { maxBytes: 10_000 })).toEqual({ ...SET, tag: 'tag-made-by-core' });
  });

  it('reads a set exactly as large as the limit core gives', async () => {
    const { store: keys } = store();
    await keys.set(SOURCE, SET);
    const bytes = Buffer.byteLength(JSON.stringify(SET));
    expect(await keys.get(SOURCE, { maxBytes: bytes })).toEqual(SET);
  });

  it('answers a miss for a value larger than the limit core gives, and reports it to onError', async () => {
    const seen: Error[] = [];
    const prefix = uniquePrefix();
    const keys = createRedisKeyStore({ client, prefix, onError: (error) => seen.push(error) });
    await client.set(`${prefix}jwks:${SOURCE}`, JSON.stringify({ ...SET, keys: [{ ...SET.keys[0], pad: 'x'.repeat(5_000) }] }));
    expect(await keys.get(SOURCE, { maxBytes: 1_000 })).toBeUndefined();
    expect(seen).toEqual([
      expect.objectContaining({ name: 'RedisStoreError', operation: 'get', message: expect.stringMatching(/at most 1000 bytes/) }),
    ]);
  });

  it('keeps using Redis after refusing an oversize value: the next call reaches it', async () => {
    const { prefix, store: keys } = store();
    await client.set(`${prefix}jwks:${SOURCE}`, 'x'.repeat(5_000));
    await keys.get(SOURCE, { maxBytes: 1_000 });
    await keys.set(SOURCE, SET);
    expect(await keys.get(SOURCE, { maxBytes: 1_000 })).toEqual(SET);
  });
});

describe('redis key store: the fetch lock', () => {
  it('grants the lock to one instance and refuses it to the next', async () => {
    const prefix = uniquePrefix();
    expect(await store({ prefix }).store.acquireLock?.(SOURCE, 5_000)).toBe(true);
    expect(await store({ prefix }).store.acquireLock?.(SOURCE, 5_000)).toBe(false);
  });

  it('takes the lock with a PX expiry', async () => {
    const { prefix, store: keys } = store();
    await keys.acquireLock?.(SOURCE, 5_000);
    const ttl = await client.pttl(`${prefix}jwks-lock:${SOURCE}`);
    expect(ttl).toBeGreaterThan(4_000);
    expect(ttl).toBeLessThanOrEqual(5_000);
  });

  it('grants the lock again once the holder released it', async () => {
    const prefix = uniquePrefix();
    const holder = store({ prefix }).store;
    await holder.acquireLock?.(SOURCE, 5_000);
    await holder.releaseLock?.(SOURCE);
    expect(await store({ prefix }).store.acquireLock?.(SOURCE, 5_000)).toBe(true);
  });

  it('grants the lock again once it expired (a holder that crashed)', async () => {
    const prefix = uniquePrefix();
    await store({ prefix }).store.acquireLock?.(SOURCE, 50);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await store({ prefix }).store.acquireLock?.(SOURCE, 5_000)).toBe(true);
  });

  it('never releases a lock another instance took over after its own expired', async () => {
    const prefix = uniquePrefix();
    const slow = store({ prefix }).store;
    const next = store({ prefix }).store;
    await slow.acquireLock?.(SOURCE, 50);
    await new Promise((resolve) => setTimeout(resolve, 100));
    await next.acquireLock?.(SOURCE, 5_000);
    await slow.releaseLock?.(SOURCE);
    expect(await client.exists(`${prefix}jwks-lock:${SOURCE}`)).toBe(1);
  });

  it('does nothing when releasing a lock it does not hold', async () => {
    const { store: keys } = store();
    await expect(keys.releaseLock?.(SOURCE)).resolves.toBeUndefined();
  });
});

describe('redis key store: Redis unreachable', () => {
  function unreachable(onError?: (error: Error, operation: RedisOperation) => void) {
    // Nothing listens on port 1; no reconnection attempts, so every command fails at once.
    const dead = new Redis('redis://127.0.0.1:1', { lazyConnect: true, enableOfflineQueue: false, retryStrategy: () => null });
    dead.on('error', () => undefined);
    clients.push(dead);
    return createRedisKeyStore({ client: dead, prefix: uniquePrefix(), timeoutMs: 200, ...(onError === undefined ? {} : { onError }) });
  }

  it('answers get with a miss', async () => {
    expect(await unreachable().get(SOURCE)).toBeUndefined();
  });

  it('resolves set without storing', async () => {
    await expect(unreachable().set(SOURCE, SET)).resolves.toBeUndefined();
  });

  it('grants the lock, so the instance fetches as a lone one would', async () => {
    expect(await unreachable().acquireLock?.(SOURCE, 5_000)).toBe(true);
  });

  it('reports the failure and the operation to onError', async () => {
    const seen: [string, RedisOperation][] = [];
    await unreachable((error, operation) => seen.push([error.name, operation])).get(SOURCE);
    expect(seen).toEqual([['RedisStoreError', 'get']]);
  });

  it('skips Redis for retryAfterErrorMs after a failure: the next call is a miss, reported once', async () => {
    const seen: string[] = [];
    const keys = unreachable((error) => seen.push(error.message));
    await keys.get(SOURCE);
    expect(await keys.get(SOURCE)).toBeUndefined();
    expect(seen).toHaveLength(1);
  });

  it('asks Redis again once retryAfterErrorMs has passed', async () => {
    const dead = new Redis('redis://127.0.0.1:1', { lazyConnect: true, enableOfflineQueue: false, retryStrategy: () => null });
    dead.on('error', () => undefined);
    clients.push(dead);
    const seen: string[] = [];
    const keys = createRedisKeyStore({ client: dead, retryAfterErrorMs: 50, onError: (error) => seen.push(error.message) });
    await keys.get(SOURCE);
    await new Promise((resolve) => setTimeout(resolve, 80));
    await keys.get(SOURCE);
    expect(seen).toHaveLength(2);
  });

  it('gives up on a Redis that hangs after timeoutMs', async () => {
    const hanging = new Redis(server.url);
    clients.push(hanging);
    const keys = createRedisKeyStore({ client: hanging, prefix: uniquePrefix(), timeoutMs: 100 });
    await hanging.ping();
    // CLIENT PAUSE holds every client's commands, as an overloaded or failing-over Redis would.
    await client.call('CLIENT', 'PAUSE', '500', 'ALL');
    const started = Date.now();
    expect(await keys.get(SOURCE)).toBeUndefined();
    expect(Date.now() - started).toBeGreaterThanOrEqual(90);
    expect(Date.now() - started).toBeLessThan(400);
    await new Promise((resolve) => setTimeout(resolve, 500));
  });
});

describe('redis key store: configuration', () => {
  it.each([
    [{}, /client/],
    [{ client: {} }, /client/],
    [{ client: 'not a client' }, /client/],
  ])('throws a TypeError at startup for %o', (options, message) => {
    expect(() => createRedisKeyStore(options as never)).toThrow(message);
  });

  it.each([
    [{ timeoutMs: 0 }, /timeoutMs/],
    [{ timeoutMs: Number.NaN }, /timeoutMs/],
    [{ retryAfterErrorMs: -1 }, /retryAfterErrorMs/],
    [{ keepExpiredMs: -1 }, /keepExpiredMs/],
    [{ prefix: 1 }, /prefix/],
    [{ onError: 'log' }, /onError/],
  ])('throws a TypeError at startup for %o', (options, message) => {
    expect(() => createRedisKeyStore({ client, ...(options as object) })).toThrow(message);
  });
});
