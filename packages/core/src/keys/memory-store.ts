import type { CachedKeySet, KeyCacheStore } from '../shared/types.js';

/**
 * The default key store: a plain in-process map. Share one between verifiers of the same process
 * so they fetch each key set once; use a shared store (Redis, Workers KV) to share across a fleet.
 *
 * @example
 * const store = createMemoryKeyStore();
 * createVerifier({ issuers, jwks: { store } });
 */
/** A key store in this process: it answers at once, so its calls are typed synchronous. */
export interface MemoryKeyStore extends KeyCacheStore {
  get(sourceId: string): CachedKeySet | undefined;
  set(sourceId: string, value: CachedKeySet): void;
}

export function createMemoryKeyStore(): MemoryKeyStore {
  const sets = new Map<string, CachedKeySet>();
  return {
    get: (sourceId) => sets.get(sourceId),
    set: (sourceId, value) => {
      sets.set(sourceId, value);
    },
  };
}
