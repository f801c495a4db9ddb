/**
 * @module @tokenward/redis
 *
 * Shares `@tokenward/core`'s key cache, revocation list and DPoP replay store across a fleet through Redis:
 * `createVerifier({ issuers, jwks: { store: createRedisKeyStore({ client }) }, revocation: createRedisRevocationList({ client }) })`.
 * One instance fetches each key set per window; a Redis outage degrades to in-memory behaviour.
 */
export { createRedisKeyStore, type RedisKeyStoreOptions } from './key-store.js';
export { createRedisRevocationList, createRedisRevocationStore, type RedisRevocationListOptions } from './revocation-list.js';
export { createRedisDpopReplayStore } from './dpop-replay-store.js';
export { RedisStoreError, type RedisOperation } from './guard.js';
export type { RedisClient, RedisStoreOptions } from './options.js';
