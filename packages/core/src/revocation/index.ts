/**
 * @module revocation
 *
 * Optional denylist checked after a token verified: entries per issuer and `jti`, `sid` or `sub`,
 * expiring with the revoked token, kept in a pluggable store. Internal barrel.
 */
export { createRevocationList, revocationKey, type RevocationListOptions } from './revocation-list.js';
export { createMemoryRevocationStore, type MemoryRevocationStore, type MemoryRevocationStoreOptions } from './memory-revocation-store.js';
