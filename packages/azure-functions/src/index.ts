/**
 * @module @tokenward/azure-functions
 *
 * Bearer-token authentication for Azure Functions (the v4 Node programming model, `@azure/functions`)
 * on top of `@tokenward/core`: `withAuth(options, requirement, handler)` wraps an `app.http` handler.
 * Optionally trusts App Service Authentication's `x-ms-client-principal` header.
 */
export {
  withAuth,
  authOf,
  type AuthenticatedHandler,
  type CheckedFor,
  type FunctionsHttpHandler,
  type IdentityFor,
  type RequestContext,
} from './with-auth.js';
export type { AdapterSettings, AuthOptions, ErrorDetails, ErrorHandler, ErrorResponseInit } from './options.js';
export { MAX_CLIENT_PRINCIPAL_LENGTH, type AppServiceIdentity } from './app-service-principal.js';
export type { RequirementCheck, RouteRequirement } from '@tokenward/core';
