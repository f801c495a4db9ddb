/**
 * @module @tokenward/core (Node)
 *
 * The same API as the portable entry, selected by the `node` export condition: `createVerifier`
 * checks signatures with `node:crypto` and fetches keys with `node:http`/`node:https` by default.
 */
import { nodeCryptoBackend } from './crypto/node-backend.js';
import { nodeHttpFetch } from './jwks/node-http-fetch.js';
import { createVerifier as createPortableVerifier, type Verifier } from './verifier.js';
import type { VerifierOptions } from './types.js';

export * from './index.js';

/**
 * `createVerifier` with Node defaults: `node:crypto` signature checks (keys imported once as
 * `KeyObject`s) and key fetches over `node:http`/`node:https` instead of the global `fetch`, unless
 * `signatureBackend` or `jwks.fetch` say otherwise.
 */
export function createVerifier(options: VerifierOptions): Verifier {
  if (typeof options !== 'object' || options === null) return createPortableVerifier(options);
  const jwks = options.jwks;
  return createPortableVerifier({
    ...options,
    signatureBackend: options.signatureBackend ?? nodeCryptoBackend,
    // An invalid jwks value is left for the portable entry to report.
    ...(jwks === undefined || (typeof jwks === 'object' && jwks !== null && jwks.fetch === undefined)
      ? { jwks: { ...jwks, fetch: nodeHttpFetch } }
      : {}),
  });
}
