/** Everything both entry points export, except `createVerifier`, which each builds on its own platform. */
export { DEFAULT_CLOCK_TOLERANCE_SEC, DEFAULT_MAX_TOKEN_BYTES, type Verifier } from './verify/verifier.js';
export * from './issuers/index.js';
export * from './shared/errors.js';
export {
  toErrorResponse,
  buildWwwAuthenticate,
  type ErrorResponse,
  type ErrorResponseOptions,
  type ErrorResponseCode,
  type WwwAuthenticateParams,
} from './rfc6750/error-response.js';
export { extractBearerToken, MAX_AUTHORIZATION_LENGTH } from './rfc6750/bearer.js';
export {
  requireScopes,
  requireRoles,
  requireGroups,
  requireAppOnly,
  requireDelegated,
  hasScopes,
  hasRoles,
  hasGroups,
  createRequirement,
  type RequirementOptions,
  type MatchMode,
  type MatchOptions,
} from './authz/authorization.js';
export {
  requireAuthContext,
  hasAuthContext,
  handlesClaimsChallenges,
  authContextClaimsRequest,
  AUTH_CONTEXT_CLAIM,
} from './authz/auth-context.js';
export type { RequirementCheck, RouteRequirement } from './authz/route-requirement.js';
export type { TokenOrPrincipal } from './authz/requirement-inputs.js';
export { createAccessPolicy, type AccessPolicyOptions } from './authz/access-policy.js';
export {
  createMemoryKeyStore,
  type MemoryKeyStore,
  StoredKeySetRejection,
  STORE_CLOCK_SKEW_MS,
  MIN_STORE_SECRET_BYTES,
} from './keys/index.js';
export {
  createRevocationList,
  createMemoryRevocationStore,
  revocationKey,
  type RevocationListOptions,
  type MemoryRevocationStore,
  type MemoryRevocationStoreOptions,
} from './revocation/index.js';
export { SUPPORTED_ALGORITHMS } from './crypto/algorithms.js';
export { DEFAULT_DPOP_ALGORITHMS } from './dpop/dpop-options.js';
export { createMemoryDpopReplayStore, type MemoryDpopReplayStore, type MemoryDpopReplayStoreOptions } from './dpop/replay-store.js';
export { createDpopNonces, type DpopNoncesOptions } from './dpop/nonces.js';
export { jwkThumbprint } from './dpop/thumbprint.js';
export {
  openApiSecurity,
  openApiSecuritySchemes,
  type OpenApiIssuers,
  type OpenApiSecurityOptions,
  type OpenApiSecurityRequirement,
  type OpenApiSecurityScheme,
} from './openapi/security.js';
export { REFUSED_TOKEN_TYPES } from './token/token-types.js';
export { decodeUnverified, type UnverifiedToken } from './token/decode-unverified.js';
export type {
  AuthenticateOptions,
  CachedKeySet,
  CheckContext,
  ClaimCheck,
  DpopChallenge,
  DpopMode,
  DpopNonces,
  DpopOptions,
  DpopReplayStore,
  FetchLike,
  HeadersInput,
  HeadersLike,
  IssuerConfig,
  IssuerTemplate,
  JwksOptions,
  JwsAlgorithm,
  JwtClaims,
  JwtHeader,
  KeyCacheStore,
  KeySource,
  Principal,
  PrincipalFields,
  PublicJwk,
  RevocationClaim,
  RevocationList,
  RevocationStore,
  RevokeOptions,
  SignatureBackend,
  StoredKeySetProblem,
  StoreIntegrityOptions,
  StoreReadLimits,
  TokenCacheOptions,
  TokenLocation,
  VerifiedToken,
  VerifierOptions,
  VerifyOptions,
} from './shared/types.js';
export { parseEntraIssuer, type EntraIssuerParts } from './issuers/entra.js';
export {
  EVENT_CHANNELS,
  type TokenwardEvent,
  type VerificationEvent,
  type KeyFetchEvent,
  type StaleKeysEvent,
  type KeyRefetchRefusedEvent,
  type StoreFailureEvent,
} from './observe/events.js';
