/** Which scheme a failed request used, kept on its error for the answer. */

// Which scheme a request authenticated with, when it was DPoP: the answer's challenge for that scheme
// carries the error (RFC 9449 §7.1). A registered symbol, so errors of another build of core are read too.
const DPOP_SCHEME = Symbol.for('tokenward.dpop-scheme.v0');

/** Marks `error` as the outcome of a request that used the DPoP scheme; returns it. */
export function markDpopScheme<E>(error: E): E {
  if (typeof error === 'object' && error !== null && !Object.isFrozen(error) && !Object.hasOwn(error, DPOP_SCHEME)) {
    Object.defineProperty(error, DPOP_SCHEME, { value: true, enumerable: false, configurable: true });
  }
  return error;
}

/** True when the request behind `error` used the DPoP scheme. */
export function usedDpopScheme(error: object): boolean {
  return (error as Record<symbol, unknown>)[DPOP_SCHEME] === true;
}
