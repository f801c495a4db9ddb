/**
 * @module jwks
 *
 * The key subsystem of the verifier: where keys come from (JWKS, discovery, X.509 certificates,
 * static), how they are validated, cached, refreshed and imported. Internal barrel; the public
 * entry re-exports what users need.
 */
export { createKeyResolver, type KeyResolver, type KeyResolverOptions, type ResolvedKey } from './key-resolver.js';
export { resolveJwksOptions, DEFAULT_JWKS_OPTIONS, type ResolvedJwksOptions } from './options.js';
export { createMemoryKeyStore, type MemoryKeyStore } from './memory-store.js';
export { StoredKeySetRejection, STORE_CLOCK_SKEW_MS } from './stored-entry.js';
export { MIN_STORE_SECRET_BYTES } from './store-integrity.js';
export { assertKeyUrl } from '../http/key-url.js';
