/**
 * @module @tokenward/express
 *
 * Bearer-token authentication for Express 4 and 5 on top of `@tokenward/core`: `tokenward(options,
 * requirement?)` verifies the token and sets a typed `req.auth`; `authorize(requirement)` adds a per-route
 * requirement after it. Failures are answered with core's RFC 6750 response, by your `onError`, or handed
 * to Express's error handling.
 */
import type { VerifiedToken } from '@tokenward/core';

export { authorize, tokenward, type ExpressRequirement } from './middleware.js';
export { openApiSchemesFor, openApiSecurityFor } from './openapi.js';
export type { ExpressAuthOptions, ExpressSettings, TokenwardErrorHandler } from './options.js';
export type { RequirementCheck, RouteRequirement, TokenwardErrorUnion, VerifiedToken } from '@tokenward/core';

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace -- declaration merging is how Express's own types are extended
  namespace Express {
    interface Request {
      /** The verified token, set by `tokenward()`. `undefined` behind `tokenward({ optional: true })` without a token. */
      auth?: VerifiedToken;
    }
  }
}
