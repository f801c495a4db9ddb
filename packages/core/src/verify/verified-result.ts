/** What a verification resolves with. */

import type { IssuerConfig, JwsAlgorithm, JwtClaims, JwtHeader, Principal, VerifiedToken } from '../shared/types.js';

/**
 * A verified token. The raw token sits in a private field behind a getter on the prototype, so it is
 * not an own property: `JSON.stringify`, spreading and `console.log` leave the credential out, at the
 * cost of an object literal (a non-enumerable own property, `Object.defineProperty`, costs ~8× more).
 */
export class VerifiedResult implements VerifiedToken {
  readonly #token: string;
  readonly location?: 'cookie' | 'query';
  readonly dpop?: { readonly jkt: string; readonly nonce?: string };

  constructor(
    readonly claims: JwtClaims,
    readonly header: JwtHeader,
    readonly issuer: IssuerConfig,
    readonly principal: Principal,
    readonly key: { readonly kid: string | undefined; readonly alg: JwsAlgorithm },
    token: string,
    location?: 'cookie' | 'query',
    dpop?: { readonly jkt: string; readonly nonce?: string },
  ) {
    this.#token = token;
    if (location !== undefined) this.location = location;
    if (dpop !== undefined) this.dpop = Object.freeze(dpop);
  }

  get token(): string {
    return this.#token;
  }
}

/** The same verified token, marked with where `authenticate` found it (a cached result is shared, so a copy). */
export function foundIn(result: VerifiedToken, location: 'cookie' | 'query'): VerifiedToken {
  return Object.freeze(
    new VerifiedResult(result.claims, result.header, result.issuer, result.principal, result.key, result.token, location),
  );
}

/** The same verified token, marked as presented with DPoP and its proof key (a cached result is shared, so a copy). */
export function withDpop(result: VerifiedToken, dpop: { readonly jkt: string; readonly nonce?: string }): VerifiedToken {
  return Object.freeze(
    new VerifiedResult(result.claims, result.header, result.issuer, result.principal, result.key, result.token, result.location, dpop),
  );
}
