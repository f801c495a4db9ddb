import { isNonNegativeNumber, type CachedKeySet, type KeyCacheStore, type StoreReadLimits } from '@tokenward/core/store';
import { RedisStoreError } from './guard.js';
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
  if (raw === null || raw === '') return undefined;
  try {
    return JSON.parse(raw) as CachedKeySet;
  } catch {
    return undefined; // Core checks the shape as well; an unreadable value is a miss.
  }
}

/** A stored value larger than the cache accepts: read no further than one byte past the limit. */
const OVERSIZE: unique symbol = Symbol('oversize');

/**
 * A `KeyCacheStore` on Redis for `createVerifier({ jwks: { store } })`. Key sets are stored as JSON
 * with their fetch and expiry times (and their `storeIntegrity` tag); a lock taken with `SET NX PX`
 * and released with a compare-and-delete script makes one instance of the fleet fetch while the
 * others wait for its result. Every call is bounded by `timeoutMs`; failures are reported to
 * `onError` and answered as a miss, so a Redis outage degrades to in-memory behaviour. A value
 * larger than core's `jwks.maxStoredBytes` is not read past that limit, and it and every entry core
 * refuses go to `onError` too (operation `'get'`, the reason as `cause`).
 *
 * Whoever can write these keys can add signing keys for every instance: restrict who may write
 * Redis as you restrict the signing keys, or turn on core's `jwks.storeIntegrity`.
 *
 * @example
 * const store = createRedisKeyStore({ client: new Redis(process.env.REDIS_URL) });
 * const verifier = createVerifier({ issuers, jwks: { store } });
 */
export function createRedisKeyStore(options: RedisKeyStoreOptions): KeyCacheStore {
  const { client, prefix, guard } = resolveRedisOptions(options, 'createRedisKeyStore');
  const keepExpiredMs = options.keepExpiredMs ?? DEFAULT_KEEP_EXPIRED_MS;
  if (!isNonNegativeNumber(keepExpiredMs)) {
    throw new TypeError('@tokenward/redis: keepExpiredMs must be a finite number ≥ 0');
  }
  const setKey = (sourceId: string) => `${prefix}jwks:${sourceId}`;
  const lockKey = (sourceId: string) => `${prefix}jwks-lock:${sourceId}`;
  /** The token of each lock this instance holds, so it only ever deletes its own. */
  const held = new Map<string, string>();

  async function read(key: string, limits: StoreReadLimits | undefined): Promise<CachedKeySet | undefined | typeof OVERSIZE> {
    if (limits === undefined) return parse(await client.get(key));
    // GETRANGE's end is inclusive: one byte more than the limit tells an oversize value apart.
    const bytes = await client.getrangeBuffer(key, 0, limits.maxBytes);
    if (bytes.length > limits.maxBytes) return OVERSIZE;
    return parse(bytes.toString('utf8'));
  }

  return {
    async get(sourceId, limits?: StoreReadLimits) {
      const raw = await guard.soft('get', () => read(setKey(sourceId), limits), undefined);
      if (raw !== OVERSIZE) return raw;
      guard.report(
        new RedisStoreError(`redis get refused the stored key set: expected at most ${limits?.maxBytes} bytes, found more`, 'get'),
      );
      return undefined;
    },
    onRejected(rejection) {
      guard.report(new RedisStoreError(`redis get: ${rejection.message}`, 'get', { cause: rejection }));
    },
    async set(sourceId, value) {
      const ttlMs = Math.max(1, Math.ceil(value.expiresAt + keepExpiredMs - Date.now()));
      const json = JSON.stringify({ keys: value.keys, fetchedAt: value.fetchedAt, expiresAt: value.expiresAt, tag: value.tag });
      await guard.soft('set', () => client.set(setKey(sourceId), json, 'PX', ttlMs), undefined);
    },
    async acquireLock(sourceId, ttlMs) {
      const token = crypto.randomUUID();
      const answer = await guard.soft(
        'lock',
        () => client.set(lockKey(sourceId), token, 'PX', Math.max(1, Math.ceil(ttlMs)), 'NX'),
        'unavailable' as const,
      );
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
