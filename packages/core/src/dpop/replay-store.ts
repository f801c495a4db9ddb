/** The default DPoP replay store: one process's memory, bounded. */

import type { DpopReplayStore } from '../shared/types.js';

export interface MemoryDpopReplayStoreOptions {
  /** Most proofs remembered; past it the oldest is forgotten first. Default 100 000 (about 20 MB). */
  readonly maxEntries?: number;
  /** Clock in epoch milliseconds. Default `Date.now`. */
  readonly now?: () => number;
}

export interface MemoryDpopReplayStore extends DpopReplayStore {
  remember(key: string, ttlMs: number): boolean;
  /** Proofs remembered now (expired ones may count until the next `remember`). */
  readonly size: number;
}

export const DEFAULT_DPOP_REPLAY_ENTRIES = 100_000;

/**
 * Remembers proofs in a `Map` in insertion order. Every proof lives about as long (the verifier's
 * `maxAgeSec`), so the oldest entries are also the first to expire: each `remember` drops the expired
 * ones at the front, and when the store is full, the oldest live one. Only proofs that passed every
 * other check reach it, so filling it takes valid tokens and keys; a proof forgotten early can be
 * replayed only until its `iat` is too old. Share a store across a fleet with `@tokenward/redis`.
 *
 * @example
 * const verifier = createVerifier({ issuers, dpop: { replayStore: createMemoryDpopReplayStore({ maxEntries: 10_000 }) } });
 */
export function createMemoryDpopReplayStore(options: MemoryDpopReplayStoreOptions = {}): MemoryDpopReplayStore {
  const maxEntries = options.maxEntries ?? DEFAULT_DPOP_REPLAY_ENTRIES;
  if (!Number.isInteger(maxEntries) || maxEntries < 1) {
    throw new TypeError(`tokenward: createMemoryDpopReplayStore: maxEntries must be a positive integer, found ${String(maxEntries)}`);
  }
  const now = options.now ?? Date.now;
  if (typeof now !== 'function') throw new TypeError('tokenward: createMemoryDpopReplayStore: now must be a function');
  const expiries = new Map<string, number>();

  const dropExpired = (at: number): void => {
    for (const [key, expiresAt] of expiries) {
      if (expiresAt > at) return;
      expiries.delete(key);
    }
  };

  return {
    remember(key, ttlMs) {
      const at = now();
      dropExpired(at);
      const known = expiries.get(key);
      if (known !== undefined && known > at) return false;
      expiries.delete(key);
      if (expiries.size >= maxEntries) expiries.delete(expiries.keys().next().value as string);
      expiries.set(key, at + Math.max(ttlMs, 0));
      return true;
    },
    get size() {
      return expiries.size;
    },
  };
}
