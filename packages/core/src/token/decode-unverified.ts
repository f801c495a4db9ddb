import type { JwtClaims, JwtHeader } from '../shared/types.js';
import { parseHeaderAndClaims } from './parse-token.js';

/** What a token says about itself. Nothing in it has been checked: not the signature, issuer, audience or times. */
export interface UnverifiedToken {
  /** Always `false`: this is never a verification result, and never stands in for a `VerifiedToken`. */
  readonly verified: false;
  readonly header: JwtHeader;
  readonly claims: JwtClaims;
}

/** The default size cap of {@link decodeUnverified}, the verifier's default `maxTokenBytes`. */
const DEFAULT_MAX_BYTES = 16_384;

/**
 * Decodes a compact JWT **without verifying it**, with exactly the parsing rules the verifier applies
 * before it checks a signature: three canonical base64url segments, UTF-8 JSON object header and
 * payload, a supported JWS header (no JWE, no `crit`, no nested JWT), at most `maxTokenBytes` bytes.
 * The signature is not needed to read a token: it may be empty (an unsigned token), else base64url.
 * Anything else throws `TokenMalformedError` (`token_malformed`).
 *
 * The result is what the token *claims*; anyone can write any claims into a token. Use it to display
 * or diagnose a token, or to compare one with a token you verified, never to decide who the caller
 * is: that takes `verifier.verify()`.
 *
 * @example
 * const { header, claims } = decodeUnverified(token); // for display only
 */
export function decodeUnverified(token: string, options: { readonly maxTokenBytes?: number } = {}): UnverifiedToken {
  const { header, claims } = parseHeaderAndClaims(token, options.maxTokenBytes ?? DEFAULT_MAX_BYTES);
  return Object.freeze({ verified: false, header, claims: Object.freeze(claims) });
}
