import { createRevocationList, type RevocationList, type RevocationListOptions, type RevocationStore } from '@tokenward/core';
import { DEFAULT_TIMEOUT_MS, resolveRedisOptions, type RedisStoreOptions } from './options.js';

/**
 * A `RevocationStore` on Redis: one key per entry (`<prefix>revoked:<claim>.<hash>`) that Redis
 * expires itself. Lookups that fail answer "not revoked" (and go to `onError`); adding rejects.
 *
 * @example
 * const store = createRedisRevocationStore({ client });
 */
export function createRedisRevocationStore(options: RedisStoreOptions): RevocationStore {
  const { client, prefix, guard } = resolveRedisOptions(options, 'createRedisRevocationStore');
  const entryKey = (key: string) => `${prefix}revoked:${key}`;
  return {
    has(keys) {
      // One EXISTS per key (sent back to back): keys of a cluster may live in different slots.
      return guard.soft(
        'lookup',
        async () => (await Promise.all(keys.map((key) => client.exists(entryKey(key))))).some((n) => n > 0),
        false,
      );
    },
    async add(key, expiresAtMs) {
      const ttlMs = Math.ceil(expiresAtMs - Date.now());
      if (ttlMs <= 0) return;
      await guard.strict('revoke', () => client.set(entryKey(key), '1', 'PX', ttlMs));
    },
  };
}

export type RedisRevocationListOptions = RedisStoreOptions & Omit<RevocationListOptions, 'store' | 'onError'>;

/**
 * A revocation list shared by every instance on the same Redis, for `createVerifier({ revocation })`.
 * `revoke()` on any instance is seen by all of them on their next verification.
 *
 * @example
 * const revocation = createRedisRevocationList({ client });
 * const verifier = createVerifier({ issuers, revocation });
 * await revocation.revoke(token.claims, { by: 'sid' }); // log the session out everywhere
 */
export function createRedisRevocationList(options: RedisRevocationListOptions): RevocationList {
  const { client, prefix, timeoutMs, retryAfterErrorMs, onError, ...listOptions } = options;
  const store = createRedisRevocationStore({
    client,
    ...(prefix === undefined ? {} : { prefix }),
    ...(timeoutMs === undefined ? {} : { timeoutMs }),
    ...(retryAfterErrorMs === undefined ? {} : { retryAfterErrorMs }),
    ...(onError === undefined ? {} : { onError }),
  });
  // The store bounds its own calls (timeoutMs); the list's deadline is only a backstop above it.
  return createRevocationList({ ...listOptions, store, timeoutMs: (timeoutMs ?? DEFAULT_TIMEOUT_MS) * 2 });
}
