/**
 * @module @tokenward/workers
 *
 * Bearer-token authentication for Cloudflare Workers (and other `fetch`-handler runtimes) on top of
 * `@tokenward/core`: `withAuth(options, requirement, handler)` wraps a `fetch` handler. The Hono
 * middleware lives at `@tokenward/workers/hono`.
 */
export { withAuth, type AuthenticatedHandler, type FetchHandler } from './with-auth.js';
export type { AdapterSettings, AuthConfig, WaitUntilContext, WorkersAuthOptions, WorkersErrorHandler } from './isolate-auth.js';
export type { RequirementCheck, RouteRequirement } from '@tokenward/core';
