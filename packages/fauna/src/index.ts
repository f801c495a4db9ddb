/**
 * @module @tokenward/fauna
 *
 * Fauna for signed-in users, on top of `@tokenward/core` and the `fauna` driver: an Entra custom claims
 * provider that mints Fauna tokens (`createClaimsProvider`, `mintFaunaToken`, `revokeFaunaTokens`), Fauna
 * access providers from tokenward issuer configs (`defineAccessProvider`, `ensureAccessProvider`,
 * `checkAccessProvider`), and per-user queries on one shared client (`asFaunaUser`, `asFaunaJwtUser`).
 * The Azure Functions binding is at `@tokenward/fauna/azure-functions`.
 */
export {
  createClaimsProvider,
  DEFAULT_CLAIM_NAME,
  DEFAULT_MAX_CLAIMS_BYTES,
  DEFAULT_TIMEOUT_MS,
  type ClaimsProvider,
  type ClaimsProviderOptions,
  type ClaimsProviderResult,
  type ClaimsRequest,
  type FailurePolicy,
} from './claims-provider.js';
export {
  claimsResponse,
  identifierFor,
  parseTokenIssuanceStart,
  CALLOUT_DATA_TYPE,
  CUSTOM_AUTH_EXTENSION_APP_ID,
  MAX_EVENT_BYTES,
  PROVIDE_CLAIMS_ACTION,
  RESPONSE_DATA_TYPE,
  TOKEN_ISSUANCE_START_TYPE,
  type EntraEventUser,
  type EntraServicePrincipal,
  type IdentityKey,
  type ProvidedClaims,
  type TokenIssuanceStartEvent,
  type TokenIssuanceStartResponse,
} from './entra-event.js';
export {
  ensureIdentitySchema,
  mintFaunaToken,
  revokeFaunaTokens,
  DEFAULT_COLLECTION,
  DEFAULT_IDENTITY_FIELD,
  DEFAULT_INDEX,
  DEFAULT_TOKEN_TAG,
  DEFAULT_TTL_SEC,
  MAX_IDENTIFIER_LENGTH,
  type IdentitySchemaOptions,
  type MintedToken,
  type MintOptions,
  type MintSettings,
  type RevokeOptions,
} from './mint.js';
export {
  accessProviderSchema,
  checkAccessProvider,
  defineAccessProvider,
  discoveryUrlOf,
  ensureAccessProvider,
  readAccessProvider,
  BUILT_IN_ROLES,
  FAUNA_AUDIENCE_PREFIX,
  type AccessProviderCheck,
  type AccessProviderDefinition,
  type AccessProviderMismatch,
  type AccessProviderOptions,
  type AccessProviderRole,
  type CheckOptions,
} from './access-provider.js';
export { asFaunaJwtUser, asFaunaUser, withFaunaSecret, type FaunaUserClient } from './user-client.js';
export { createFaunaClient, redactingLogger, redactSecrets, type FaunaClientOptions, type FaunaLogger, type LogTarget } from './client.js';
export { FaunaTokenError, isFaunaTokenError, type FaunaErrorCode } from './errors.js';
export type { FqlArgument, StoredAccessProvider } from './fql.js';
