/** OpenAPI for Express apps: the security of a route, for swagger-jsdoc, tsoa, or a document written by hand. */

import { openApiSecurity, openApiSecuritySchemes, type OpenApiSecurityRequirement, type OpenApiSecurityScheme } from '@tokenward/core';
import type { ExpressRequirement } from './middleware.js';
import { resolveOptions, type ExpressAuthOptions } from './options.js';

/**
 * An operation's `security` for a route protected by `tokenward(options, requirement)`: the issuers'
 * schemes with the scopes the requirement enforces. Pass the same options object the route is given.
 *
 * @example
 * const auth = { issuers: [entra({ tenantId, audience: 'api://orders' })] };
 * app.get('/orders', tokenward(auth, { scopes: 'Orders.Read' }), list);
 * document.paths['/orders'].get.security = openApiSecurityFor(auth, { scopes: 'Orders.Read' });
 */
export function openApiSecurityFor(options: ExpressAuthOptions, requirement?: ExpressRequirement | null): OpenApiSecurityRequirement[] {
  return openApiSecurity(resolveOptions(options).verifier, requirement);
}

/**
 * `components.securitySchemes` for the issuers of `options`, listing the scopes of `requirements` (your routes').
 *
 * @example
 * document.components.securitySchemes = openApiSchemesFor(auth, [{ scopes: 'Orders.Read' }]);
 */
export function openApiSchemesFor(
  options: ExpressAuthOptions,
  requirements: readonly (ExpressRequirement | null | undefined)[] = [],
): Record<string, OpenApiSecurityScheme> {
  return openApiSecuritySchemes(resolveOptions(options).verifier, requirements);
}
