/** What a verification resolves with. */

import type { IssuerConfig, JwsAlgorithm, JwtClaims, JwtHeader, Principal, VerifiedToken } from '../shared/types.js';

/**
 * A verified token. The raw token sits in a private field behind a getter on the prototype, so it is
 * not an own property: `JSON.stringify`, spreading and `console.log` leave the credential out, at the
 * cost of an object literal (a non-enumerable own property, `Object.defineProperty`, costs ~8× more).
 */
export class VerifiedResult implements VerifiedToken {
  readonly #token: string;

  constructor(
    readonly claims: JwtClaims,
    readonly header: JwtHeader,
    readonly issuer: IssuerConfig,
    readonly principal: Principal,
    readonly key: { readonly kid: string | undefined; readonly alg: JwsAlgorithm },
    token: string,
  ) {
    this.#token = token;
  }

  get token(): string {
    return this.#token;
  }
}
