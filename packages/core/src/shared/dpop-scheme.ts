/** Which scheme a failed request used, kept on its error for the answer. */
import type { DpopChallenge } from './types.js';

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

// The DPoP challenge of the verifier that refused a request, so `toErrorResponse(error)` offers DPoP
// beside Bearer without being handed `verifier.dpop`. Registered, as above, for errors of another build.
const DPOP_CHALLENGE = Symbol.for('tokenward.dpop-challenge.v0');

/** Records on `error` the DPoP challenge of the verifier that refused it, unless one is there; returns it. */
export function offerDpopChallenge<E>(error: E, challenge: DpopChallenge): E {
  if (typeof error === 'object' && error !== null && !Object.isFrozen(error) && !Object.hasOwn(error, DPOP_CHALLENGE)) {
    Object.defineProperty(error, DPOP_CHALLENGE, { value: challenge, enumerable: false, configurable: true });
  }
  return error;
}

/** The DPoP challenge recorded on `error` by the verifier that refused it, if it had DPoP on. */
export function offeredDpopChallenge(error: object): DpopChallenge | undefined {
  const challenge = (error as Record<symbol, unknown>)[DPOP_CHALLENGE];
  if (typeof challenge !== 'object' || challenge === null) return undefined;
  const { mode, algorithms } = challenge as Partial<DpopChallenge>;
  if ((mode !== 'allowed' && mode !== 'required') || !Array.isArray(algorithms)) return undefined;
  return challenge as DpopChallenge;
}
