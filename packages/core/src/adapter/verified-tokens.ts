/** Which verifier verified a token, so a second guard on the same request does not verify it again. */

import type { VerifiedToken } from '../shared/types.js';

export interface VerifiedTokens<Owner extends object> {
  /** Records that `owner` (a verifier, or the adapter's resolved options) verified `token`. */
  remember(token: VerifiedToken, owner: Owner): void;
  /** Who verified `token`, or `undefined` for a token no guard of this adapter verified (one set by the app). */
  ownerOf(token: VerifiedToken | null | undefined): Owner | undefined;
}

/** Weakly held: a token's record goes with the token. */
export function createVerifiedTokens<Owner extends object>(): VerifiedTokens<Owner> {
  const owners = new WeakMap<VerifiedToken, Owner>();
  return {
    remember: (token, owner) => void owners.set(token, owner),
    ownerOf: (token) => (typeof token === 'object' && token !== null ? owners.get(token) : undefined),
  };
}
