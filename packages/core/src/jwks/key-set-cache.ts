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
  readonly store: KeyCacheStore;
}

const FIRST_BACKOFF_MS = 1_000;

export function backoffMs(consecutiveFailures: number, maxBackoffMs: number): number {
  return Math.min(FIRST_BACKOFF_MS * 2 ** Math.min(consecutiveFailures - 1, 30), maxBackoffMs);
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

/** The cache of one remote key source, shared by every issuer configured with the same URL. */
export function createKeySetCache(loader: SourceLoader, options: KeySetCacheOptions, now: () => number): KeySetCache {
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

  async function readStore(): Promise<CachedSet | undefined> {
    // A store that hangs must not hold requests longer than a fetch would.
    const deadline = startDeadline(options.timeoutMs, () => new Error('store timed out'));
    let value: unknown;
    try {
      value = await deadline.race(Promise.resolve(options.store.get(loader.storeId)));
    } catch {
      return undefined;
    } finally {
      deadline.clear();
    }
    if (!isCachedKeySet(value)) return undefined;
    const expiresAt = Math.min(value.expiresAt, value.fetchedAt + options.maxCacheMaxAgeMs);
    return toCachedSet(value.keys, [], value.fetchedAt, expiresAt);
  }

  function writeStore(value: CachedKeySet): void {
    try {
      void Promise.resolve(options.store.set(loader.storeId, value)).catch(() => undefined);
    } catch {
      // A failing store degrades to memory only.
    }
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
      writeStore({ keys: loaded.keys, fetchedAt, expiresAt });
      return set;
    } catch (error) {
      consecutiveFailures++;
      lastFailure = asKeyFetchError(error, loader.label);
      retryAt = now() + backoffMs(consecutiveFailures, options.maxBackoffMs);
      throw lastFailure;
    }
  }

  /** Missing or expired set: another instance may have refreshed the shared store already. */
  async function reload(): Promise<CachedSet> {
    const stored = await readStore();
    if (stored !== undefined && (set === undefined || stored.fetchedAt > set.fetchedAt)) {
      set = stored;
      if (now() < stored.expiresAt) return stored;
    }
    if (now() < retryAt) return staleOrUnavailable();
    return fetchNow();
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
        return { refreshed: await singleFlight(fetchNow), failure: undefined };
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
