import type { CachedKeySet, KeyCacheStore, PublicJwk } from '../shared/types.js';
import { bounded } from '../shared/bounded.js';
import { KeyFetchError } from '../http/key-fetch-error.js';
import { buildKeySet, type KeySet, type RejectedKey } from './key-set.js';
import type { SourceLoader } from './source-loaders.js';
import { createStoreIntegrity, type ResolvedStoreIntegrity } from './store-integrity.js';
import {
  canonicalBody,
  checkFailureMarker,
  checkStoredEntry,
  failureMarkerId,
  MAX_FAILURE_MARKER_BYTES,
  serializedBytes,
  STORE_CLOCK_SKEW_MS,
  StoredKeySetRejection,
  type FailureMarker,
} from './stored-entry.js';
import { elapsedSince, SILENT, startTimer, type Observer, type StoreFailureEvent } from '../observe/events.js';

/** A key set in memory: validated and indexed, with the times that govern refreshing it. */
export interface CachedSet {
  readonly keySet: KeySet;
  readonly fetchedAt: number;
  readonly expiresAt: number;
  /** When a verification that finds this set fresh starts a background refresh. */
  readonly refreshAt: number;
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

/** Keeps a background refresh alive after the request that started it has been answered (Workers' `ctx.waitUntil`). */
export type KeepAlive = (task: Promise<unknown>) => void;

export interface KeySetCache {
  /**
   * The keys to verify with now. A fresh set is returned as is, without awaiting anything; in its
   * last tenth of life (at most {@link REFRESH_AHEAD_MAX_MS}) it also starts one refresh in the
   * background. An expired set still within `staleIfErrorMs` is returned at once while one
   * background refresh runs, when background work can outlive the request (`keepAlive` given, or
   * a runtime that keeps it); otherwise the store and then the network are asked and awaited (one
   * request at a time), and when that fails the expired set keeps serving until `staleIfErrorMs`
   * after it expired. Throws {@link KeysUnavailable}.
   */
  current(keepAlive?: KeepAlive): CachedSet | Promise<CachedSet>;
  /**
   * A token named a key the set lacks. Fetches again unless a fetch was attempted less than
   * `cooldownMs` ago or a failure's backoff is running, so a flood of made-up kids costs at most one
   * request per cooldown. Never throws.
   */
  /** After `kid` was not found in the current set (undefined: the token named none). */
  refreshAfterMiss(kid?: string): Promise<MissOutcome>;
}

export interface KeySetCacheOptions {
  readonly cooldownMs: number;
  readonly staleIfErrorMs: number;
  readonly maxBackoffMs: number;
  readonly maxCacheMaxAgeMs: number;
  /** Not clamped by `maxCacheMaxAgeMs` (it applies without `Cache-Control`), so it may be the longer life. */
  readonly cacheMaxAgeMs: number;
  readonly timeoutMs: number;
  readonly storeTimeoutMs: number;
  readonly lockWaitMs: number;
  readonly maxStoredKeys: number;
  readonly maxStoredBytes: number;
  readonly storeIntegrity: ResolvedStoreIntegrity | undefined;
  readonly store: KeyCacheStore;
  /**
   * Refresh behind the traffic (serve the set that just expired while one request refreshes it).
   * False, or a runtime that cancels a request's unfinished work and no `keepAlive`: every
   * verification after expiry awaits the refetch.
   */
  readonly backgroundRefresh: boolean;
  /** The runtime lets work outlive the request that started it (false on Cloudflare Workers). */
  readonly backgroundOutlivesRequest: boolean;
  /** Told of fetches, stale serving, refused refetches and store failures. Default: no one. */
  readonly observer?: Observer;
}

const FIRST_BACKOFF_MS = 1_000;

/** The latest a refresh-ahead starts before the set expires; earlier sets start at 90 % of their life. */
export const REFRESH_AHEAD_MAX_MS = 30_000;

function refreshAheadAt(fetchedAt: number, expiresAt: number): number {
  return expiresAt - Math.min((expiresAt - fetchedAt) / 10, REFRESH_AHEAD_MAX_MS);
}

export function backoffMs(consecutiveFailures: number, maxBackoffMs: number): number {
  return Math.min(FIRST_BACKOFF_MS * 2 ** Math.min(consecutiveFailures - 1, 30), maxBackoffMs);
}

/**
 * The failure count whose backoff is `stepMs` (the inverse of {@link backoffMs}): a marker stores its
 * step as `retryAt − failedAt`, and the next failure doubles it. A step at the cap counts as the
 * first capped one, whose successor is capped too.
 */
export function failuresOfStep(stepMs: number): number {
  if (!(stepMs > FIRST_BACKOFF_MS)) return 1;
  return Math.min(31, Math.round(Math.log2(stepMs / FIRST_BACKOFF_MS)) + 1);
}

/** The fetch lock outlives one fetch plus the store round trips around it, so a crashed holder frees it soon. */
export function fetchLockTtlMs(timeoutMs: number, storeTimeoutMs: number): number {
  return timeoutMs + 2 * storeTimeoutMs;
}

/** How often an instance waiting on another instance's fetch looks at the store. */
export function lockPollMs(lockWaitMs: number): number {
  return Math.max(5, Math.min(50, Math.floor(lockWaitMs / 20)));
}

function asKeyFetchError(error: unknown, label: string): KeyFetchError {
  return error instanceof KeyFetchError ? error : new KeyFetchError(`${label} could not be loaded`, { cause: error });
}

function toCachedSet(keys: readonly PublicJwk[], rejected: readonly RejectedKey[], fetchedAt: number, expiresAt: number): CachedSet {
  return { keySet: buildKeySet(keys, rejected), fetchedAt, expiresAt, refreshAt: refreshAheadAt(fetchedAt, expiresAt) };
}

const STORE_FAILED: unique symbol = Symbol('store failed');

/** What `acquireLock` answered: this instance holds the lock, another does, or the store did not answer. */
type LockAnswer = 'held' | 'taken' | 'unanswered';

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
 *
 * A fleet fetch that fails is shared too: before it lets go of the lock, the holder writes a failure
 * marker beside the entry (see `failureMarkerId`: the entry and its keys stay as they are) with the
 * failure time and the retry time its backoff gives. Whoever would fetch reads the marker with the
 * entry (in parallel, never as an extra round trip) and, until its retry time, serves what it has or
 * fails as a lone instance in backoff would; after it, one instance takes the lock and tries, and a
 * failure doubles the step. The fleet sends one request per backoff step. A set fetched after the
 * failure supersedes the marker.
 *
 * Whoever can write a shared store could add keys, so what is read is checked before use (see
 * `checkStoredEntry`) and its keys are validated like fetched ones; a refused entry is absent, and
 * the next fetch overwrites it.
 */
export function createKeySetCache(loader: SourceLoader, options: KeySetCacheOptions, now: () => number): KeySetCache {
  const store = options.store;
  const observer = options.observer ?? SILENT;
  const shared = typeof store.acquireLock === 'function';
  const integrity = options.storeIntegrity === undefined ? undefined : createStoreIntegrity(options.storeIntegrity);
  let set: CachedSet | undefined;
  let lastAttemptAt: number | undefined;
  let consecutiveFailures = 0;
  let retryAt = 0;
  let lastFailure: KeyFetchError | undefined;
  /** When the failure that set `retryAt` happened (this instance's or the fleet's): a set fetched later ends it. */
  let failedAt: number | undefined;
  let inFlight: Promise<CachedSet> | undefined;
  /** The failure (`failedAt`) whose stale serving was last told to the observer. */
  let staleToldFor: number | undefined;

  /**
   * The set in memory, unless it claims a fetch later than the clock allows (the clock stepped
   * back): such a set would pin its keys and the cooldown, so it is dropped.
   */
  function trustedSet(t: number): CachedSet | undefined {
    if (set !== undefined && set.fetchedAt > t + STORE_CLOCK_SKEW_MS) {
      set = undefined;
      if (lastAttemptAt !== undefined && lastAttemptAt > t) lastAttemptAt = undefined;
    }
    return set;
  }

  function staleOrUnavailable(): CachedSet {
    const t = now();
    const kept = trustedSet(t);
    if (kept !== undefined && t < kept.expiresAt + options.staleIfErrorMs) {
      // Told once per failed refresh (several verifications, and each one's calls, are served by one decision).
      if (t >= kept.expiresAt && failedAt !== staleToldFor && observer.active('stale-keys')) {
        staleToldFor = failedAt;
        observer.emit({ type: 'stale-keys', source: loader.label, expiredForMs: t - kept.expiresAt });
      }
      return kept;
    }
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
  async function callStore<T>(operation: StoreFailureEvent['operation'], call: () => T | Promise<T>): Promise<T | typeof STORE_FAILED> {
    // A store that hangs must not hold requests longer than a fetch would.
    try {
      return await bounded(options.storeTimeoutMs, call, () => new Error('store timed out'));
    } catch {
      if (observer.active('store-failure')) observer.emit({ type: 'store-failure', source: loader.label, operation });
      return STORE_FAILED;
    }
  }

  function reportRejected(rejection: StoredKeySetRejection): void {
    try {
      store.onRejected?.(rejection);
    } catch {
      // A throwing hook changes nothing.
    }
  }

  /** The stored entry when it passes every check; a refused one is reported and read as absent. */
  async function readStore(): Promise<CachedKeySet | undefined> {
    const value = await callStore('read', () => store.get(loader.storeId, { maxBytes: options.maxStoredBytes }));
    if (value === undefined || value === STORE_FAILED) return undefined;
    let checked: CachedKeySet | StoredKeySetRejection;
    try {
      checked = await checkStoredEntry(value, {
        sourceId: loader.storeId,
        now: now(),
        maxStoredKeys: options.maxStoredKeys,
        maxStoredBytes: options.maxStoredBytes,
        // The longest life this instance's own fetches can give a set.
        maxLifetimeMs: Math.max(options.maxCacheMaxAgeMs, options.cacheMaxAgeMs),
        integrity,
      });
    } catch {
      return undefined; // A value whose members throw when read is no key set either.
    }
    if (checked instanceof StoredKeySetRejection) {
      reportRejected(checked);
      return undefined;
    }
    return checked;
  }

  /** Takes the stored set when it is newer than the one in memory; returns it when taken. */
  function adopt(value: CachedKeySet | undefined): CachedSet | undefined {
    const t = now();
    const current = trustedSet(t);
    if (value === undefined || (current !== undefined && value.fetchedAt <= current.fetchedAt)) return undefined;
    set = toCachedSet(value.keys, [], value.fetchedAt, value.expiresAt);
    if (shared) {
      // Across a fleet, another instance's fetch counts as an attempt: the cooldown is fleet-wide.
      const attemptAt = Math.min(value.fetchedAt, t);
      if (lastAttemptAt === undefined || attemptAt > lastAttemptAt) lastAttemptAt = attemptAt;
      // And its success ends the backoff a failure before it started: the next failure is a first one.
      if (failedAt !== undefined && value.fetchedAt > failedAt) clearBackoff();
    }
    return set;
  }

  /** Stores a fetched set, tagged when integrity is on; a set the cache would refuse to read back is not written. */
  async function writeStore(keys: readonly PublicJwk[], fetchedAt: number, expiresAt: number): Promise<void> {
    if (keys.length > options.maxStoredKeys) return;
    let body: string;
    try {
      body = canonicalBody(keys, fetchedAt, expiresAt);
    } catch {
      return;
    }
    const tag = integrity === undefined ? undefined : await integrity.tag(loader.storeId, body);
    if (serializedBytes(body, tag) > options.maxStoredBytes) return;
    const value: CachedKeySet = tag === undefined ? { keys, fetchedAt, expiresAt } : { keys, fetchedAt, expiresAt, tag };
    await callStore('write', () => store.set(loader.storeId, value));
  }

  function clearBackoff(): void {
    consecutiveFailures = 0;
    retryAt = 0;
    failedAt = undefined;
    lastFailure = undefined;
  }

  const markerId = failureMarkerId(loader.storeId);

  /** The fleet's failure marker when there is one that passes its checks; a refused one is reported and read as absent. */
  async function readMarker(): Promise<FailureMarker | undefined> {
    const value = await callStore('read', () => store.get(markerId, { maxBytes: MAX_FAILURE_MARKER_BYTES }));
    if (value === undefined || value === STORE_FAILED) return undefined;
    let checked: FailureMarker | StoredKeySetRejection;
    try {
      checked = await checkFailureMarker(value, { sourceId: markerId, now: now(), integrity });
    } catch {
      return undefined;
    }
    if (checked instanceof StoredKeySetRejection) {
      reportRejected(checked);
      return undefined;
    }
    return checked;
  }

  /** The stored entry and, on a shared store, the failure marker: one round trip, both bounded by `storeTimeoutMs`. */
  async function readFleet(): Promise<[CachedKeySet | undefined, FailureMarker | undefined]> {
    return shared ? Promise.all([readStore(), readMarker()]) : [await readStore(), undefined];
  }

  /**
   * Takes another instance's failure as this instance's own backoff, unless a set fetched after it
   * (the stored one read with it, or the one in memory) ends it. What a marker says is bounded: the
   * retry lies at most `maxBackoffMs` after the failure and after now, so a forged or absurd marker
   * delays fetching by one backoff step at most (per write: integrity off, a store writer can keep
   * rewriting it), and never makes this instance accept or drop a key.
   */
  function noteFleetFailure(marker: FailureMarker | undefined, stored: CachedKeySet | undefined): void {
    if (marker === undefined) return;
    const t = now();
    const newest = Math.max(stored?.fetchedAt ?? Number.NEGATIVE_INFINITY, trustedSet(t)?.fetchedAt ?? Number.NEGATIVE_INFINITY);
    if (marker.failedAt <= newest) return;
    const until = Math.min(marker.retryAt, marker.failedAt + options.maxBackoffMs, t + options.maxBackoffMs);
    consecutiveFailures = Math.max(consecutiveFailures, failuresOfStep(until - marker.failedAt));
    if (failedAt === undefined || marker.failedAt > failedAt) failedAt = marker.failedAt;
    if (until > retryAt) retryAt = until;
    lastFailure ??= new KeyFetchError(`${loader.label} could not be loaded by another instance of the fleet`);
  }

  /** Why no fetch is made now: the backoff (this instance's or the fleet's) is running. */
  function backingOff(): KeyFetchError {
    return lastFailure ?? new KeyFetchError(`${loader.label} could not be loaded`);
  }

  /**
   * Shares the failure just recorded (`failedAt`, `retryAt`) as the fleet's marker, tagged when
   * integrity is on; resolves whether the store took it. Bounded by `storeTimeoutMs`.
   */
  async function shareFailure(): Promise<boolean> {
    if (failedAt === undefined) return false;
    const [at, until] = [failedAt, retryAt];
    try {
      const tag = integrity === undefined ? undefined : await integrity.tag(markerId, canonicalBody([], at, until));
      const value: CachedKeySet =
        tag === undefined ? { keys: [], fetchedAt: at, expiresAt: until } : { keys: [], fetchedAt: at, expiresAt: until, tag };
      return (await callStore('write', () => store.set(markerId, value))) !== STORE_FAILED;
    } catch {
      return false;
    }
  }

  /** A fetch for the fleet (the store answered): its set is written before it returns, its failure shared before it throws. */
  async function fetchForFleetNow(): Promise<CachedSet> {
    try {
      return await fetchNow(true);
    } catch (error) {
      await shareFailure();
      throw error;
    }
  }

  /** One request to the key source. `awaitWrite`: the fetched set is in the store before this resolves. */
  async function fetchNow(awaitWrite = false): Promise<CachedSet> {
    lastAttemptAt = now();
    const started = startTimer();
    try {
      const loaded = await loader.load();
      const fetchedAt = now();
      const expiresAt = fetchedAt + loaded.maxAgeMs;
      set = toCachedSet(loaded.keys, loaded.rejected, fetchedAt, expiresAt);
      clearBackoff();
      if (observer.active('key-fetch')) {
        const { entries, rejected } = set.keySet;
        const skipped = rejected.map(({ kid, reason }) => Object.freeze({ kid, reason }));
        observer.emit({
          type: 'key-fetch',
          source: loader.label,
          outcome: 'ok',
          durationMs: elapsedSince(started),
          keys: entries.length,
          skipped,
        });
      }
      const written = writeStore(loaded.keys, fetchedAt, expiresAt).catch(() => undefined);
      // A lock holder writes before it lets go, so that whoever takes the lock next finds the set.
      if (awaitWrite) await written;
      return set;
    } catch (error) {
      consecutiveFailures++;
      lastFailure = asKeyFetchError(error, loader.label);
      failedAt = now();
      retryAt = failedAt + backoffMs(consecutiveFailures, options.maxBackoffMs);
      if (observer.active('key-fetch')) {
        const durationMs = elapsedSince(started);
        observer.emit({
          type: 'key-fetch',
          source: loader.label,
          outcome: 'failed',
          durationMs,
          keys: 0,
          skipped: [],
          error: lastFailure.message,
          ...(lastFailure.status === undefined ? {} : { status: lastFailure.status }),
        });
      }
      throw lastFailure;
    }
  }

  async function tryLock(ttlMs: number): Promise<LockAnswer> {
    const won = await callStore('lock', () => store.acquireLock?.(loader.storeId, ttlMs) ?? true);
    if (won === STORE_FAILED) return 'unanswered';
    return won === true ? 'held' : 'taken';
  }

  /**
   * Fetches once for the whole fleet: the lock holder fetches and writes (the set, or the failure
   * marker) and lets go; everyone else polls the store until a set newer than the one in memory lands
   * or a marker says the holder failed, and fetches itself after `lockWaitMs`.
   */
  async function fetchForFleet(answers: (landed: CachedSet) => boolean = () => true): Promise<CachedSet> {
    const lockTtlMs = fetchLockTtlMs(options.timeoutMs, options.storeTimeoutMs);
    const pollMs = lockPollMs(options.lockWaitMs);
    let waited = false;
    const timer = setTimeout(() => {
      waited = true;
    }, options.lockWaitMs);
    try {
      for (;;) {
        const lock = await tryLock(lockTtlMs);
        // A store that cannot answer cannot coordinate: fetch as a single instance would, without more store calls to wait for.
        if (lock === 'unanswered') return await fetchNow();
        if (lock === 'held') {
          let release = true;
          try {
            // Whoever held the lock before may have written (a set or a failure) after this instance last read.
            const [stored, marker] = await readFleet();
            const landed = adopt(stored);
            if (landed !== undefined && now() < landed.expiresAt && answers(landed)) return landed;
            noteFleetFailure(marker, stored);
            if (now() < retryAt) throw backingOff();
            try {
              return await fetchNow(true);
            } catch (error) {
              // Shared before the lock is let go, so whoever takes it next backs off instead of repeating
              // the fetch. A marker the store did not take leaves that to the lock: it is kept until it
              // lapses, so the fleet still waits one lock's life instead of retrying in turn.
              release = await shareFailure();
              throw error;
            }
          } finally {
            if (release) await callStore('unlock', () => store.releaseLock?.(loader.storeId));
          }
        }
        if (waited) {
          // With keys in hand, a waiter never adds its own request to the one the lock holder makes:
          // it serves what it has (stale-if-error) and tries again later.
          if (set !== undefined) throw new KeyFetchError(`${loader.label} is being fetched by another instance`);
          return await fetchForFleetNow();
        }
        await sleep(pollMs);
        const [stored, marker] = await readFleet();
        const landed = adopt(stored);
        if (landed !== undefined && now() < landed.expiresAt && answers(landed)) return landed;
        // The holder failed: the fleet backs off together instead of taking the lock in turn.
        noteFleetFailure(marker, stored);
        if (now() < retryAt) throw backingOff();
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
    const [value, marker] = await readFleet();
    const stored = adopt(value);
    if (stored !== undefined && now() < stored.expiresAt) return stored;
    noteFleetFailure(marker, value);
    if (now() < retryAt) return staleOrUnavailable();
    return fetchOnce();
  }

  /**
   * Unknown kid on a shared store: a newer set another instance stored answers it without a request,
   * when it has the kid or was fetched after the miss. One fetched earlier (another instance refreshed
   * before the rotation) says nothing about the new key: the fleet fetches.
   */
  async function refetchAfterMiss(kid: string | undefined, missAt: number): Promise<CachedSet> {
    if (!shared) return fetchNow();
    const answers = (landed: CachedSet) => landed.fetchedAt >= missAt || (kid !== undefined && landed.keySet.withKid(kid).length > 0);
    const [value, marker] = await readFleet();
    const stored = adopt(value);
    if (stored !== undefined && answers(stored)) return stored;
    noteFleetFailure(marker, value);
    if (now() < retryAt) throw backingOff();
    return fetchForFleet(answers);
  }

  /**
   * One refresh nobody waits for, unless one is running or a failure's backoff is: its failure is
   * recorded (backoff, `lastFailure`) and the set in hand keeps serving.
   */
  function refreshBehind(t: number, keepAlive: KeepAlive | undefined): void {
    if (inFlight !== undefined || t < retryAt) return;
    const task = singleFlight(reload).then(
      () => undefined,
      () => undefined,
    );
    try {
      keepAlive?.(task);
    } catch {
      // A keepAlive that throws (a context already answered) leaves the refresh running as it is.
    }
  }

  function canRefreshBehind(keepAlive: KeepAlive | undefined): boolean {
    return options.backgroundRefresh && (keepAlive !== undefined || options.backgroundOutlivesRequest);
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
    current(keepAlive) {
      const t = now();
      const kept = trustedSet(t);
      if (kept !== undefined) {
        if (t < kept.refreshAt) return kept;
        // Fresh (refresh-ahead) or within stale-if-error: serve it while one refresh runs behind the traffic.
        if (t < kept.expiresAt + options.staleIfErrorMs && canRefreshBehind(keepAlive)) {
          refreshBehind(t, keepAlive);
          return kept;
        }
        if (t < kept.expiresAt) return kept;
      }
      return refresh();
    },
    async refreshAfterMiss(kid) {
      const t = now();
      if (inFlight === undefined) {
        const coolingDown = lastAttemptAt !== undefined && t - lastAttemptAt < options.cooldownMs;
        if (coolingDown || t < retryAt) {
          if (observer.active('key-refetch-refused')) {
            observer.emit({ type: 'key-refetch-refused', source: loader.label, reason: t < retryAt ? 'backoff' : 'cooldown' });
          }
          return { refreshed: undefined, failure: lastFailure };
        }
      }
      try {
        return { refreshed: await singleFlight(() => refetchAfterMiss(kid, t)), failure: undefined };
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
