/** The stores against Miniflare's KV (workerd's implementation), driven from Node. */

import { Miniflare } from 'miniflare';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKvKeyStore, createKvRevocationStore, type KvNamespaceLike, type KvOperation } from '../src/index.js';

let mf: Miniflare;
let kv: KvNamespaceLike & { list(options: { prefix: string }): Promise<{ keys: { name: string; expiration?: number }[] }> };

beforeAll(async () => {
  mf = new Miniflare({
    modules: true,
    script: 'export default { fetch: () => new Response(null) }',
    compatibilityDate: '2025-07-18',
    kvNamespaces: ['KV'],
  });
  kv = (await mf.getKVNamespace('KV')) as unknown as typeof kv;
});

afterAll(() => mf?.dispose());

let n = 0;
const prefix = () => `test-${++n}:`;
const SOURCE = 'https://login.example.com/keys';
const SET = { keys: [{ kty: 'RSA', kid: 'a', n: 'AQAB', e: 'AQAB' }], fetchedAt: Date.now(), expiresAt: Date.now() + 600_000 };

async function expirationOf(key: string): Promise<number | undefined> {
  const { keys } = await kv.list({ prefix: key });
  return keys.find((entry) => entry.name === key)?.expiration;
}

describe('KV key store: key sets', () => {
  it('reads back the key set it stored', async () => {
    const store = createKvKeyStore(kv, { prefix: prefix() });
    await store.set(SOURCE, SET);
    expect(await store.get(SOURCE)).toEqual(SET);
  });

  it('lets KV expire the set keepExpiredMs after it expired', async () => {
    const p = prefix();
    await createKvKeyStore(kv, { prefix: p, keepExpiredMs: 60_000 }).set(SOURCE, SET);
    const expiration = (await expirationOf(`${p}jwks:${SOURCE}`)) ?? 0;
    expect(expiration * 1000).toBeGreaterThan(SET.expiresAt + 55_000);
    expect(expiration * 1000).toBeLessThanOrEqual(SET.expiresAt + 61_000);
  });

  it('never asks KV for an expiration under its 60-second minimum', async () => {
    const p = prefix();
    await createKvKeyStore(kv, { prefix: p, keepExpiredMs: 0 }).set(SOURCE, { ...SET, expiresAt: Date.now() - 1_000 });
    expect(((await expirationOf(`${p}jwks:${SOURCE}`)) ?? 0) * 1000).toBeGreaterThanOrEqual(Date.now() + 58_000);
  });

  it('hashes a source id that would make the key longer than KV allows', async () => {
    const p = prefix();
    const store = createKvKeyStore(kv, { prefix: p });
    const long = `https://login.example.com/${'x'.repeat(600)}`;
    await store.set(long, SET);
    expect(await store.get(long)).toEqual(SET);
    const { keys } = await kv.list({ prefix: p });
    expect(keys.map((key) => key.name)).toEqual([expect.stringMatching(/^test-\d+:jwks:sha256:[0-9a-f]{64}$/)]);
  });
});

describe('KV key store: bounded reads', () => {
  it('keeps the integrity tag of the set it stored', async () => {
    const store = createKvKeyStore(kv, { prefix: prefix() });
    await store.set(SOURCE, { ...SET, tag: 'tag-made-by-core' });
    expect(await store.get(SOURCE, { maxBytes: 10_000 })).toEqual({ ...SET, tag: 'tag-made-by-core' });
  });

  it('reads a set exactly as large as the limit core gives', async () => {
    const store = createKvKeyStore(kv, { prefix: prefix() });
    await store.set(SOURCE, SET);
    expect(await store.get(SOURCE, { maxBytes: new TextEncoder().encode(JSON.stringify(SET)).length })).toEqual(SET);
  });

  it('answers a miss for a value larger than the limit core gives, and reports it to onError', async () => {
    const p = prefix();
    const seen: Error[] = [];
    const store = createKvKeyStore(kv, { prefix: p, onError: (error) => seen.push(error) });
    await kv.put(`${p}jwks:${SOURCE}`, JSON.stringify({ ...SET, keys: [{ ...SET.keys[0], pad: '\u00e9'.repeat(600) }] }));
    expect(await store.get(SOURCE, { maxBytes: 1_000 })).toBeUndefined();
    expect(seen).toEqual([
      expect.objectContaining({ name: 'KvStoreError', operation: 'get', message: expect.stringMatching(/at most 1000 bytes/) }),
    ]);
  });
});

describe('KV key store: the best-effort fetch marker', () => {
  it('grants the marker to one isolate and refuses it to the next while it is live', async () => {
    const p = prefix();
    expect(await createKvKeyStore(kv, { prefix: p }).acquireLock?.(SOURCE, 5_000)).toBe(true);
    expect(await createKvKeyStore(kv, { prefix: p }).acquireLock?.(SOURCE, 5_000)).toBe(false);
  });

  it('grants the marker once its own deadline passed, although KV keeps the key for 60 s', async () => {
    const p = prefix();
    await createKvKeyStore(kv, { prefix: p }).acquireLock?.(SOURCE, 50);
    await new Promise((resolve) => setTimeout(resolve, 80));
    expect(await createKvKeyStore(kv, { prefix: p }).acquireLock?.(SOURCE, 5_000)).toBe(true);
  });

  it('removes its marker on release', async () => {
    const p = prefix();
    const store = createKvKeyStore(kv, { prefix: p });
    await store.acquireLock?.(SOURCE, 5_000);
    await store.releaseLock?.(SOURCE);
    expect(await kv.get(`${p}jwks-lock:${SOURCE}`)).toBeNull();
  });

  it('leaves a marker another isolate wrote after its own lapsed', async () => {
    const p = prefix();
    const slow = createKvKeyStore(kv, { prefix: p });
    await slow.acquireLock?.(SOURCE, 50);
    await new Promise((resolve) => setTimeout(resolve, 80));
    await createKvKeyStore(kv, { prefix: p }).acquireLock?.(SOURCE, 5_000);
    await slow.releaseLock?.(SOURCE);
    expect(await kv.get(`${p}jwks-lock:${SOURCE}`)).not.toBeNull();
  });
});

describe('KV revocation store', () => {
  it('finds an entry it added', async () => {
    const store = createKvRevocationStore(kv, { prefix: prefix() });
    await store.add('jti.abc', Date.now() + 600_000);
    expect(await store.has(['sid.other', 'jti.abc'])).toBe(true);
  });

  it('keeps an entry at least KV\u2019s 60-second minimum', async () => {
    const p = prefix();
    await createKvRevocationStore(kv, { prefix: p }).add('jti.soon', Date.now() + 5_000);
    expect(((await expirationOf(`${p}revoked:jti.soon`)) ?? 0) * 1000).toBeGreaterThanOrEqual(Date.now() + 58_000);
  });

  it('adds nothing for an entry that has already expired', async () => {
    const p = prefix();
    await createKvRevocationStore(kv, { prefix: p }).add('jti.old', Date.now() - 1);
    expect((await kv.list({ prefix: p })).keys).toEqual([]);
  });
});

describe('KV failing or hanging', () => {
  const hanging: KvNamespaceLike = {
    get: () => new Promise(() => undefined),
    put: () => new Promise(() => undefined),
    delete: () => new Promise(() => undefined),
  };

  it('answers get with a miss after timeoutMs and reports it', async () => {
    const seen: KvOperation[] = [];
    const store = createKvKeyStore(hanging, { timeoutMs: 30, onError: (_, operation) => seen.push(operation) });
    expect(await store.get(SOURCE)).toBeUndefined();
    expect(seen).toEqual(['get']);
  });

  it('grants the marker when KV cannot answer, so the isolate fetches as a lone one would', async () => {
    expect(await createKvKeyStore(hanging, { timeoutMs: 30 }).acquireLock?.(SOURCE, 5_000)).toBe(true);
  });

  it('skips KV for retryAfterErrorMs after a failure: the next call does not wait for it', async () => {
    let reads = 0;
    const counting: KvNamespaceLike = { ...hanging, get: () => (reads++, new Promise(() => undefined)) };
    const store = createKvKeyStore(counting, { timeoutMs: 200 });
    await store.get(SOURCE);
    expect(await store.get(SOURCE)).toBeUndefined();
    expect(reads).toBe(1);
  });

  it('answers "not revoked" when a lookup fails', async () => {
    expect(await createKvRevocationStore(hanging, { timeoutMs: 30 }).has(['jti.x'])).toBe(false);
  });

  it('rejects add when KV cannot store the entry', async () => {
    await expect(createKvRevocationStore(hanging, { timeoutMs: 30 }).add('jti.x', Date.now() + 60_000)).rejects.toMatchObject({
      name: 'KvStoreError',
      operation: 'revoke',
    });
  });
});

describe('configuration', () => {
  it.each([[undefined], [{}], [{ get: () => null }]])('throws a TypeError at startup for the namespace %o', (namespace) => {
    expect(() => createKvKeyStore(namespace as never)).toThrow(/KV namespace binding/);
  });

  it.each([
    [{ timeoutMs: 0 }, /timeoutMs/],
    [{ retryAfterErrorMs: -1 }, /retryAfterErrorMs/],
    [{ keepExpiredMs: Number.NaN }, /keepExpiredMs/],
    [{ prefix: 3 }, /prefix/],
    [{ onError: true }, /onError/],
  ])('throws a TypeError at startup for %o', (options, message) => {
    expect(() => createKvKeyStore(kv, options as never)).toThrow(message);
  });
});
