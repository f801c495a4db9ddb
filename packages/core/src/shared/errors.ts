import { safeText } from './format.js';

/**
 * The one error tree tokenward throws. Every failure of `verify`, `authenticate` and the
 * authorization checks is one of these classes, each with a stable snake_case `code`, the HTTP
 * `status` it maps to, and (for mismatches) what was `expected` and what was `found`.
 */

export type ErrorCode =
  | 'token_missing'
  | 'authorization_malformed'
  | 'multiple_tokens'
  | 'token_malformed'
  | 'token_expired'
  | 'token_not_yet_valid'
  | 'signature_invalid'
  | 'algorithm_not_allowed'
  | 'issuer_not_allowed'
  | 'audience_mismatch'
  | 'tenant_not_allowed'
  | 'claim_invalid'
  | 'key_not_found'
  | 'verification_failed'
  | 'token_revoked'
  | 'jwks_unavailable'
  | 'insufficient_scope'
  | 'insufficient_claims'
  | 'invalid_dpop_proof'
  | 'use_dpop_nonce'
  | 'dpop_required'
  | 'forbidden';

export type ErrorStatus = 400 | 401 | 403 | 503;

export interface ErrorDetails {
  /** What the check wanted, in words or values (never a secret). */
  readonly expected?: string | readonly string[];
  /** What the token or request carried instead (claim values are truncated, tokens never included). */
  readonly found?: string | readonly string[];
  /** The claim or header parameter the check looked at. */
  readonly claim?: string;
  readonly cause?: unknown;
}

const MAX_VALUE_LENGTH = 120;
/** Room for a sentence naming two lists of ten values (each clipped by `formatValue`). */
const MAX_MESSAGE_LENGTH = 2_048;

function clip(value: string): string {
  return safeText(value, MAX_VALUE_LENGTH);
}

function clipDetail(value: string | readonly string[] | undefined): string | readonly string[] | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'string') return clip(value);
  const clipped = value.slice(0, 20).map(clip);
  return value.length > 20 ? [...clipped, `… ${value.length - 20} more`] : clipped;
}

/**
 * Marks every tokenward error, in every build of this major version: an app can load core twice (a
 * CommonJS dependency next to an ES module app, two bundles), and each copy has its own classes.
 */
const ERROR_BRAND = Symbol.for('tokenward.error.v0');

interface BrandedError {
  readonly code?: unknown;
  readonly status?: unknown;
}

function isBranded(value: unknown): value is BrandedError {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[ERROR_BRAND] === true;
}

/** What an error of another build must carry to count as an instance of each of this build's classes. */
const FAMILIES = new WeakMap<object, (error: BrandedError) => boolean>();
const nativeHasInstance = Function.prototype[Symbol.hasInstance];

export abstract class TokenwardError extends Error {
  static {
    Object.defineProperty(this.prototype, ERROR_BRAND, { value: true });
  }

  /**
   * `instanceof` also recognises the errors of another build of core (same major version) by their
   * brand and `code`; a subclass of your own keeps the ordinary prototype check.
   */
  static override [Symbol.hasInstance]<T>(this: abstract new (...args: never[]) => T, value: unknown): value is T {
    if (nativeHasInstance.call(this, value)) return true;
    const family = FAMILIES.get(this);
    return family !== undefined && isBranded(value) && family(value);
  }

  abstract readonly code: ErrorCode;
  abstract readonly status: ErrorStatus;
  readonly expected?: string | readonly string[];
  readonly found?: string | readonly string[];
  readonly claim?: string;

  /** Every piece of text is escaped and clipped (`safeText`): much of it comes from the token. */
  constructor(message: string, details: ErrorDetails = {}) {
    super(safeText(String(message), MAX_MESSAGE_LENGTH), details.cause === undefined ? undefined : { cause: details.cause });
    this.name = new.target.name;
    const expected = clipDetail(details.expected);
    const found = clipDetail(details.found);
    if (expected !== undefined) this.expected = expected;
    if (found !== undefined) this.found = found;
    if (details.claim !== undefined) this.claim = clip(details.claim);
  }

  toJSON(): {
    code: ErrorCode;
    status: ErrorStatus;
    message: string;
    expected?: string | readonly string[];
    found?: string | readonly string[];
    claim?: string;
  } {
    return {
      code: this.code,
      status: this.status,
      message: this.message,
      ...(this.expected === undefined ? {} : { expected: this.expected }),
      ...(this.found === undefined ? {} : { found: this.found }),
      ...(this.claim === undefined ? {} : { claim: this.claim }),
    };
  }
}

/** The request's Authorization header could not be read as exactly one Bearer credential (400). */
export class AuthorizationMalformedError extends TokenwardError {
  readonly code = 'authorization_malformed' as const;
  readonly status = 400 as const;
}

/**
 * The request carries a token in more than one place the verifier reads (the Authorization header, the
 * configured cookie, the query parameter), or twice in one of the two latter: RFC 6750 §2 allows one
 * method per request, and which one to believe would be a guess (400).
 */
export class MultipleTokensError extends TokenwardError {
  readonly code = 'multiple_tokens' as const;
  readonly status = 400 as const;
}

/** Base of every failure that means "this token is not acceptable" (401). */
export abstract class InvalidTokenError extends TokenwardError {
  readonly status = 401 as const;
}

/** The request carried no Bearer token at all. RFC 6750 §3.1: answered without an error code. */
export class TokenMissingError extends InvalidTokenError {
  readonly code = 'token_missing' as const;
}

export class TokenMalformedError extends InvalidTokenError {
  readonly code = 'token_malformed' as const;
}

export class TokenExpiredError extends InvalidTokenError {
  readonly code = 'token_expired' as const;
}

export class TokenNotYetValidError extends InvalidTokenError {
  readonly code = 'token_not_yet_valid' as const;
}

export class SignatureInvalidError extends InvalidTokenError {
  readonly code = 'signature_invalid' as const;
}

export class AlgorithmNotAllowedError extends InvalidTokenError {
  readonly code = 'algorithm_not_allowed' as const;
}

export class IssuerNotAllowedError extends InvalidTokenError {
  readonly code = 'issuer_not_allowed' as const;
}

export class AudienceMismatchError extends InvalidTokenError {
  readonly code = 'audience_mismatch' as const;
}

export class TenantNotAllowedError extends InvalidTokenError {
  readonly code = 'tenant_not_allowed' as const;
}

/** A claim or header the issuer requires is missing or has the wrong value (typ, token_use, required claims, custom checks). */
export class ClaimInvalidError extends InvalidTokenError {
  readonly code = 'claim_invalid' as const;
}

/** The issuer's key set (fetched successfully) has no key the token can be checked with. */
export class KeyNotFoundError extends InvalidTokenError {
  readonly code = 'key_not_found' as const;
}

/** Anything unexpected during verification, normalised so callers only ever see this tree. */
export class VerificationFailedError extends InvalidTokenError {
  readonly code = 'verification_failed' as const;
}

/** The token is valid but its `jti`, session (`sid`) or subject (`sub`) is on the verifier's revocation list. */
export class TokenRevokedError extends InvalidTokenError {
  readonly code = 'token_revoked' as const;
}

/**
 * The token is valid but lacks claims the resource requires, which the client can obtain by signing the
 * user in again with a claims request: Entra's Conditional Access authentication context (`acrs`).
 * Answered 401 with `WWW-Authenticate: Bearer error="insufficient_claims", claims="…"`, the challenge
 * MSAL clients act on (they pass `claims` to the next token request).
 */
export class InsufficientClaimsError extends InvalidTokenError {
  readonly code = 'insufficient_claims' as const;
  /** The OpenID Connect claims request (JSON text), e.g. `{"access_token":{"acrs":{"essential":true,"value":"c1"}}}`. */
  readonly claimsRequest: string;
  /** The authorization endpoint the client should send the user to, when the issuer's is known (Entra). */
  readonly authorizationUri?: string;

  constructor(message: string, details: ErrorDetails & { claimsRequest: string; authorizationUri?: string }) {
    super(message, details);
    this.claimsRequest = details.claimsRequest;
    if (details.authorizationUri !== undefined) this.authorizationUri = details.authorizationUri;
  }
}

/**
 * The request's DPoP proof (RFC 9449 §4.3) is missing, malformed, signed wrongly, made for another
 * request (`htm`, `htu`), too old, for another token (`ath`), by another key than the token is bound to
 * (`cnf.jkt`), or replayed (`jti`). Answered 401 with `WWW-Authenticate: DPoP error="invalid_dpop_proof"`.
 */
export class InvalidDpopProofError extends InvalidTokenError {
  readonly code = 'invalid_dpop_proof' as const;
}

/**
 * The proof does not carry a nonce this server issued (RFC 9449 §9): the client retries with `nonce`,
 * sent in the answer's `DPoP-Nonce` header. Answered 401 with `WWW-Authenticate: DPoP error="use_dpop_nonce"`.
 */
export class UseDpopNonceError extends InvalidTokenError {
  readonly code = 'use_dpop_nonce' as const;
  /** The nonce the next proof must carry. */
  readonly nonce: string;

  constructor(message: string, details: ErrorDetails & { nonce: string }) {
    super(message, details);
    this.nonce = details.nonce;
  }
}

/**
 * The token came as a Bearer token where only DPoP will do: it is DPoP-bound (`cnf.jkt`, RFC 9449 §7.2:
 * accepting it without a proof would lose the sender constraint), or the verifier's `dpop.mode` is
 * `'required'`. Answered 401 with `WWW-Authenticate: DPoP error="invalid_token"`.
 */
export class DpopRequiredError extends InvalidTokenError {
  readonly code = 'dpop_required' as const;
}

/** The issuer's keys could not be obtained and none are cached: not the client's fault (503). */
export class JwksUnavailableError extends TokenwardError {
  readonly code = 'jwks_unavailable' as const;
  readonly status = 503 as const;
  /** Seconds a client may wait before retrying, when known. */
  readonly retryAfterSec?: number;

  constructor(message: string, details: ErrorDetails & { retryAfterSec?: number } = {}) {
    super(message, details);
    if (details.retryAfterSec !== undefined) this.retryAfterSec = details.retryAfterSec;
  }
}

/** Base of authorization failures: the token is valid but does not grant this request (403). */
export abstract class AccessDeniedError extends TokenwardError {
  readonly status = 403 as const;
}

export class InsufficientScopeError extends AccessDeniedError {
  readonly code = 'insufficient_scope' as const;
  /** The scopes the resource requires, for the RFC 6750 `scope` attribute. */
  readonly requiredScopes: readonly string[];

  constructor(message: string, details: ErrorDetails & { requiredScopes: readonly string[] }) {
    super(message, details);
    this.requiredScopes = details.requiredScopes;
  }
}

/** Missing role or group, or denied by the access policy. */
export class ForbiddenError extends AccessDeniedError {
  readonly code = 'forbidden' as const;
}

/** Discriminated union of every concrete error, for exhaustive `switch (error.code)`. */
export type TokenwardErrorUnion =
  | AuthorizationMalformedError
  | MultipleTokensError
  | TokenMissingError
  | TokenMalformedError
  | TokenExpiredError
  | TokenNotYetValidError
  | SignatureInvalidError
  | AlgorithmNotAllowedError
  | IssuerNotAllowedError
  | AudienceMismatchError
  | TenantNotAllowedError
  | ClaimInvalidError
  | KeyNotFoundError
  | VerificationFailedError
  | TokenRevokedError
  | InsufficientClaimsError
  | InvalidDpopProofError
  | UseDpopNonceError
  | DpopRequiredError
  | JwksUnavailableError
  | InsufficientScopeError
  | ForbiddenError;

FAMILIES.set(TokenwardError, () => true);
FAMILIES.set(InvalidTokenError, (error) => error.status === 401);
FAMILIES.set(AccessDeniedError, (error) => error.status === 403);
const CONCRETE: readonly (readonly [object, ErrorCode])[] = [
  [AuthorizationMalformedError, 'authorization_malformed'],
  [MultipleTokensError, 'multiple_tokens'],
  [TokenMissingError, 'token_missing'],
  [TokenMalformedError, 'token_malformed'],
  [TokenExpiredError, 'token_expired'],
  [TokenNotYetValidError, 'token_not_yet_valid'],
  [SignatureInvalidError, 'signature_invalid'],
  [AlgorithmNotAllowedError, 'algorithm_not_allowed'],
  [IssuerNotAllowedError, 'issuer_not_allowed'],
  [AudienceMismatchError, 'audience_mismatch'],
  [TenantNotAllowedError, 'tenant_not_allowed'],
  [ClaimInvalidError, 'claim_invalid'],
  [KeyNotFoundError, 'key_not_found'],
  [VerificationFailedError, 'verification_failed'],
  [TokenRevokedError, 'token_revoked'],
  [InsufficientClaimsError, 'insufficient_claims'],
  [InvalidDpopProofError, 'invalid_dpop_proof'],
  [UseDpopNonceError, 'use_dpop_nonce'],
  [DpopRequiredError, 'dpop_required'],
  [JwksUnavailableError, 'jwks_unavailable'],
  [InsufficientScopeError, 'insufficient_scope'],
  [ForbiddenError, 'forbidden'],
];
for (const [kind, code] of CONCRETE) FAMILIES.set(kind, (error) => error.code === code);

/** True for every tokenward error, also one made by another build of core of the same major version. */
export function isTokenwardError(value: unknown): value is TokenwardErrorUnion {
  return value instanceof TokenwardError;
}

/**
 * Turns anything thrown into a tokenward error. Unknown errors become `verification_failed`
 * with the original kept as `cause` (never in the message: upstream text may carry secrets).
 */
export function toTokenwardError(value: unknown): TokenwardErrorUnion {
  if (isTokenwardError(value)) return value;
  return new VerificationFailedError('the token could not be verified', { cause: value });
}
