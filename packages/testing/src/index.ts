/**
 * @module @tokenward/testing
 *
 * A real local OpenID issuer for tests: discovery and keys in each provider's shape (Entra, Auth0,
 * Cognito, Firebase, Google, Okta, Keycloak or generic OIDC), provider-shaped tokens, key rotation,
 * fault injection, an in-memory fetch, and committed TEST ONLY keys.
 */
export { createTestIssuer } from './test-issuer.js';
export { generateTestKey, type GeneratedTestKey } from './generate-test-key.js';
export { TEST_KEYS } from './keys/test-keys.js';
export { WEAK_KEYS } from './keys/weak-keys.js';
export {
  toPublicJwk,
  type EcPrivateJwk,
  type EcPublicJwk,
  type OkpPrivateJwk,
  type OkpPublicJwk,
  type RsaPrivateJwk,
  type RsaPublicJwk,
  type TestKeySet,
  type TestPrivateJwk,
  type TestPublicKeyJwk,
} from './keys/jwk-types.js';
export type {
  Fault,
  FaultTarget,
  MintOptions,
  TestAlgorithm,
  TestFetch,
  TestIssuer,
  TestIssuerOptions,
  TestKeyInfo,
  TestProvider,
  TestPublicJwk,
  TestRequestCounts,
} from './types.js';
export {
  CONFORMANCE_CASES,
  CONFORMANCE_COOKIE,
  CONFORMANCE_ORIGIN,
  CONFORMANCE_REALM,
  compareAnswer,
  runConformanceCase,
  startConformance,
  type ConformanceCase,
  type ConformanceEnvironment,
  type ConformanceIssuerSettings,
  type ConformancePath,
  type ConformanceRequest,
  type ConformanceResponse,
  type ConformanceResult,
  type ConformanceSend,
  type ConformanceSetup,
  type ExpectedAnswer,
} from './conformance.js';
export { createHttpSender } from './http-sender.js';
export { createDpopClient, type DpopClient, type DpopClientAlgorithm, type DpopProofRequest, type ForgedProof } from './dpop.js';
export {
  ATTACK_CASES,
  ATTACK_MAX_TOKEN_BYTES,
  ATTACK_STATUS,
  attackAnswer,
  authorizationOf,
  runAttackCase,
  runAttackOnVerifier,
  startAttacks,
  type AttackCase,
  type AttackCategory,
  type AttackEnvironment,
  type AttackErrorCode,
  type AttackInput,
  type AttackOutcome,
  type AttackResult,
  type AttackVerifier,
} from './attacks.js';
export {
  AUTHORIZATION_FUZZ,
  FUZZ_CASE_TIMEOUT_MS,
  decideLikeCore,
  deliveredHeaders,
  fuzzSettings,
  fuzzTokens,
  judgeFuzzAnswer,
  withinDeadline,
  type FuzzOracle,
  type FuzzSettings,
  type FuzzTokenSet,
  type HeaderDelivery,
} from './fuzz.js';
export {
  PROVIDER_TOKEN_SHAPES,
  SHAPE_SOURCES,
  mintShape,
  type ProviderTokenShape,
  type ShapeErrorCode,
  type ShapePreset,
  type ShapeSource,
} from './shapes/index.js';
export {
  DEV_ISSUER_HOSTILE_CASES,
  HOSTILE_SOCKET_CASES,
  INTROSPECTION_HOSTILE_CASES,
  judgeHostileAnswer,
  nestedClaimsToken,
  nestedJsonText,
  runSocketCase,
  sendRawRequest,
  unsignedToken,
  type HostileExpectation,
  type HostileHttpCase,
  type HostileRequest,
  type HostileSocketCase,
  type RawResponse,
} from './hostile-http.js';
