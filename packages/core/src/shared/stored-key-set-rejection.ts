import type { StoredKeySetProblem } from './types.js';

/**
 * A stored key set the cache refused to use; it counts as absent, and the next fetch overwrites it.
 * Never thrown at callers: handed to the store's `onRejected` (the Redis and KV stores pass it to
 * their `onError`, as the `cause` of their store error).
 */
export class StoredKeySetRejection extends Error {
  override readonly name = 'StoredKeySetRejection';

  constructor(
    readonly reason: StoredKeySetProblem,
    /** The key source the entry is stored under (its URL). */
    readonly sourceId: string,
    message: string,
  ) {
    super(message);
  }
}
