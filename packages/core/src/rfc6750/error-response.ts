/** Maps any error onto the HTTP answer RFC 6750 prescribes: status, `WWW-Authenticate` and a JSON body. */

import { toTokenwardError, VerificationFailedError, type ErrorStatus, type TokenwardErrorUnion } from '../shared/errors.js';
import type { DpopChallenge } from '../shared/types.js';
import { offeredDpopChallenge, usedDpopScheme } from '../shared/dpop-scheme.js';
import { buildWwwAuthenticate, toAttributeValue, type WwwAuthenticateParams } from './www-authenticate.js';

export { buildWwwAuthenticate, type WwwAuthenticateParams } from './www-authenticate.js';

export interface ErrorResponseOptions {
  /** `realm` of the Bearer challenge, e.g. the API's name. Left out by default. */
  readonly realm?: string;
  /**
   * Put the error's message in `error_description` (header and body). Default `true`. With `false` the
   * challenge carries no description and the body a fixed sentence per error code.
   */
  readonly includeDescription?: boolean;
  /**
   * The verifier's DPoP settings (`verifier.dpop`): with DPoP on, every challenge is offered as
   * `DPoP algs="…"` beside `Bearer` (only DPoP with `mode: 'required'`), and the error sits on the
   * challenge of the scheme the request used. Default: the settings of the verifier that refused the
   * request (its errors carry them); Bearer only for errors from elsewhere (e.g. `requireScopes`), unless
   * the error is DPoP's own.
   */
  readonly dpop?: DpopChallenge;
}

/**
 * RFC 6750 §3.1 codes, RFC 6749's `temporarily_unavailable` for an unreachable issuer, and
 * `insufficient_claims` (RFC 9470 §3's code, and Entra's) for a step-up claims challenge.
 */
export type ErrorResponseCode =
  | 'invalid_request'
  | 'invalid_token'
  | 'insufficient_scope'
  | 'insufficient_claims'
  | 'temporarily_unavailable'
  | 'invalid_dpop_proof'
  | 'use_dpop_nonce';

export interface ErrorResponse {
  readonly status: ErrorStatus;
  readonly headers: Record<string, string>;
  readonly body: { readonly error: ErrorResponseCode; readonly error_description: string };
}

interface Answer {
  readonly error: ErrorResponseCode;
  /** `none`: no WWW-Authenticate at all; `bare`: a challenge without error attributes; `error`: the full challenge. */
  readonly challenge: 'none' | 'bare' | 'error';
  readonly genericDescription: string;
  readonly scope?: readonly string[];
  readonly authorizationUri?: string;
  readonly claims?: string;
  /** The error's message describes upstream infrastructure (URLs, statuses): for logs, not for clients. */
  readonly internal?: true;
  /** The error belongs on the DPoP challenge whatever scheme the request used. */
  readonly dpop?: true;
  /** `DPoP-Nonce` to send (`use_dpop_nonce`). */
  readonly nonce?: string;
}

function answerFor(error: TokenwardErrorUnion): Answer {
  switch (error.code) {
    case 'token_missing':
      // RFC 6750 §3.1: a request without credentials (or with another scheme) gets a challenge with no
      // error code. The body still needs one: `invalid_request` is the registered code for "missing a
      // required parameter"; `invalid_token` would claim a token was presented.
      return { error: 'invalid_request', challenge: 'bare', genericDescription: 'a Bearer token is required' };
    case 'authorization_malformed':
      return { error: 'invalid_request', challenge: 'error', genericDescription: 'the Authorization header is malformed' };
    case 'multiple_tokens':
      return { error: 'invalid_request', challenge: 'error', genericDescription: 'the request carries more than one access token' };
    case 'insufficient_scope':
      return {
        error: 'insufficient_scope',
        challenge: 'error',
        genericDescription: 'the access token does not grant access to this resource',
        scope: error.requiredScopes,
      };
    case 'insufficient_claims':
      return {
        error: 'insufficient_claims',
        challenge: 'error',
        genericDescription: 'the access token lacks claims this resource requires; sign in again with the claims requested',
        authorizationUri: error.authorizationUri,
        claims: error.claimsRequest,
      };
    case 'forbidden':
      return {
        error: 'insufficient_scope',
        challenge: 'error',
        genericDescription: 'the access token does not grant access to this resource',
      };
    case 'jwks_unavailable':
      // The token was never judged, and other credentials would not help (RFC 9110 §11.6.1), so no challenge.
      return {
        error: 'temporarily_unavailable',
        challenge: 'none',
        genericDescription: 'the access token cannot be checked right now; retry later',
        internal: true,
      };
    case 'token_revoked':
      return { error: 'invalid_token', challenge: 'error', genericDescription: 'the access token has been revoked' };
    case 'invalid_dpop_proof':
      return { error: 'invalid_dpop_proof', challenge: 'error', genericDescription: 'the DPoP proof is not valid', dpop: true };
    case 'use_dpop_nonce':
      return {
        error: 'use_dpop_nonce',
        challenge: 'error',
        genericDescription: 'the DPoP proof must carry the nonce sent in DPoP-Nonce',
        dpop: true,
        nonce: error.nonce,
      };
    case 'dpop_required':
      return { error: 'invalid_token', challenge: 'error', genericDescription: 'the access token must be presented with DPoP', dpop: true };
    default:
      return { error: 'invalid_token', challenge: 'error', genericDescription: 'the access token is not valid' };
  }
}

function normalise(error: unknown): TokenwardErrorUnion {
  try {
    return toTokenwardError(error);
  } catch {
    // `instanceof` runs user code on a Proxy; the answer must still be an error response, never a throw.
    return new VerificationFailedError('the token could not be verified');
  }
}

/**
 * The `WWW-Authenticate` value: `Bearer`, then `DPoP algs="…"` when DPoP is on (RFC 9449 §7.1; only
 * `DPoP` when it is required). The error attributes go on the challenge of the scheme the request used.
 */
function challenges(
  dpop: DpopChallenge | undefined,
  realm: string | undefined,
  withError: WwwAuthenticateParams | undefined,
  onDpop: boolean,
): string {
  const offersDpop = dpop !== undefined && dpop.mode !== 'off';
  const offersBearer = !offersDpop || dpop.mode !== 'required';
  const errorOnDpop = withError !== undefined && (onDpop || !offersBearer);
  const list: string[] = [];
  if (offersBearer) list.push(buildWwwAuthenticate({ realm, ...(errorOnDpop ? {} : withError) }));
  if (offersDpop || errorOnDpop) {
    list.push(
      buildWwwAuthenticate({ scheme: 'DPoP', realm, ...(errorOnDpop ? withError : {}), algs: offersDpop ? dpop.algorithms : undefined }),
    );
  }
  return list.join(', ');
}

function retryAfter(error: TokenwardErrorUnion): string | undefined {
  if (error.code !== 'jwks_unavailable' || error.retryAfterSec === undefined) return undefined;
  const seconds = error.retryAfterSec;
  return Number.isFinite(seconds) && seconds >= 0 ? String(Math.ceil(seconds)) : undefined;
}

/**
 * The HTTP answer for a failed `authenticate()`, `verify()` or authorization check. Anything that is not a
 * tokenward error is treated as `verification_failed`, so this never throws and never answers 500.
 *
 * - `token_missing` → 401, bare `WWW-Authenticate: Bearer` (RFC 6750 §3.1: no error code), body `invalid_request`
 * - `authorization_malformed` → 400 `invalid_request`
 * - `multiple_tokens` → 400 `invalid_request`
 * - `insufficient_claims` → 401 `insufficient_claims` with `claims="…"` (base64 claims request) and, for
 *   Entra tokens, `authorization_uri="…"`: the step-up challenge MSAL clients answer
 * - every other 401 → `invalid_token`
 * - `insufficient_scope` → 403 `insufficient_scope` with `scope="…"`; `forbidden` → 403 `insufficient_scope`
 * - `invalid_dpop_proof` → 401 `DPoP error="invalid_dpop_proof"`; `use_dpop_nonce` → 401 `DPoP error="use_dpop_nonce"`
 *   with the nonce in `DPoP-Nonce`; `dpop_required` → 401 `DPoP error="invalid_token"`
 * - `jwks_unavailable` → 503 `temporarily_unavailable`, no challenge, `Retry-After` when known; its description
 *   is always the generic one, as the error's message names the issuer's endpoints (log `error` itself)
 *
 * @example
 * catch (error) {
 *   const { status, headers, body } = toErrorResponse(error, { realm: 'orders' });
 *   return Response.json(body, { status, headers });
 * }
 */
export function toErrorResponse(error: unknown, options?: ErrorResponseOptions): ErrorResponse {
  const normalised = normalise(error);
  const answer = answerFor(normalised);
  const detailed = options?.includeDescription !== false && answer.internal !== true;
  const realm = options?.realm;
  const description = (detailed && toAttributeValue(normalised.message)) || answer.genericDescription;
  const headers: Record<string, string> = { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' };

  if (answer.challenge !== 'none') {
    const withError: WwwAuthenticateParams | undefined =
      answer.challenge === 'bare'
        ? undefined
        : {
            error: answer.error,
            errorDescription: detailed ? description : undefined,
            scope: answer.scope,
            authorizationUri: answer.authorizationUri,
            claims: answer.claims,
          };
    headers['WWW-Authenticate'] = challenges(
      options?.dpop ?? offeredDpopChallenge(normalised),
      realm,
      withError,
      answer.dpop === true || usedDpopScheme(normalised),
    );
  }
  if (answer.nonce !== undefined && /^[\x21-\x7e]{1,256}$/.test(answer.nonce)) headers['DPoP-Nonce'] = answer.nonce;
  const seconds = retryAfter(normalised);
  if (seconds !== undefined) headers['Retry-After'] = seconds;

  return { status: normalised.status, headers, body: { error: answer.error, error_description: description } };
}
