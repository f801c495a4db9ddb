import { beforeAll, describe, expect, it } from 'vitest';
import { createKeyResolver, createMemoryKeyStore, resolveJwksOptions } from '../../src/keys/index.js';
import type { CachedKeySet, KeyCacheStore, PublicJwk } from '../../src/shared/types.js';
import { countingBackend, fakeClock, jwksIssuer, jwksServer, JWKS_URI, publicKey, randomKid, START } from './helpers.js';

let a: PublicJwk;
let b: PublicJwk;

beforeAll(async () => {
  [a, b] = await Promise.all([publicKey('a'), publicKey('b')]);
});

/** One shared backend (what Redis would be) and a store handle per instance, with a lock per source. */
function sharedBackend() {
  const sets = new Map<string, CachedKeySet>();
  const locks = new Map<string, { owner: symbol; until: number }>();
  const counts = { get: 0, set: 0, acquired: 0, refused: 0, released: 0 };
  function instance(overrides: Partial<KeyCacheStore> = {}): KeyCacheStore {
    const me = Symbol('instance');
    return {
      get: (id) => {
        counts.get++;
        return sets.get(id);
      },
      set: (id, value) => {
        counts.set++;
        sets.set(id, value);
      },
      acquireLock: (id, ttlMs) => {
        const lock = locks.get(id);
        if (lock !== undefined && lock.until > Date.now()) {
          counts.refused++;
          return false;
        }
        locks.set(id, { owner: me, until: Date.now() + ttlMs });
        counts.acquired++;
        return true;
      },
      releaseLock: (id) => {
        if (locks.get(id)?.owner !== me) return;
        locks.delete(id);
        counts.released++;
      },
      ...overrides,
    };
  }
  return { sets, locks, counts, instance };
}

function fleet(size: number, keys: readonly PublicJwk[] = [a], jwks: { lockWaitMs?: number; storeTimeoutMs?: number } = {}) {
  const clock = fakeClock();
  const server = jwksServer(keys);
  const shared = sharedBackend();
  const instances = Array.from({ length: size }, () =>
    createKeyResolver({
      jwks: { backgroundRefresh: false, fetch: server.fetch, store: shared.instance(), ...jwks },
      backend: countingBackend(),
      now: clock.now,
    }),
  );
  return { clock, server, shared, instances, issuer: jwksIssuer() };
}

describe('shared key store: failure paths', () => {
  it('a holder whose fetch fails writes the failure marker and lets go, so the fleet does not repeat the failing fetch one after another', async () => {
    const { instances, issuer, server, clock, shared } = fleet(4, [a], { lockWaitMs: 60 });
    await Promise.all(instances.map((instance) => instance.resolve(issuer, 'a', 'RS256')));
    expect(server.count()).toBe(1);
    server.fail(500);
    clock.advance(600_000);
    const answers = await Promise.all(instances.map((instance) => instance.resolve(issuer, 'a', 'RS256')));
    expect(answers.map((key) => key.kid)).toEqual(['a', 'a', 'a', 'a']);
    expect(server.count()).toBe(2);
    expect(shared.locks.has(JWKS_URI)).toBe(false);
    expect(shared.sets.get(`fetch-failure:${JWKS_URI}`)).toEqual({ keys: [], fetchedAt: clock.now(), expiresAt: clock.now() + 1_000 });
    expect(shared.sets.get(JWKS_URI)?.keys).toEqual([a]);
  });

  it('a waiter with keys in hand serves them when its wait runs out, instead of fetching', async () => {
    const { instances, issuer, server, clock, shared } = fleet(1, [a], { lockWaitMs: 40 });
    await instances[0]?.resolve(issuer, 'a', 'RS256');
    shared.locks.set(JWKS_URI, { owner: Symbol('another instance'), until: Date.now() + 60_000 });
    clock.advance(600_000);
    await expect(instances[0]?.resolve(issuer, 'a', 'RS256')).resolves.toMatchObject({ kid: 'a' });
    expect(server.count()).toBe(1);
  });

  it('by default, waiters outlive the lock of a holder that crashed, and one of them fetches for the rest', () => {
    const { timeoutMs, storeTimeoutMs, lockWaitMs } = resolveJwksOptions({});
    expect(lockWaitMs).toBeGreaterThan(timeoutMs + 2 * storeTimeoutMs);
  });
});

describe('shared key store: fleet-wide single-flight', () => {
  it('makes one request when eight cold instances resolve at once', async () => {
    const { instances, issuer, server } = fleet(8);
    await Promise.all(instances.map((instance) => instance.resolve(issuer, 'a', 'RS256')));
    expect(server.count()).toBe(1);
  });

  it('lets an instance that lost the lock verify with the set the holder stored', async () => {
    const { instances, issuer, shared } = fleet(2);
    const [first, second] = instances;
    await Promise.all([first?.resolve(issuer, 'a', 'RS256'), second?.resolve(issuer, 'a', 'RS256')]);
    expect(shared.counts.acquired).toBeGreaterThanOrEqual(1);
    expect(shared.sets.get(JWKS_URI)?.keys).toEqual([a]);
  });

  it('releases the lock after storing the fetched set', async () => {
    const { instances, issuer, shared } = fleet(1);
    await instances[0]?.resolve(issuer, 'a', 'RS256');
    expect(shared.counts.released).toBe(1);
    expect(shared.locks.size).toBe(0);
  });

  it('does not fetch when the set landed between reading the store and taking the lock', async () => {
    const clock = fakeClock();
    const server = jwksServer([a]);
    const shared = sharedBackend();
    const inner = shared.instance();
    let reads = 0;
    const store = shared.instance({
      get: (id) => {
        // The first read misses; by the second (after the lock) another instance has stored the set.
        if (reads++ === 0) {
          shared.sets.set(id, { keys: [a], fetchedAt: START, expiresAt: START + 60_000 });
          return undefined;
        }
        return inner.get(id);
      },
    });
    const resolver = createKeyResolver({
      jwks: { backgroundRefresh: false, fetch: server.fetch, store },
      backend: countingBackend(),
      now: clock.now,
    });
    await expect(resolver.resolve(jwksIssuer(), 'a', 'RS256')).resolves.toMatchObject({ kid: 'a' });
    expect(server.count()).toBe(0);
  });

  it('fetches itself when the lock holder never stores a set, after lockWaitMs', async () => {
    const { instances, issuer, server, shared } = fleet(1, [a], { lockWaitMs: 40 });
    shared.locks.set(JWKS_URI, { owner: Symbol('crashed instance'), until: Date.now() + 60_000 });
    const started = Date.now();
    await expect(instances[0]?.resolve(issuer, 'a', 'RS256')).resolves.toMatchObject({ kid: 'a' });
    expect(server.count()).toBe(1);
    expect(Date.now() - started).toBeGreaterThanOrEqual(35);
  });

  it('takes over the lock when the holder releases it without storing (its fetch failed)', async () => {
    const { instances, issuer, server, shared } = fleet(1, [a], { lockWaitMs: 5_000 });
    shared.locks.set(JWKS_URI, { owner: Symbol('failing instance'), until: Date.now() + 60_000 });
    setTimeout(() => shared.locks.delete(JWKS_URI), 20);
    const started = Date.now();
    await instances[0]?.resolve(issuer, 'a', 'RS256');
    expect(server.count()).toBe(1);
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it('verifies a warm instance\u2019s first token from the store, without a request', async () => {
    const { instances, issuer, server } = fleet(2);
    await instances[0]?.resolve(issuer, 'a', 'RS256');
    await instances[1]?.resolve(issuer, 'a', 'RS256');
    expect(server.count()).toBe(1);
  });

  it('refreshes an expired set once for the fleet', async () => {
    const { instances, issuer, server, clock } = fleet(4);
    await Promise.all(instances.map((instance) => instance.resolve(issuer, 'a', 'RS256')));
    clock.advance(600_000);
    await Promise.all(instances.map((instance) => instance.resolve(issuer, 'a', 'RS256')));
    expect(server.count()).toBe(2);
  });

  it('serves the expired set while the issuer fails (stale-if-error), as in memory', async () => {
    const { instances, issuer, server, clock } = fleet(2);
    await instances[0]?.resolve(issuer, 'a', 'RS256');
    await instances[1]?.resolve(issuer, 'a', 'RS256');
    clock.advance(600_000);
    server.fail(503);
    await expect(Promise.all(instances.map((instance) => instance.resolve(issuer, 'a', 'RS256')))).resolves.toHaveLength(2);
  });
});

describe('shared key store: unknown kid and the fleet-wide cooldown', () => {
  it('answers an unknown kid with a newer set another instance stored, without a request', async () => {
    const { instances, issuer, server, shared, clock } = fleet(2);
    await instances[0]?.resolve(issuer, 'a', 'RS256');
    await instances[1]?.resolve(issuer, 'a', 'RS256');
    clock.advance(60_000);
    shared.sets.set(JWKS_URI, { keys: [a, b], fetchedAt: clock.now(), expiresAt: clock.now() + 600_000 });
    await expect(instances[1]?.resolve(issuer, 'b', 'RS256')).resolves.toMatchObject({ kid: 'b' });
    expect(server.count()).toBe(1);
  });

  it('does not answer an unknown kid with a stored set fetched before the miss that lacks it: fetches the rotated set', async () => {
    const { instances, issuer, server, shared, clock } = fleet(2);
    await instances[0]?.resolve(issuer, 'a', 'RS256');
    await instances[1]?.resolve(issuer, 'a', 'RS256');
    clock.advance(60_000);
    // Another instance refreshed before the rotation: newer than this one's set, but without the new key.
    shared.sets.set(JWKS_URI, { keys: [a], fetchedAt: clock.now() - 1_000, expiresAt: clock.now() + 600_000 });
    server.setKeys([a, b]);
    await expect(instances[1]?.resolve(issuer, 'b', 'RS256')).resolves.toMatchObject({ kid: 'b' });
    expect(server.count()).toBe(2);
  });

  it('counts another instance\u2019s fetch as an attempt: no request for an unknown kid within its cooldown', async () => {
    const { instances, issuer, server } = fleet(2);
    await instances[0]?.resolve(issuer, 'a', 'RS256');
    await instances[1]?.resolve(issuer, 'a', 'RS256');
    await expect(instances[1]?.resolve(issuer, randomKid(), 'RS256')).rejects.toMatchObject({ code: 'key_not_found' });
    expect(server.count()).toBe(1);
  });

  it('sends one request per cooldown window for random kids across the fleet', async () => {
    const { instances, issuer, server, clock } = fleet(4);
    await Promise.all(instances.map((instance) => instance.resolve(issuer, 'a', 'RS256')));
    for (let window = 0; window < 3; window++) {
      clock.advance(30_000);
      await Promise.all(
        instances.flatMap((instance) => [1, 2, 3].map(() => instance.resolve(issuer, randomKid(), 'RS256').catch(() => undefined))),
      );
    }
    expect(server.count()).toBe(1 + 3);
  });

  it('finds a rotated key at first sight once the fleet cooldown has passed', async () => {
    const { instances, issuer, server, clock } = fleet(2);
    await instances[0]?.resolve(issuer, 'a', 'RS256');
    await instances[1]?.resolve(issuer, 'a', 'RS256');
    clock.advance(30_000);
    server.setKeys([a, b]);
    await expect(instances[1]?.resolve(issuer, 'b', 'RS256')).resolves.toMatchObject({ kid: 'b' });
    await expect(instances[0]?.resolve(issuer, 'b', 'RS256')).resolves.toMatchObject({ kid: 'b' });
    expect(server.count()).toBe(2);
  });
});

describe('shared key store: a failing store degrades to memory', () => {
  function single(store: KeyCacheStore, jwks: { storeTimeoutMs?: number } = {}) {
    const server = jwksServer([a]);
    const resolver = createKeyResolver({
      jwks: { backgroundRefresh: false, fetch: server.fetch, store, ...jwks },
      backend: countingBackend(),
      now: fakeClock().now,
    });
    return { server, resolver };
  }

  it('fetches locally when acquireLock throws', async () => {
    const { server, resolver } = single(
      sharedBackend().instance({
        acquireLock: () => {
          throw new Error('down');
        },
      }),
    );
    await expect(resolver.resolve(jwksIssuer(), 'a', 'RS256')).resolves.toMatchObject({ kid: 'a' });
    expect(server.count()).toBe(1);
  });

  it('fetches locally when acquireLock hangs longer than storeTimeoutMs', async () => {
    const { server, resolver } = single(sharedBackend().instance({ acquireLock: () => new Promise<boolean>(() => undefined) }), {
      storeTimeoutMs: 20,
    });
    await expect(resolver.resolve(jwksIssuer(), 'a', 'RS256')).resolves.toMatchObject({ kid: 'a' });
    expect(server.count()).toBe(1);
  });

  it('verifies when every store call rejects', async () => {
    const down = () => Promise.reject(new Error('down'));
    const { resolver } = single({ get: down, set: down, acquireLock: down, releaseLock: down });
    await expect(resolver.resolve(jwksIssuer(), 'a', 'RS256')).resolves.toMatchObject({ kid: 'a' });
  });

  it('does not wait for a hanging set or releaseLock longer than storeTimeoutMs', async () => {
    const hang = () => new Promise<void>(() => undefined);
    const { resolver } = single(sharedBackend().instance({ set: hang, releaseLock: hang }), { storeTimeoutMs: 20 });
    const started = Date.now();
    await resolver.resolve(jwksIssuer(), 'a', 'RS256');
    expect(Date.now() - started).toBeLessThan(1_000);
  });
});

describe('stores without acquireLock keep the per-instance behaviour', () => {
  it('refetches for an unknown kid right after a cold start from the store', async () => {
    const store = createMemoryKeyStore();
    store.set(JWKS_URI, { keys: [a], fetchedAt: START - 1_000, expiresAt: START + 60_000 });
    const server = jwksServer([a, b]);
    const resolver = createKeyResolver({
      jwks: { backgroundRefresh: false, fetch: server.fetch, store },
      backend: countingBackend(),
      now: fakeClock().now,
    });
    await expect(resolver.resolve(jwksIssuer(), 'b', 'RS256')).resolves.toMatchObject({ kid: 'b' });
    expect(server.count()).toBe(1);
  });
});

describe('shared store options', () => {
  it('defaults storeTimeoutMs to 1 000 and lockWaitMs to 1 s past the fetch lock (timeoutMs + 2 × storeTimeoutMs)', () => {
    expect(resolveJwksOptions({})).toMatchObject({ storeTimeoutMs: 1_000, lockWaitMs: 8_000 });
  });

  it('caps the default storeTimeoutMs at timeoutMs', () => {
    expect(resolveJwksOptions({ timeoutMs: 300 })).toMatchObject({ storeTimeoutMs: 300, lockWaitMs: 1_900 });
  });

  it.each([0, -1, Number.NaN, '5'])('rejects storeTimeoutMs %s at startup', (value) => {
    expect(() => resolveJwksOptions({ storeTimeoutMs: value as number })).toThrow(/storeTimeoutMs/);
  });

  it('rejects a store whose acquireLock is not a function', () => {
    const store = { get: () => undefined, set: () => undefined, acquireLock: true } as unknown as KeyCacheStore;
    expect(() => resolveJwksOptions({ store })).toThrow(/store\.acquireLock/);
  });
});
