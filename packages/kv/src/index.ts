/**
 * @module @tokenward/kv
 *
 * Shares `@tokenward/core`'s key cache and revocation list across Cloudflare Workers isolates and
 * locations through Workers KV: `createVerifier({ issuers, jwks: { store: createKvKeyStore(env.KV) } })`.
 * Shared reads; single-flight is best effort (KV has no atomic lock). Failures degrade to memory.
 */
export { createKvKeyStore, type KvKeyStoreOptions } from './key-store.js';
export { createKvRevocationList, createKvRevocationStore, type KvRevocationListOptions } from './revocation-list.js';
export { KvStoreError, KV_MIN_TTL_SEC, type KvNamespaceLike, type KvOperation, type KvStoreOptions } from './kv-namespace.js';
