import type { Platform } from './platform/platform.js';
import type { VerifierOptions } from './shared/types.js';
import { createVerifierOn, type Verifier } from './verify/verifier.js';

/** What an adapter is configured with: a ready verifier, or the options to create one. */
export type VerifierSource = VerifierOptions | { readonly verifier: Verifier };

/**
 * The verifier an adapter was given: `{ verifier }` as it is, or a new one from the options. Anything
 * else given as `verifier` is a `TypeError` naming the adapter, at configuration time.
 */
export function verifierFromOn(platform: Platform, source: VerifierSource, adapter: string): Verifier {
  const verifier = 'verifier' in source ? source.verifier : createVerifierOn(platform, source);
  if (
    typeof verifier !== 'object' ||
    verifier === null ||
    typeof verifier.authenticate !== 'function' ||
    typeof verifier.authenticateIfPresent !== 'function'
  ) {
    throw new TypeError(`tokenward: ${adapter}: verifier must be a verifier from createVerifier()`);
  }
  return verifier;
}
