/**
 * @module @tokenward/core (Node)
 *
 * The same API as the portable entry, selected by the `node` export condition: `createVerifier`
 * checks signatures with `node:crypto` unless given another `signatureBackend`.
 */
import { nodeCryptoBackend } from './crypto/node-backend.js';
import { createVerifier as createPortableVerifier, type Verifier } from './verifier.js';
import type { VerifierOptions } from './types.js';

export * from './index.js';

/** `createVerifier` with `node:crypto` signature checks by default: keys imported once as `KeyObject`s. */
export function createVerifier(options: VerifierOptions): Verifier {
  if (typeof options !== 'object' || options === null || options.signatureBackend !== undefined) return createPortableVerifier(options);
  return createPortableVerifier({ ...options, signatureBackend: nodeCryptoBackend });
}
