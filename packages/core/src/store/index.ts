/**
 * @module @tokenward/core/store
 *
 * The store kit, for packages that keep core's key cache or revocation list in a shared store
 * (`@tokenward/redis`, `@tokenward/kv`): the contracts they implement and the one guard that bounds
 * every store call and turns its failures into the package's typed error, and `bounded`, the one
 * deadline under it (also `@tokenward/fauna`'s per-call budget). Self-contained: it shares
 * no module state with the main entry. What the main entry already exports (`createRevocationList`)
 * is not repeated here, so an app that loads both entries has one copy of it.
 */
export { createStoreGuard, type StoreGuard, type StoreGuardOptions } from './guard.js';
export { bounded } from '../shared/bounded.js';
export type { CachedKeySet, KeyCacheStore, RevocationList, RevocationStore, StoreReadLimits } from '../shared/types.js';
export {
  isNonNegativeNumber,
  isOptionsObject,
  isPositiveNumber,
  numberOption,
  requireOptionsObject,
  type NumberBounds,
} from '../shared/options.js';
