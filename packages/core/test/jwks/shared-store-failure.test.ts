/**
 * A failed or hung fleet fetch is shared: the lock holder writes a failure marker beside the stored
 * entry and lets go, and the fleet backs off together, one request to the key server per backoff
 * step. N instances (separate key caches) share one in-memory store whose lock expires on the test's
 * clock; the key server is a local test issuer (its in-memory fetch) with injected faults, and the
 * requests are counted where they arrive.
 */

import { createTestIssuer, type TestIssuer } from '@tokenward/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKeyResolver, type StoredKeySetRejection } from '../../src/keys/index.js';
import type { CachedKeySet, IssuerConfig, JwksOptions, KeyCacheStore, StoredKeySetProblem } from '../../src/shared/types.js';
import { countingBackend, fakeClock, rejectionOf } from './helpers.js';

const ISSUER_MAX_AGE = 3_600_000;
const SECRET = 'a fleet secret of at least thirty-two bytes';

let issuer: TestIssuer;
let kid: string;
let config: IssuerConfig;
const markerId = () => `fetch-failure:${issuer.jwksUri}`;

beforeAll(async () => {
  issuer = await createTestIssuer();
  kid = issuer.keys[0]?.kid as string;
  config = { name: 'test', issuer: issuer.issuer, audience: issuer.audience, keySource: { kind: 'jwks', uri: issuer.jwksUri } };
});

afterAll(async () => {
  await issuer?.close();
});

type Clock = ReturnType<typeof fakeClock>;

/** What Redis is to a fleet: one map of values and a lock per source that lapses on the test's clock. */
function sharedStore(clock: Clock) {
  const entries = new Map<string, CachedKeySet>();
  const locks = new Map<string, { owner: symbol; until: number }>();
  const rejections: StoredKeySetRejection[] = [];
  function instance(overrides: Partial<KeyCacheStore> = {}): KeyCacheStore {
    const me = Symbol('instance');
    return {
      get: (id) => entries.get(id),
      set: (id, value) => {
        entries.set(id, value);
      },
      acquireLock: (id, ttlMs) => {
        const lock = locks.get(id);
        if (lock !== undefined && lock.until > clock.now()) return false;
        locks.set(id, { owner: me, until: clock.now() + ttlMs });
        return true;
      },
      releaseLock: (id) => {
        if (locks.get(id)?.owner === me) locks.delete(id);
      },
      onRejected: (rejection) => {
        rejections.push(rejection);
      },
      ...overrides,
    };
  }
  const reasons = (): StoredKeySetProblem[] => [...new Set(rejections.map((r) => r.reason))];
  return { entries, locks, instance, reasons };
}

function fleet(size: number, jwks: JwksOptions = {}, clock = fakeClock()) {
  const store = sharedStore(clock);
  const make = (options: JwksOptions = jwks) =>
    createKeyResolver({
      jwks: { backgroundRefresh: false, fetch: issuer.fetch, store: store.instance(), ...options },
      backend: countingBackend(),
      now: clock.now,
    });
  const instances = Array.from({ length: size }, () => make());
  /** Every instance resolves the known kid (three times each, at once); what each got. */
  const traffic = () => Promise.allSettled(instances.flatMap((instance) => [1, 2, 3].map(() => instance.resolve(config, kid, 'RS256'))));
  return { clock, store, instances, make, traffic };
}

/** Warms the fleet (one request), then fails the key server with `fault` and lets the set expire. */
async function expireFailing(f: ReturnType<typeof fleet>, fault: Parameters<TestIssuer['setFault']>[0] = { kind: 'status', status: 500 }) {
  issuer.setFault(null);
  await f.traffic();
  issuer.resetCounters();
  issuer.setFault(fault);
  f.clock.advance(ISSUER_MAX_AGE);
}

/** Runs the fleet's traffic every `tickMs` for `forMs`; returns when (ms after the start) requests reached the key server. */
async function timeline(f: ReturnType<typeof fleet>, forMs: number, tickMs = 250): Promise<number[]> {
  const start = f.clock.now();
  const at: number[] = [];
  for (let elapsed = 0; elapsed <= forMs; elapsed += tickMs) {
    f.clock.set(start + elapsed);
    const before = issuer.requests.jwks;
    const outcomes = await f.traffic();
    // Stale-if-error: every verification still finds its key.
    expect(outcomes.every((outcome) => outcome.status === 'fulfilled')).toBe(true);
    for (let i = before; i < issuer.requests.jwks; i++) at.push(elapsed);
  }
  return at;
}

describe('shared key store: the fleet backs off together', () => {
  it('sends one request per backoff step for the whole fleet (1, 2, 4, 8, 16 s, then maxBackoffMs) while the key server fails', async () => {
    const f = fleet(6);
    await expireFailing(f);
    expect(await timeline(f, 100_000)).toEqual([0, 1_000, 3_000, 7_000, 15_000, 31_000, 61_000, 91_000]);
    issuer.setFault(null);
  });

  it('caps the step at maxBackoffMs', async () => {
    const f = fleet(4, { maxBackoffMs: 5_000 });
    await expireFailing(f);
    expect(await timeline(f, 22_000)).toEqual([0, 1_000, 3_000, 7_000, 12_000, 17_000, 22_000]);
    issuer.setFault(null);
  });

  it('writes the marker beside the stored entry and lets go of the lock: the stale keys stay for every instance', async () => {
    const f = fleet(3);
    await expireFailing(f);
    const before = f.store.entries.get(issuer.jwksUri);
    await f.traffic();
    expect(issuer.requests.jwks).toBe(1);
    expect(f.store.entries.get(issuer.jwksUri)).toEqual(before);
    expect(f.store.entries.get(markerId())).toEqual({ keys: [], fetchedAt: f.clock.now(), expiresAt: f.clock.now() + 1_000 });
    expect(f.store.locks.size).toBe(0);
    // A new instance loads the stale keys from the store and serves them without a request while the fleet backs off.
    await expect(f.make().resolve(config, kid, 'RS256')).resolves.toMatchObject({ kid });
    expect(issuer.requests.jwks).toBe(1);
    issuer.setFault(null);
  });

  it('a new instance without keys to serve fails with jwks_unavailable whose retryAfterSec is the fleet’s retry time, without a request', async () => {
    const f = fleet(2, { staleIfErrorMs: 0 });
    await expireFailing(f);
    await f.traffic();
    f.clock.advance(1_000);
    await f.traffic(); // the second failure: the next step is 2 s
    expect(issuer.requests.jwks).toBe(2);
    f.clock.advance(500);
    const error = await rejectionOf(f.make().resolve(config, kid, 'RS256'));
    expect(error).toMatchObject({ code: 'jwks_unavailable', retryAfterSec: 2 });
    expect(issuer.requests.jwks).toBe(2);
    issuer.setFault(null);
  });

  it('an unknown kid during the fleet’s backoff makes no request; after it, one', async () => {
    const f = fleet(3);
    await expireFailing(f);
    await f.traffic();
    expect(issuer.requests.jwks).toBe(1);
    f.clock.advance(500);
    const misses = f.instances.map((instance) => instance.resolve(config, crypto.randomUUID(), 'RS256').catch((error: unknown) => error));
    expect(await Promise.all(misses)).toEqual(f.instances.map(() => expect.objectContaining({ code: 'key_not_found' })));
    expect(issuer.requests.jwks).toBe(1);
    f.clock.advance(500);
    await Promise.all(f.instances.map((instance) => instance.resolve(config, crypto.randomUUID(), 'RS256').catch(() => undefined)));
    expect(issuer.requests.jwks).toBe(2);
    issuer.setFault(null);
  });

  it('a success ends the marker: every instance takes the fresh set, and the next failure starts again at 1 s', async () => {
    const f = fleet(4);
    await expireFailing(f);
    expect(await timeline(f, 3_000)).toEqual([0, 1_000, 3_000]);
    issuer.setFault(null);
    f.clock.advance(4_000);
    await f.traffic();
    expect(issuer.requests.jwks).toBe(4);
    const fresh = f.store.entries.get(issuer.jwksUri);
    expect(fresh?.fetchedAt).toBe(f.clock.now());
    // The marker is left as it was, superseded by the fresh entry's fetchedAt.
    expect((f.store.entries.get(markerId())?.fetchedAt ?? 0) < (fresh?.fetchedAt ?? 0)).toBe(true);
    issuer.resetCounters();
    issuer.setFault({ kind: 'status', status: 500 });
    f.clock.advance(ISSUER_MAX_AGE);
    expect(await timeline(f, 7_000)).toEqual([0, 1_000, 3_000, 7_000]);
    issuer.setFault(null);
  });

  it('shares a hung fetch as well: its holder writes the marker when timeoutMs runs out', async () => {
    const f = fleet(4, { timeoutMs: 50 });
    await expireFailing(f, { kind: 'hang' });
    expect(await timeline(f, 3_000)).toEqual([0, 1_000, 3_000]);
    issuer.setFault(null);
  });

  it('with storeIntegrity, honours the markers the fleet tags', async () => {
    const f = fleet(4, { storeIntegrity: { secrets: [SECRET] } });
    await expireFailing(f);
    expect(await timeline(f, 3_000)).toEqual([0, 1_000, 3_000]);
    expect(f.store.entries.get(markerId())?.tag).toEqual(expect.any(String));
    expect(f.store.reasons()).toEqual([]);
    issuer.setFault(null);
  });
});

describe('shared key store: a failing store reverts to per-instance backoff', () => {
  it('with every store call rejecting, each instance fetches once per its own backoff step', async () => {
    const clock = fakeClock();
    const down = () => Promise.reject(new Error('down'));
    const store: KeyCacheStore = { get: down, set: down, acquireLock: down, releaseLock: down };
    const instances = Array.from({ length: 3 }, () =>
      createKeyResolver({ jwks: { backgroundRefresh: false, fetch: issuer.fetch, store }, backend: countingBackend(), now: clock.now }),
    );
    const f = { clock, instances, traffic: () => Promise.allSettled(instances.map((instance) => instance.resolve(config, kid, 'RS256'))) };
    issuer.setFault(null);
    await f.traffic();
    issuer.resetCounters();
    issuer.setFault({ kind: 'status', status: 500 });
    clock.advance(ISSUER_MAX_AGE);
    expect(await timeline(f as unknown as ReturnType<typeof fleet>, 3_000, 500)).toEqual([
      0, 0, 0, 1_000, 1_000, 1_000, 3_000, 3_000, 3_000,
    ]);
    issuer.setFault(null);
  });
});

describe('shared key store: a marker the store does not take', () => {
  it('leaves the lock to hold the fleet back until it lapses, as without markers', async () => {
    const clock = fakeClock();
    const store = sharedStore(clock);
    const refuseMarkers = store.instance({
      set: (id, value) => {
        if (id.startsWith('fetch-failure:')) throw new Error('read-only replica');
        store.entries.set(id, value);
      },
    });
    const instances = Array.from({ length: 3 }, () =>
      createKeyResolver({
        jwks: { backgroundRefresh: false, fetch: issuer.fetch, store: refuseMarkers, lockWaitMs: 40 },
        backend: countingBackend(),
        now: clock.now,
      }),
    );
    issuer.setFault(null);
    await Promise.all(instances.map((instance) => instance.resolve(config, kid, 'RS256')));
    issuer.resetCounters();
    issuer.setFault({ kind: 'status', status: 500 });
    clock.advance(ISSUER_MAX_AGE);
    await Promise.all(instances.map((instance) => instance.resolve(config, kid, 'RS256')));
    expect(issuer.requests.jwks).toBe(1);
    expect(store.locks.has(issuer.jwksUri)).toBe(true);
    expect(store.entries.has(markerId())).toBe(false);
    issuer.setFault(null);
  });
});

describe('shared key store: what a marker can do is bounded', () => {
  /** A fleet whose set expired while the key server fails, with `marker` written under the marker id. */
  async function withMarker(marker: unknown, jwks: JwksOptions = {}) {
    const f = fleet(2, jwks);
    await expireFailing(f);
    f.store.entries.set(markerId(), marker as CachedKeySet);
    return f;
  }

  it('a marker that claims a retry years away delays fetching by maxBackoffMs at most', async () => {
    const expired = fakeClock().now() + ISSUER_MAX_AGE; // the fleet's clock once the set expired
    const f = await withMarker({ keys: [], fetchedAt: expired, expiresAt: expired + 10 * 365 * 86_400_000 });
    const at = await timeline(f, 30_000, 1_000);
    expect(at[0]).toBe(30_000);
    issuer.setFault(null);
  });

  it('a marker dated in the future is refused (dated_in_future) and does not delay the fetch', async () => {
    const f = fleet(2);
    await expireFailing(f);
    f.store.entries.set(markerId(), { keys: [], fetchedAt: f.clock.now() + 86_400_000, expiresAt: f.clock.now() + 86_401_000 });
    await f.traffic();
    expect(issuer.requests.jwks).toBe(1);
    expect(f.store.reasons()).toEqual(['dated_in_future']);
    issuer.setFault(null);
  });

  it('a value with keys under the marker id is no marker: refused, and its keys are never used', async () => {
    const f = fleet(2);
    await expireFailing(f);
    const entry = f.store.entries.get(issuer.jwksUri) as CachedKeySet;
    f.store.entries.set(markerId(), { ...entry, fetchedAt: f.clock.now(), expiresAt: f.clock.now() + 600_000 });
    await f.traffic();
    expect(issuer.requests.jwks).toBe(1);
    expect(f.store.reasons()).toEqual(['not_a_key_set']);
    issuer.setFault(null);
  });

  it('with storeIntegrity, an untagged or mistagged marker is refused and does not delay the fetch', async () => {
    for (const [tag, reason] of [
      [undefined, 'unsigned'],
      ['A'.repeat(43), 'tag_mismatch'],
    ] as const) {
      const f = fleet(2, { storeIntegrity: { secrets: [SECRET] } });
      await expireFailing(f);
      const marker = { keys: [], fetchedAt: f.clock.now(), expiresAt: f.clock.now() + 30_000 };
      f.store.entries.set(markerId(), tag === undefined ? marker : { ...marker, tag });
      await f.traffic();
      expect(issuer.requests.jwks).toBe(1);
      expect(f.store.reasons()).toEqual([reason]);
    }
    issuer.setFault(null);
  });

  it('a marker older than the stored set is superseded by it', async () => {
    const f = fleet(2);
    await expireFailing(f);
    const entry = f.store.entries.get(issuer.jwksUri) as CachedKeySet;
    f.store.entries.set(markerId(), { keys: [], fetchedAt: entry.fetchedAt - 1, expiresAt: f.clock.now() + 30_000 });
    await f.traffic();
    expect(issuer.requests.jwks).toBe(1);
    issuer.setFault(null);
  });
});
