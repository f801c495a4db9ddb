import type { CachedKeySet, KeyCacheStore, PublicJwk } from '../types.js';
import { startDeadline } from './deadline.js';
import { KeyFetchError } from './key-fetch-error.js';
import { buildKeySet, type KeySet, type RejectedKey } from './key-set.js';
import type { SourceLoader } from './source-loaders.js';

/** A key set in memory: validated and indexed, with the times that govern refreshing it. */
export interface CachedSet {
  readonly keySet: KeySet;
  readonly fetchedAt: number;
  readonly expiresAt: number;
}

/** No keys may be served: none were ever loaded, or the stale ones are past `staleIfErrorMs`. */
export class KeysUnavailable extends Error {
  constructor(
    readonly failure: KeyFetchError,
    readonly retryAfterSec: number,
  ) {
    super(failure.message, { cause: failure });
    this.name = 'KeysUnavailable';
  }
}

export interface MissOutcome {
  /** The newly fetched set, or undefined when no fetch was allowed or it failed. */
  readonly refreshed: CachedSet | undefined;
  /** Why the latest fetch failed, when it did. */
  readonly failure: KeyFetchError | undefined;
}

export interface KeySetCache {
  /**
   * The keys to verify with now. A fresh set is returned as is, without awaiting anything;
   * otherwise the store and then the network are asked (one request at a time), and when that
   * fails the expired set keeps serving until `staleIfErrorMs` after it expired. Throws
   * {@link KeysUnavailable}.
   */
  current(): CachedSet | Promise<CachedSet>;
  /**
   * A token named a key the set lacks. Fetches again unless a fetch was attempted less than
   * `cooldownMs` ago or a failure's backoff is running, so a flood of made-up kids costs at most one
   * request per cooldown. Never throws.
   */
  refreshAfterMiss(): Promise<MissOutcome>;
}

export interface KeySetCacheOptions {
  readonly cooldownMs: number;
  readonly staleIfErrorMs: number;
  readonly maxBackoffMs: number;
  readonly maxCacheMaxAgeMs: number;
  readonly timeoutMs: number;
  readonly storeTimeoutMs: number;
  readonly lockWaitMs: number;
  readonly store: KeyCacheStore;
}

const FIRST_BACKOFF_MS = 1_000;

export function backoffMs(consecutiveFailures: number, maxBackoffMs: number): number {
  return Math.min(FIRST_BACKOFF_MS * 2 ** Math.min(consecutiveFailures - 1, 30), maxBackoffMs);
}

/** How often an instance waiting on another instance's fetch looks at the store. */
export function lockPollMs(lockWaitMs: number): number {
  return Math.max(5, Math.min(50, Math.floor(lockWaitMs / 20)));
}

function isCachedKeySet(value: unknown): value is CachedKeySet {
  const candidate = value as Partial<CachedKeySet> | null;
  return (
    typeof candidate === 'object' &&
    candidate !== null &&
    Array.isArray(candidate.keys) &&
    Number.isFinite(candidate.fetchedAt) &&
    Number.isFinite(candidate.expiresAt)
  );
}

function asKeyFetchError(error: unknown, label: string): KeyFetchError {
  return error instanceof KeyFetchError ? error : new KeyFetchError(`${label} could not be loaded`, { cause: error });
}

function toCachedSet(keys: readonly PublicJwk[], rejected: readonly RejectedKey[], fetchedAt: number, expiresAt: number): CachedSet {
  return { keySet: buildKeySet(keys, rejected), fetchedAt, expiresAt };
}

const STORE_FAILED: unique symbol = Symbol('store failed');

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * The cache of one remote key source, shared by every issuer configured with the same URL.
 *
 * With a shared store (one with `acquireLock`) a miss is coordinated across instances: the store is
 * read first, one instance takes the lock and fetches, the others poll the store for its result
 * (bounded by `lockWaitMs`, then they fetch themselves). Every store call is bounded by
 * `storeTimeoutMs`; a store that fails is ignored, which is exactly the in-memory behaviour.
 */
export function createKeySetCache(loader: SourceLoader, options: KeySetCacheOptions, now: () => number): KeySetCache {
  const store = options.store;
  const shared = typeof store.acquireLock === 'function';
  let set: CachedSet | undefined;
  let lastAttemptAt: number | undefined;
  let consecutiveFailures = 0;
  let retryAt = 0;
  let lastFailure: KeyFetchError | undefined;
  let inFlight: Promise<CachedSet> | undefined;

  function staleOrUnavailable(): CachedSet {
    const t = now();
    if (set !== undefined && t < set.expiresAt + options.staleIfErrorMs) return set;
    const failure = lastFailure ?? new KeyFetchError(`${loader.label} could not be loaded`);
    throw new KeysUnavailable(failure, Math.max(1, Math.ceil((retryAt - t) / 1000)));
  }

  function singleFlight(work: () => Promise<CachedSet>): Promise<CachedSet> {
    if (inFlight === undefined) {
      inFlight = work().finally(() => {
        inFlight = undefined;
      });
      inFlight.catch(() => undefined);
    }
    return inFlight;
  }

  /** One store call, given up after `storeTimeoutMs`; a throw, rejection or timeout is STORE_FAILED. */
  async function callStore<T>(call: () => T | Promise<T>): Promise<T | typeof STORE_FAILED> {
    // A store that hangs must not hold requests longer than a fetch would.
    const deadline = startDeadline(options.storeTimeoutMs, () => new Error('store timed out'));
    try {
      return await deadline.race(Promise.resolve().then(call));
    } catch {
      return STORE_FAILED;
    } finally {
      deadline.clear();
    }
  }

  async function readStore(): Promise<CachedKeySet | undefined> {
    const value = await callStore(() => store.get(loader.storeId));
    return isCachedKeySet(value) ? value : undefined;
  }

  /** Takes the stored set when it is newer than the one in memory; returns it when taken. */
  function adopt(value: CachedKeySet | undefined): CachedSet | undefined {
    if (value === undefined || (set !== undefined && value.fetchedAt <= set.fetchedAt)) return undefined;
    const expiresAt = Math.min(value.expiresAt, value.fetchedAt + options.maxCacheMaxAgeMs);
    set = toCachedSet(value.keys, [], value.fetchedAt, expiresAt);
    // Across a fleet, another instance's fetch counts as an attempt: the cooldown is fleet-wide.
    if (shared && (lastAttemptAt === undefined || value.fetchedAt > lastAttemptAt)) lastAttemptAt = value.fetchedAt;
    return set;
  }

  async function writeStore(value: CachedKeySet): Promise<void> {
    await callStore(() => store.set(loader.storeId, value));
  }

  async function fetchNow(): Promise<CachedSet> {
    lastAttemptAt = now();
    try {
      const loaded = await loader.load();
      const fetchedAt = now();
      const expiresAt = fetchedAt + loaded.maxAgeMs;
      set = toCachedSet(loaded.keys, loaded.rejected, fetchedAt, expiresAt);
      consecutiveFailures = 0;
      retryAt = 0;
      lastFailure = undefined;
      const written = writeStore({ keys: loaded.keys, fetchedAt, expiresAt });
      // A lock holder writes before it lets go, so that whoever takes the lock next finds the set.
      if (shared) await written;
      return set;
    } catch (error) {
      consecutiveFailures++;
      lastFailure = asKeyFetchError(error, loader.label);
      retryAt = now() + backoffMs(consecutiveFailures, options.maxBackoffMs);
      throw lastFailure;
    }
  }

  async function tryLock(ttlMs: number): Promise<boolean> {
    const won = await callStore(() => store.acquireLock?.(loader.storeId, ttlMs) ?? true);
    // A store that cannot answer cannot coordinate: fetch as a single instance would.
    return won === STORE_FAILED ? true : won === true;
  }

  /**
   * Fetches once for the whole fleet: the lock holder fetches and writes; everyone else polls the
   * store until a set newer than the one in memory lands, and fetches itself after `lockWaitMs`.
   */
  async function fetchForFleet(): Promise<CachedSet> {
    // The lock outlives one fetch plus the store round trips around it, so a crashed holder frees it soon.
    const lockTtlMs = options.timeoutMs + 2 * options.storeTimeoutMs;
    const pollMs = lockPollMs(options.lockWaitMs);
    let waited = false;
    const timer = setTimeout(() => {
      waited = true;
    }, options.lockWaitMs);
    try {
      for (;;) {
        if (await tryLock(lockTtlMs)) {
          try {
            // Whoever held the lock before may have written after this instance last read.
            const landed = adopt(await readStore());
            if (landed !== undefined && now() < landed.expiresAt) return landed;
            return await fetchNow();
          } finally {
            await callStore(() => store.releaseLock?.(loader.storeId));
          }
        }
        if (waited) return await fetchNow();
        await sleep(pollMs);
        const landed = adopt(await readStore());
        if (landed !== undefined && now() < landed.expiresAt) return landed;
      }
    } finally {
      clearTimeout(timer);
    }
  }

  function fetchOnce(): Promise<CachedSet> {
    return shared ? fetchForFleet() : fetchNow();
  }

  /** Missing or expired set: another instance may have refreshed the shared store already. */
  async function reload(): Promise<CachedSet> {
    const stored = adopt(await readStore());
    if (stored !== undefined && now() < stored.expiresAt) return stored;
    if (now() < retryAt) return staleOrUnavailable();
    return fetchOnce();
  }

  /** Unknown kid on a shared store: a newer set another instance stored answers it without a request. */
  async function refetchAfterMiss(): Promise<CachedSet> {
    if (!shared) return fetchNow();
    const stored = adopt(await readStore());
    if (stored !== undefined) return stored;
    return fetchForFleet();
  }

  async function refresh(): Promise<CachedSet> {
    if (inFlight === undefined && now() < retryAt) return staleOrUnavailable();
    try {
      return await singleFlight(reload);
    } catch (error) {
      if (error instanceof KeysUnavailable) throw error;
      return staleOrUnavailable();
    }
  }

  return {
    current() {
      if (set !== undefined && now() < set.expiresAt) return set;
      return refresh();
    },
    async refreshAfterMiss() {
      if (inFlight === undefined) {
        const t = now();
        const coolingDown = lastAttemptAt !== undefined && t - lastAttemptAt < options.cooldownMs;
        if (coolingDown || t < retryAt) return { refreshed: undefined, failure: lastFailure };
      }
      try {
        return { refreshed: await singleFlight(refetchAfterMiss), failure: undefined };
      } catch {
        return { refreshed: undefined, failure: lastFailure };
      }
    },
  };
}

/** Keys given in the configuration: validated once, never fetched, never expiring. */
export function createStaticKeySetCache(keys: readonly PublicJwk[]): KeySetCache {
  const set: CachedSet = toCachedSet(Array.isArray(keys) ? keys : [], [], 0, Number.POSITIVE_INFINITY);
  return {
    current: () => set,
    refreshAfterMiss: async () => ({ refreshed: undefined, failure: undefined }),
  };
}
