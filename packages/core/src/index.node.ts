/**
 * @module @tokenward/core (Node)
 *
 * The same API as the portable entry, selected by the `node` export condition: `createVerifier`
 * checks signatures with `node:crypto` and fetches keys with `node:http`/`node:https` by default.
 */
import { nodePlatform } from './platform/node.js';
import type { VerifierOptions } from './shared/types.js';
import { createVerifierOn, type Verifier } from './verify/verifier.js';

export * from './exports.js';

/**
 * `createVerifier` with Node defaults: `node:crypto` signature checks (keys imported once as
 * `KeyObject`s, certificates read by `X509Certificate`) and key fetches over `node:http`/`node:https`
 * instead of the global `fetch`, unless `signatureBackend` or `jwks.fetch` say otherwise. Nothing of
 * jose or of Node's fetch implementation is loaded.
 */
export function createVerifier(options: VerifierOptions): Verifier {
  return createVerifierOn(nodePlatform, options);
}
