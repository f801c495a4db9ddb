import { beforeAll, describe, expect, it } from 'vitest';
import { createKeyResolver, createMemoryKeyStore } from '../../src/keys/index.js';
import type { CachedKeySet, KeyCacheStore, PublicJwk } from '../../src/shared/types.js';
import { countingBackend, fakeClock, jwksIssuer, jwksServer, JWKS_URI, publicKey, rejectionOf, START } from './helpers.js';

const DEFAULT_MAX_AGE = 600_000;

let a: PublicJwk;
let b: PublicJwk;

beforeAll(async () => {
  [a, b] = await Promise.all([publicKey('a'), publicKey('b')]);
});

function setup(store: KeyCacheStore, keys: readonly PublicJwk[] = [a]) {
  const clock = fakeClock();
  const server = jwksServer(keys);
  const resolver = createKeyResolver({
    jwks: { backgroundRefresh: false, fetch: server.fetch, store },
    backend: countingBackend(),
    now: clock.now,
  });
  return { clock, server, resolver, issuer: jwksIssuer() };
}

function countingStore(initial?: CachedKeySet) {
  const inner = createMemoryKeyStore();
  if (initial) inner.set(JWKS_URI, initial);
  const counts = { get: 0, set: 0 };
  const store: KeyCacheStore = {
    get: (id) => {
      counts.get++;
      return inner.get(id);
    },
    set: (id, value) => {
      counts.set++;
      return inner.set(id, value);
    },
  };
  return { store, counts, inner };
}

describe('key store', () => {
  it('uses a fresh stored set on a cold start without fetching', async () => {
    const { store } = countingStore({ keys: [a], fetchedAt: START - 1_000, expiresAt: START + 60_000 });
    const { resolver, issuer, server } = setup(store);
    await expect(resolver.resolve(issuer, 'a', 'RS256')).resolves.toMatchObject({ kid: 'a' });
    expect(server.count()).toBe(0);
  });

  it('fetches when the stored set has expired', async () => {
    const { store } = countingStore({ keys: [b], fetchedAt: START - 700_000, expiresAt: START - 100_000 });
    const { resolver, issuer, server } = setup(store);
    await resolver.resolve(issuer, 'a', 'RS256');
    expect(server.count()).toBe(1);
  });

  it('serves an expired stored set as stale when the fetch fails', async () => {
    const { store } = countingStore({ keys: [a], fetchedAt: START - 700_000, expiresAt: START - 100_000 });
    const { resolver, issuer, server } = setup(store);
    server.fail(500);
    await expect(resolver.resolve(issuer, 'a', 'RS256')).resolves.toMatchObject({ kid: 'a' });
  });

  it('writes keys, fetchedAt and expiresAt under the configured URL after each successful fetch', async () => {
    const { store, inner, counts } = countingStore();
    const { resolver, issuer, clock } = setup(store);
    await resolver.resolve(issuer, 'a', 'RS256');
    expect(inner.get(JWKS_URI)).toEqual({ keys: [a], fetchedAt: START, expiresAt: START + DEFAULT_MAX_AGE });
    clock.advance(DEFAULT_MAX_AGE);
    await resolver.resolve(issuer, 'a', 'RS256');
    expect(counts.set).toBe(2);
  });

  it('does not read the store again while the set in memory is fresh', async () => {
    const { store, counts } = countingStore();
    const { resolver, issuer } = setup(store);
    for (let i = 0; i < 10; i++) await resolver.resolve(issuer, 'a', 'RS256');
    expect(counts.get).toBe(1);
  });

  it('reads the store once for concurrent resolves on a cold start', async () => {
    const { store, counts } = countingStore();
    const { resolver, issuer } = setup(store);
    await Promise.all(Array.from({ length: 50 }, () => resolver.resolve(issuer, 'a', 'RS256')));
    expect(counts.get).toBe(1);
  });

  it('adopts a fresher set another instance stored when its own expires', async () => {
    const { store, inner } = countingStore();
    const { resolver, issuer, server, clock } = setup(store);
    await resolver.resolve(issuer, 'a', 'RS256');
    clock.advance(DEFAULT_MAX_AGE);
    inner.set(JWKS_URI, { keys: [a, b], fetchedAt: clock.now() - 10, expiresAt: clock.now() + 60_000 });
    await expect(resolver.resolve(issuer, 'b', 'RS256')).resolves.toMatchObject({ kid: 'b' });
    expect(server.count()).toBe(1);
  });

  it('refuses a stored set whose expiry lies more than maxCacheMaxAgeMs after its fetch, and fetches', async () => {
    const { store } = countingStore({ keys: [a], fetchedAt: START - 1_000, expiresAt: START + 365 * 86_400_000 });
    const { resolver, issuer, server } = setup(store);
    await resolver.resolve(issuer, 'a', 'RS256');
    expect(server.count()).toBe(1);
  });

  it('accepts a stored set as long-lived as its own cacheMaxAgeMs, when that exceeds maxCacheMaxAgeMs', async () => {
    const { store } = countingStore({ keys: [a], fetchedAt: START - 1_000, expiresAt: START - 1_000 + 2 * 86_400_000 });
    const clock = fakeClock();
    const server = jwksServer([a]);
    const resolver = createKeyResolver({
      jwks: { backgroundRefresh: false, fetch: server.fetch, store, cacheMaxAgeMs: 2 * 86_400_000 },
      backend: countingBackend(),
      now: clock.now,
    });
    await resolver.resolve(jwksIssuer(), 'a', 'RS256');
    expect(server.count()).toBe(0);
  });

  it('ignores a stored value that is not a key set', async () => {
    const store = { get: () => ({ keys: 'nope' }) as unknown as CachedKeySet, set: () => undefined };
    const { resolver, issuer, server } = setup(store);
    await resolver.resolve(issuer, 'a', 'RS256');
    expect(server.count()).toBe(1);
  });

  it('ignores a store whose get throws', async () => {
    const store = {
      get: () => {
        throw new Error('down');
      },
      set: () => undefined,
    };
    const { resolver, issuer } = setup(store);
    await expect(resolver.resolve(issuer, 'a', 'RS256')).resolves.toMatchObject({ kid: 'a' });
  });

  it('ignores a store whose get rejects', async () => {
    const store = { get: () => Promise.reject(new Error('down')), set: () => undefined };
    const { resolver, issuer } = setup(store);
    await expect(resolver.resolve(issuer, 'a', 'RS256')).resolves.toMatchObject({ kid: 'a' });
  });

  it('ignores a store whose set throws', async () => {
    const store = {
      get: () => undefined,
      set: () => {
        throw new Error('down');
      },
    };
    const { resolver, issuer } = setup(store);
    await expect(resolver.resolve(issuer, 'a', 'RS256')).resolves.toMatchObject({ kid: 'a' });
  });

  it('ignores a store whose set rejects', async () => {
    const store = { get: () => undefined, set: () => Promise.reject(new Error('down')) };
    const { resolver, issuer } = setup(store);
    await expect(resolver.resolve(issuer, 'a', 'RS256')).resolves.toMatchObject({ kid: 'a' });
  });

  it('does not wait on a store that hangs for longer than timeoutMs', async () => {
    const clock = fakeClock();
    const server = jwksServer([a]);
    const store = { get: () => new Promise<undefined>(() => undefined), set: () => undefined };
    const resolver = createKeyResolver({
      jwks: { backgroundRefresh: false, fetch: server.fetch, store, timeoutMs: 20 },
      backend: countingBackend(),
      now: clock.now,
    });
    await expect(resolver.resolve(jwksIssuer(), 'a', 'RS256')).resolves.toMatchObject({ kid: 'a' });
  });

  it('re-validates stored keys, skipping unusable ones', async () => {
    const weak = await publicKey('weak', 'rsa1024');
    const { store } = countingStore({ keys: [weak], fetchedAt: START, expiresAt: START + 60_000 });
    const { resolver, issuer } = setup(store);
    const error = await rejectionOf(resolver.resolve(issuer, 'weak', 'RS256'));
    expect(error.message).toMatch(/1024 bits/);
  });
});
