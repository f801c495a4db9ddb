import type { CachedKeySet, KeyCacheStore } from '@tokenward/core';
import { resolveRedisOptions, type RedisStoreOptions } from './options.js';

export interface RedisKeyStoreOptions extends RedisStoreOptions {
  /**
   * How long a key set stays in Redis after it expired, so instances can still serve it as stale while
   * the issuer is down (core's `staleIfErrorMs` decides whether they do). Default 86 400 000 (24 h).
   */
  readonly keepExpiredMs?: number;
}

/** Deletes the lock only if it still holds this instance's token: an expired lock taken over by another instance survives. */
const RELEASE_SCRIPT = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;

const DEFAULT_KEEP_EXPIRED_MS = 86_400_000;

function parse(raw: string | null): CachedKeySet | undefined {
  if (raw === null) return undefined;
  try {
    return JSON.parse(raw) as CachedKeySet;
  } catch {
    return undefined; // Core checks the shape as well; an unreadable value is a miss.
  }
}

/**
 * A `KeyCacheStore` on Redis for `createVerifier({ jwks: { store } })`. Key sets are stored as JSON
 * with their fetch and expiry times; a lock taken with `SET NX PX` and released with a
 * compare-and-delete script makes one instance of the fleet fetch while the others wait for its
 * result. Every call is bounded by `timeoutMs`; failures are reported to `onError` and answered as
 * a miss, so a Redis outage degrades to in-memory behaviour.
 *
 * @example
 * const store = createRedisKeyStore({ client: new Redis(process.env.REDIS_URL) });
 * const verifier = createVerifier({ issuers, jwks: { store } });
 */
export function createRedisKeyStore(options: RedisKeyStoreOptions): KeyCacheStore {
  const { client, prefix, guard } = resolveRedisOptions(options, 'createRedisKeyStore');
  const keepExpiredMs = options.keepExpiredMs ?? DEFAULT_KEEP_EXPIRED_MS;
  if (typeof keepExpiredMs !== 'number' || !Number.isFinite(keepExpiredMs) || keepExpiredMs < 0) {
    throw new TypeError('@tokenward/redis: keepExpiredMs must be a finite number ≥ 0');
  }
  const setKey = (sourceId: string) => `${prefix}jwks:${sourceId}`;
  const lockKey = (sourceId: string) => `${prefix}jwks-lock:${sourceId}`;
  /** The token of each lock this instance holds, so it only ever deletes its own. */
  const held = new Map<string, string>();

  return {
    get(sourceId) {
      return guard.soft('get', async () => parse(await client.get(setKey(sourceId))), undefined);
    },
    async set(sourceId, value) {
      const ttlMs = Math.max(1, Math.ceil(value.expiresAt + keepExpiredMs - Date.now()));
      const json = JSON.stringify({ keys: value.keys, fetchedAt: value.fetchedAt, expiresAt: value.expiresAt });
      await guard.soft('set', () => client.set(setKey(sourceId), json, 'PX', ttlMs), undefined);
    },
    async acquireLock(sourceId, ttlMs) {
      const token = crypto.randomUUID();
      const answer = await guard.soft('lock', () => client.set(lockKey(sourceId), token, 'PX', Math.max(1, Math.ceil(ttlMs)), 'NX'), 'unavailable' as const);
      // Redis cannot coordinate right now: fetch as a lone instance would.
      if (answer === 'unavailable') return true;
      if (answer !== 'OK') return false;
      held.set(sourceId, token);
      return true;
    },
    async releaseLock(sourceId) {
      const token = held.get(sourceId);
      if (token === undefined) return;
      held.delete(sourceId);
      await guard.soft('unlock', () => client.eval(RELEASE_SCRIPT, 1, lockKey(sourceId), token), undefined);
    },
  };
}
