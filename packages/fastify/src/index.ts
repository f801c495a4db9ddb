/**
 * @module @tokenward/fastify
 *
 * Bearer-token authentication for Fastify 4 and 5 on top of `@tokenward/core`: register `tokenward`
 * once; protect routes with `config: { tokenward: requirement }`, `fastify.authenticate` or
 * `fastify.authorize(requirement)`; read the identity from `request.auth`. Failures are answered with
 * core's RFC 6750 response through `reply`, or thrown to Fastify's error handler.
 */
import { tokenward } from './plugin.js';

export { tokenward };
export default tokenward;
export type { TokenwardHook, TokenwardRouteConfig } from './plugin.js';
export type { ErrorAnswer, ErrorAnswerHook, PluginSettings, TokenwardFastifyOptions } from './options.js';
export { errorResponseSchema, errorResponses, TokenwardHttpError } from './error-response.js';
export type { ErrorResponse, RequirementCheck, RouteRequirement, VerifiedToken } from '@tokenward/core';
