import { isNonNegativeNumber, type CachedKeySet, type KeyCacheStore, type StoreReadLimits } from '@tokenward/core/store';
import { KvStoreError, kvTtlSec, resolveKv, type KvNamespaceLike, type KvStoreOptions } from './kv-namespace.js';

export interface KvKeyStoreOptions extends KvStoreOptions {
  /**
   * How long a key set stays in KV after it expired, so isolates can still serve it as stale while
   * the issuer is down (core's `staleIfErrorMs` decides whether they do). Default 86 400 000 (24 h).
   */
  readonly keepExpiredMs?: number;
}

interface Marker {
  readonly owner: string;
  /** Epoch milliseconds: the marker means nothing after this, whatever KV's own (60 s minimum) expiry says. */
  readonly until: number;
}

function parse<T>(raw: string | null): T | undefined {
  if (raw === null) return undefined;
  try {
    return JSON.parse(raw) as T;
  } catch {
    return undefined;
  }
}

/** A stored value larger than the cache accepts. */
const OVERSIZE: unique symbol = Symbol('oversize');

function isOversize(raw: string, maxBytes: number): boolean {
  // UTF-8 never takes fewer bytes than UTF-16 code units: the cheap test first.
  return raw.length > maxBytes || new TextEncoder().encode(raw).length > maxBytes;
}

/**
 * A `KeyCacheStore` on Workers KV for `createVerifier({ jwks: { store } })`: every isolate and location
 * reads the key set one of them fetched. KV has no atomic write, so the fetch lock is a best-effort
 * marker key: isolates that see it wait for the fetch, isolates that do not (another location, or the
 * same instant) fetch too. Every call is bounded by `timeoutMs`; failures degrade to in-memory behaviour.
 * A value larger than core's `jwks.maxStoredBytes` is not parsed; it and every entry core refuses go
 * to `onError` (operation `'get'`, the reason as `cause`).
 *
 * Whoever can write this namespace can add signing keys for every isolate: restrict who may write it
 * (API tokens, other Workers bound to it) as you restrict the signing keys, or turn on core's
 * `jwks.storeIntegrity`.
 *
 * @example
 * const store = createKvKeyStore(env.TOKENWARD_KV);
 * const verifier = createVerifier({ issuers, jwks: { store } });
 */
export function createKvKeyStore(namespace: KvNamespaceLike, options: KvKeyStoreOptions = {}): KeyCacheStore {
  const kv = resolveKv(namespace, options, 'createKvKeyStore');
  const keepExpiredMs = options.keepExpiredMs ?? 86_400_000;
  if (!isNonNegativeNumber(keepExpiredMs)) {
    throw new TypeError('@tokenward/kv: keepExpiredMs must be a finite number ≥ 0');
  }
  const held = new Map<string, string>();

  return {
    async get(sourceId, limits?: StoreReadLimits) {
      const value = await kv.soft(
        'get',
        async () => {
          const raw = await namespace.get(await kv.key('jwks', sourceId));
          return raw !== null && limits !== undefined && isOversize(raw, limits.maxBytes) ? OVERSIZE : parse<CachedKeySet>(raw);
        },
        undefined,
      );
      if (value !== OVERSIZE) return value;
      kv.report(new KvStoreError(`kv get refused the stored key set: expected at most ${limits?.maxBytes} bytes, found more`, 'get'));
      return undefined;
    },
    onRejected(rejection) {
      kv.report(new KvStoreError(`kv get: ${rejection.message}`, 'get', { cause: rejection }));
    },
    async set(sourceId, value) {
      const json = JSON.stringify({ keys: value.keys, fetchedAt: value.fetchedAt, expiresAt: value.expiresAt, tag: value.tag });
      const expirationTtl = kvTtlSec(value.expiresAt + keepExpiredMs - Date.now());
      await kv.soft('put', async () => namespace.put(await kv.key('jwks', sourceId), json, { expirationTtl }), undefined);
    },
    async acquireLock(sourceId, ttlMs) {
      const markerKey = await kv.key('jwks-lock', sourceId);
      const existing = await kv.soft<Marker | undefined | 'unavailable'>(
        'lock',
        async () => parse<Marker>(await namespace.get(markerKey)),
        'unavailable',
      );
      if (existing === 'unavailable') return true; // KV cannot coordinate: fetch as a lone isolate would.
      if (existing !== undefined && typeof existing.until === 'number' && existing.until > Date.now()) return false;
      const owner = crypto.randomUUID();
      const marker: Marker = { owner, until: Date.now() + ttlMs };
      await kv.soft('lock', () => namespace.put(markerKey, JSON.stringify(marker), { expirationTtl: kvTtlSec(ttlMs) }), undefined);
      held.set(sourceId, owner);
      return true;
    },
    async releaseLock(sourceId) {
      const owner = held.get(sourceId);
      if (owner === undefined) return;
      held.delete(sourceId);
      const markerKey = await kv.key('jwks-lock', sourceId);
      await kv.soft(
        'unlock',
        async () => {
          // Not atomic (KV has no compare-and-delete): only narrows the window in which another marker is removed.
          const current = parse<Marker>(await namespace.get(markerKey));
          if (current?.owner === owner) await namespace.delete(markerKey);
        },
        undefined,
      );
    },
  };
}
