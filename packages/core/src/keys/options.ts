import { isNonNegativeNumber, isOptionsObject, isPositiveNumber, rejectUnknownOptions } from '../shared/options.js';
import type { FetchLike, JwksOptions, KeyCacheStore } from '../shared/types.js';
import { defaultFetch } from '../http/default-fetch.js';
import { createMemoryKeyStore } from './memory-store.js';
import { resolveStoreIntegrity, type ResolvedStoreIntegrity } from './store-integrity.js';
import { fetchLockTtlMs } from './key-set-cache.js';

export type ResolvedJwksOptions = Required<
  Omit<
    JwksOptions,
    'fetch' | 'store' | 'storeTimeoutMs' | 'lockWaitMs' | 'maxStoredKeys' | 'maxStoredBytes' | 'storeIntegrity' | 'backgroundRefresh'
  >
> & {
  readonly backgroundRefresh: boolean;
  readonly storeTimeoutMs: number;
  readonly lockWaitMs: number;
  readonly maxStoredKeys: number;
  readonly maxStoredBytes: number;
  readonly storeIntegrity: ResolvedStoreIntegrity | undefined;
  readonly fetch: FetchLike;
  readonly store: KeyCacheStore;
};

export const DEFAULT_JWKS_OPTIONS = Object.freeze({
  cacheMaxAgeMs: 600_000,
  minCacheMaxAgeMs: 60_000,
  maxCacheMaxAgeMs: 86_400_000,
  cooldownMs: 30_000,
  staleIfErrorMs: 3_600_000,
  timeoutMs: 5_000,
  maxResponseBytes: 262_144,
  maxBackoffMs: 30_000,
});

/** Store calls are quick or broken: a healthy Redis or KV answers in milliseconds. */
export const DEFAULT_STORE_TIMEOUT_MS = 1_000;

/** What the default `lockWaitMs` adds to the fetch lock's life. */
const LOCK_WAIT_MARGIN_MS = 1_000;

/** Real key sets hold a handful of keys; a store entry with hundreds was not written by a fetch. */
export const DEFAULT_MAX_STORED_KEYS = 100;

/** What a stored entry adds around the keys of the response it came from: its times and tag. */
export const STORED_ENTRY_OVERHEAD_BYTES = 4_096;

type DurationName = keyof typeof DEFAULT_JWKS_OPTIONS;

const JWKS_OPTIONS = [
  'cacheMaxAgeMs',
  'minCacheMaxAgeMs',
  'maxCacheMaxAgeMs',
  'cooldownMs',
  'staleIfErrorMs',
  'timeoutMs',
  'maxResponseBytes',
  'maxBackoffMs',
  'storeTimeoutMs',
  'lockWaitMs',
  'maxStoredKeys',
  'maxStoredBytes',
  'storeIntegrity',
  'backgroundRefresh',
  'fetch',
  'store',
] as const;

function optionalPositive(
  options: JwksOptions,
  name: 'storeTimeoutMs' | 'lockWaitMs' | 'maxStoredKeys' | 'maxStoredBytes',
  fallback: number,
): number {
  const value = options[name];
  if (value === undefined) return fallback;
  if (!isPositiveNumber(value)) invalid(name, 'a finite number greater than 0');
  return value;
}

function invalid(name: string, rule: string): never {
  throw new TypeError(`tokenward: jwks.${name} must be ${rule}`);
}

function nonNegative(options: JwksOptions, name: DurationName): number {
  const value = options[name];
  if (value === undefined) return DEFAULT_JWKS_OPTIONS[name];
  if (!isNonNegativeNumber(value)) invalid(name, 'a finite number ≥ 0');
  return value;
}

function positive(options: JwksOptions, name: DurationName): number {
  const value = nonNegative(options, name);
  if (value === 0) invalid(name, 'greater than 0');
  return value;
}

function checkStore(store: unknown): KeyCacheStore {
  const candidate = store as Partial<KeyCacheStore> | null;
  if (typeof candidate !== 'object' || candidate === null || typeof candidate.get !== 'function' || typeof candidate.set !== 'function') {
    invalid('store', 'an object with get(sourceId) and set(sourceId, value) methods');
  }
  if (candidate.acquireLock !== undefined && typeof candidate.acquireLock !== 'function') invalid('store.acquireLock', 'a function');
  if (candidate.releaseLock !== undefined && typeof candidate.releaseLock !== 'function') invalid('store.releaseLock', 'a function');
  if (candidate.onRejected !== undefined && typeof candidate.onRejected !== 'function') invalid('store.onRejected', 'a function');
  return candidate as KeyCacheStore;
}

/**
 * Applies the key-cache defaults and rejects impossible values with a `TypeError`, so a bad
 * option fails `createVerifier` at startup instead of every request. Idempotent: resolving an
 * already resolved object returns an equal one.
 *
 * @example
 * const jwks = resolveJwksOptions({ cacheMaxAgeMs: 300_000 });
 */
export function resolveJwksOptions(options: JwksOptions = {}, platformFetch: FetchLike = defaultFetch): ResolvedJwksOptions {
  if (!isOptionsObject(options)) invalid('options', 'an object');
  rejectUnknownOptions(options, JWKS_OPTIONS, 'createVerifier: jwks');
  const resolved = {
    cacheMaxAgeMs: nonNegative(options, 'cacheMaxAgeMs'),
    minCacheMaxAgeMs: nonNegative(options, 'minCacheMaxAgeMs'),
    maxCacheMaxAgeMs: nonNegative(options, 'maxCacheMaxAgeMs'),
    cooldownMs: nonNegative(options, 'cooldownMs'),
    staleIfErrorMs: nonNegative(options, 'staleIfErrorMs'),
    timeoutMs: positive(options, 'timeoutMs'),
    maxResponseBytes: positive(options, 'maxResponseBytes'),
    maxBackoffMs: nonNegative(options, 'maxBackoffMs'),
  };
  if (resolved.minCacheMaxAgeMs > resolved.maxCacheMaxAgeMs) {
    invalid('minCacheMaxAgeMs', `at most maxCacheMaxAgeMs (${resolved.maxCacheMaxAgeMs})`);
  }
  if (options.fetch !== undefined && typeof options.fetch !== 'function') invalid('fetch', 'a function');
  if (options.backgroundRefresh !== undefined && typeof options.backgroundRefresh !== 'boolean') invalid('backgroundRefresh', 'a boolean');
  const storeTimeoutMs = optionalPositive(options, 'storeTimeoutMs', Math.min(DEFAULT_STORE_TIMEOUT_MS, resolved.timeoutMs));
  return Object.freeze({
    ...resolved,
    storeTimeoutMs,
    // Longer than the fetch lock lives, so when its holder crashed, one waiter takes the lock after it
    // runs out and fetches for the others, instead of every waiter fetching at once.
    lockWaitMs: optionalPositive(options, 'lockWaitMs', fetchLockTtlMs(resolved.timeoutMs, storeTimeoutMs) + LOCK_WAIT_MARGIN_MS),
    maxStoredKeys: optionalPositive(options, 'maxStoredKeys', DEFAULT_MAX_STORED_KEYS),
    maxStoredBytes: optionalPositive(options, 'maxStoredBytes', resolved.maxResponseBytes + STORED_ENTRY_OVERHEAD_BYTES),
    storeIntegrity: resolveStoreIntegrity(options.storeIntegrity),
    backgroundRefresh: options.backgroundRefresh ?? true,
    fetch: options.fetch ?? platformFetch,
    store: options.store === undefined ? createMemoryKeyStore() : checkStore(options.store),
  });
}
