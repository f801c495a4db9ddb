/**
 * @module @tokenward/testing/fauna
 *
 * A wire-compatible local Fauna server for tests of `@tokenward/fauna`: HTTP/2 on 127.0.0.1, the driver's
 * `/query/1` protocol and tagged format, Fauna's error codes and statuses, unique constraints and token
 * TTLs on a controllable clock, access providers that verify JWTs, and fault injection. Every query is
 * parsed and typechecked with the core's rules (fql/); queries that read no store are evaluated, and of
 * those that do it runs the FQL `@tokenward/fauna` sends; any other query is `invalid_query`.
 */
export { createFaunaServer } from './server.js';
export type {
  FaunaAccessProviderView,
  FaunaAuthKind,
  FaunaClock,
  FaunaCollectionSeed,
  FaunaDocumentView,
  FaunaErrorCode,
  FaunaFault,
  FaunaQueryRecord,
  FaunaServer,
  FaunaServerOptions,
  FaunaStatement,
  FaunaTokenView,
} from './types.js';
export { tokenIssuanceStartEvent, DEFAULT_EVENT_TENANT, type TokenIssuanceStartEventOptions } from './entra-event.js';
export {
  HOSTILE_CLAIMS_CASES,
  sendHostileClaims,
  type HostileAnswer,
  type HostileClaimsCase,
  type HostileDelivery,
  type HostileSendOptions,
} from './hostile-claims.js';
