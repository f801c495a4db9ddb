/**
 * Entra step-up: Conditional Access authentication contexts. An API that needs a stronger sign-in for
 * some operation (MFA, a compliant device) names an authentication context (`c1` … `c99`, created by a
 * tenant admin and bound to a Conditional Access policy); tokens issued under that policy list it in
 * `acrs`. A token without it is answered 401 with a claims challenge the client turns into a new
 * sign-in (MSAL's `claims` parameter), as Microsoft.Identity.Web does.
 */

import { InsufficientClaimsError } from '../shared/errors.js';
import { formatList } from '../shared/format.js';
import { parseEntraIssuer } from '../shared/entra-issuer.js';
import type { JwtClaims, VerifiedToken } from '../shared/types.js';
import { matchMode, requirementList, satisfies } from './requirement-inputs.js';
import type { MatchMode, MatchOptions } from './authorization.js';

/** The claim Entra lists a token's satisfied authentication contexts in. */
export const AUTH_CONTEXT_CLAIM = 'acrs';

function claimsOf(token: unknown, caller: string): JwtClaims {
  const claims = typeof token === 'object' && token !== null ? (token as { claims?: unknown }).claims : undefined;
  if (typeof claims !== 'object' || claims === null) {
    throw new TypeError(
      `tokenward: ${caller} needs a verified token (it reads the ${AUTH_CONTEXT_CLAIM} claim; a principal alone lacks it)`,
    );
  }
  return claims as JwtClaims;
}

/** The contexts a token satisfied: Entra sends an array of strings; anything else counts as none. */
function contextsOf(claims: JwtClaims): readonly string[] {
  const value = claims[AUTH_CONTEXT_CLAIM];
  if (!Array.isArray(value)) return [];
  return value.filter((item): item is string => typeof item === 'string');
}

/**
 * The OpenID Connect claims request (§5.5) for an access token carrying the contexts: one `value`, or
 * `values` when any of several will do.
 */
export function authContextClaimsRequest(contexts: readonly string[]): string {
  const acrs = contexts.length === 1 ? { essential: true, value: contexts[0] } : { essential: true, values: contexts };
  return JSON.stringify({ access_token: { [AUTH_CONTEXT_CLAIM]: acrs } });
}

/** Entra's v2.0 authorization endpoint of the token's own tenant and cloud, when its issuer is an Entra one. */
function authorizationUriOf(claims: JwtClaims): string | undefined {
  if (typeof claims.iss !== 'string') return undefined;
  const parts = parseEntraIssuer(claims.iss);
  if (parts === undefined) return undefined;
  // v1 tokens name the tenant at sts.windows.net, which has no authorization endpoint; the public cloud's is here.
  const authority = parts.authority.toLowerCase() === 'https://sts.windows.net' ? 'https://login.microsoftonline.com' : parts.authority;
  return `${authority}/${parts.tenant}/oauth2/v2.0/authorize`;
}

/** Compiles the check once: `contexts` are validated when a route is declared, not per request. */
export function authContextCheck(contexts: readonly string[], match: MatchMode): (token: VerifiedToken, caller: string) => void {
  const expected = `${match} of ${formatList(contexts)}`;
  return (token, caller) => {
    const claims = claimsOf(token, caller);
    const found = contextsOf(claims);
    const missing = contexts.filter((context) => !found.includes(context));
    if (match === 'all' ? missing.length === 0 : missing.length < contexts.length) return;
    // With `all`, the client steps up once per missing context: a claims request names one value or a choice of them.
    const requested = match === 'all' ? [missing[0] as string] : contexts;
    const authorizationUri = authorizationUriOf(claims);
    throw new InsufficientClaimsError(
      `missing required authentication context: expected ${expected} in ${AUTH_CONTEXT_CLAIM}, found ${formatList(found)}`,
      {
        expected,
        found,
        claim: AUTH_CONTEXT_CLAIM,
        claimsRequest: authContextClaimsRequest(requested),
        ...(authorizationUri === undefined ? {} : { authorizationUri }),
      },
    );
  };
}

/** Authentication context ids: non-empty strings, given once or as a list. */
export function authContextList(value: unknown, caller: string): readonly string[] {
  return requirementList(value, 'authentication context', caller);
}

/**
 * Throws `InsufficientClaimsError` (401 `insufficient_claims`, with the claims challenge) unless the token's
 * `acrs` lists the authentication contexts. Entra only: other providers do not issue `acrs`.
 *
 * @example
 * requireAuthContext(token, 'c1'); // e.g. "MFA within the last 10 minutes" before a payment
 */
export function requireAuthContext(token: VerifiedToken, contexts: string | readonly string[], options?: MatchOptions): void {
  const caller = 'requireAuthContext';
  authContextCheck(authContextList(contexts, caller), matchMode(options?.match, caller))(token, caller);
}

/**
 * `true` when the token's `acrs` lists the authentication contexts.
 *
 * @example
 * if (!hasAuthContext(token, 'c1')) return showMaskedCardNumber();
 */
export function hasAuthContext(token: VerifiedToken, contexts: string | readonly string[], options?: MatchOptions): boolean {
  const caller = 'hasAuthContext';
  const required = authContextList(contexts, caller);
  const found = contextsOf(claimsOf(token, caller));
  return satisfies(found, required, matchMode(options?.match, caller));
}

/**
 * `true` when the client declared it can answer claims challenges (Entra's `xms_cc` claim lists `cp1`,
 * from MSAL's `clientCapabilities: ['CP1']`). A client that did not will not re-prompt on the challenge:
 * Microsoft's guidance is to answer it as a plain refusal, or to tell the user what to do.
 */
export function handlesClaimsChallenges(token: VerifiedToken): boolean {
  const capabilities = claimsOf(token, 'handlesClaimsChallenges').xms_cc;
  return Array.isArray(capabilities) ? capabilities.includes('cp1') : capabilities === 'cp1';
}
