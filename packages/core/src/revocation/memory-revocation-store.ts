import type { RevocationStore } from '../shared/types.js';

export interface MemoryRevocationStoreOptions {
  /** Clock in epoch milliseconds. Default `Date.now`. */
  readonly now?: () => number;
}

/** Expired entries are swept after this many additions, so the map stays as large as the live entries. */
const SWEEP_EVERY = 1_000;

/**
 * The default revocation store: a map in this process, entries dropped once they expire. Use
 * `@tokenward/redis` or `@tokenward/kv` to share revocations across a fleet.
 *
 * @example
 * const revocation = createRevocationList({ store: createMemoryRevocationStore() });
 */
/** A revocation store in this process: it answers at once, so its calls are typed synchronous. */
export interface MemoryRevocationStore extends RevocationStore {
  has(keys: readonly string[]): boolean;
  add(key: string, expiresAtMs: number): void;
}

export function createMemoryRevocationStore(options: MemoryRevocationStoreOptions = {}): MemoryRevocationStore {
  const now = options.now ?? Date.now;
  const entries = new Map<string, number>();
  let additions = 0;

  function live(key: string, t: number): boolean {
    const expiresAt = entries.get(key);
    if (expiresAt === undefined) return false;
    if (t < expiresAt) return true;
    entries.delete(key);
    return false;
  }

  return {
    has(keys) {
      const t = now();
      return keys.some((key) => live(key, t));
    },
    add(key, expiresAtMs) {
      entries.set(key, Math.max(expiresAtMs, entries.get(key) ?? 0));
      if (++additions % SWEEP_EVERY === 0) {
        const t = now();
        for (const [entry, expiresAt] of entries) if (expiresAt <= t) entries.delete(entry);
      }
    },
  };
}
