import { createRevocationList, type RevocationList, type RevocationListOptions, type RevocationStore } from '@tokenward/core';
import { kvTtlSec, resolveKv, type KvNamespaceLike, type KvStoreOptions } from './kv-namespace.js';

/**
 * A `RevocationStore` on Workers KV: one key per entry (`<prefix>revoked:<claim>.<hash>`), expired by
 * KV (never sooner than KV's 60-second minimum). Lookups that fail answer "not revoked"; adding rejects.
 *
 * @example
 * const store = createKvRevocationStore(env.TOKENWARD_KV);
 */
export function createKvRevocationStore(namespace: KvNamespaceLike, options: KvStoreOptions = {}): RevocationStore {
  const kv = resolveKv(namespace, options, 'createKvRevocationStore');
  return {
    has(keys) {
      return kv.soft(
        'lookup',
        async () =>
          (await Promise.all(keys.map(async (key) => namespace.get(await kv.key('revoked', key))))).some((value) => value !== null),
        false,
      );
    },
    async add(key, expiresAtMs) {
      const ttlMs = expiresAtMs - Date.now();
      if (ttlMs <= 0) return;
      await kv.strict('revoke', async () => namespace.put(await kv.key('revoked', key), '1', { expirationTtl: kvTtlSec(ttlMs) }));
    },
  };
}

export type KvRevocationListOptions = KvStoreOptions & Omit<RevocationListOptions, 'store' | 'onError'>;

/**
 * A revocation list shared by every isolate bound to the same KV namespace, for
 * `createVerifier({ revocation })`. KV is eventually consistent: a revocation is seen at once in the
 * location that wrote it and within about 60 seconds elsewhere.
 *
 * @example
 * const revocation = createKvRevocationList(env.TOKENWARD_KV);
 * const verifier = createVerifier({ issuers, revocation });
 * await revocation.revoke(token.claims);
 */
export function createKvRevocationList(namespace: KvNamespaceLike, options: KvRevocationListOptions = {}): RevocationList {
  const { prefix, timeoutMs, retryAfterErrorMs, onError, ...listOptions } = options;
  const store = createKvRevocationStore(namespace, {
    ...(prefix === undefined ? {} : { prefix }),
    ...(timeoutMs === undefined ? {} : { timeoutMs }),
    ...(retryAfterErrorMs === undefined ? {} : { retryAfterErrorMs }),
    ...(onError === undefined ? {} : { onError }),
  });
  // The store bounds its own calls (timeoutMs); the list's deadline is only a backstop above it.
  return createRevocationList({ ...listOptions, store, timeoutMs: (timeoutMs ?? 1_000) * 2 });
}
