/** The fetch-handler wrapper: authenticate, authorize, then call the handler with the verified token. */

import { isTokenwardError, type JwtClaims, type VerifiedToken } from '@tokenward/core';
import { compileRequirement, successHeaders, type RouteRequirement } from '@tokenward/core/adapter';
import { errorResponse } from './error-response.js';
import { callOptionsOf, isolateAuth, type WaitUntilContext, type WorkersAuthOptions } from './isolate-auth.js';

/** A Workers `fetch` handler that also receives the verified token. */
export type AuthenticatedHandler<Env = unknown, Claims extends JwtClaims = JwtClaims, Ctx extends WaitUntilContext = WaitUntilContext> = (
  request: Request,
  env: Env,
  ctx: Ctx,
  auth: VerifiedToken<Claims>,
) => Response | Promise<Response>;

/** What `withAuth` returns: assignable to `ExportedHandler<Env>['fetch']`. */
export type FetchHandler<Env = unknown, Ctx extends WaitUntilContext = WaitUntilContext> = (
  request: Request,
  env: Env,
  ctx: Ctx,
) => Promise<Response>;

/**
 * The handler's response with the headers the token's location calls for, where it set none of them.
 * A response whose headers are immutable (one from `fetch`) is copied; a `101` upgrade is left as it is.
 */
function withHeaders(response: Response, headers: Readonly<Record<string, string>>): Response {
  if (response.status === 101) return response;
  const missing = Object.entries(headers).filter(([name]) => !response.headers.has(name));
  if (missing.length === 0) return response;
  let target = response;
  try {
    for (const [name, value] of missing) target.headers.set(name, value);
  } catch {
    target = new Response(response.body, response);
    for (const [name, value] of missing) target.headers.set(name, value);
  }
  return target;
}

/**
 * Wraps a Workers `fetch` handler: the request's Bearer token is verified and checked against
 * `requirement` before `handler` runs; failures are answered with core's `toErrorResponse` (400, 401,
 * 403 or 503, never 500), or by the `onError` setting. Authorization errors the handler throws itself (`requireScopes(auth, …)`) are
 * answered the same way; any other error propagates.
 *
 * @example
 * export default {
 *   fetch: withAuth<Env>((env) => ({ issuers: [entra({ tenantId: env.TENANT_ID, audience: env.API_AUDIENCE })] }),
 *     { scopes: 'Orders.Read' },
 *     async (request, env, ctx, auth) => Response.json({ subject: auth.principal.subject })),
 * } satisfies ExportedHandler<Env>;
 */
export function withAuth<Env = unknown, Claims extends JwtClaims = JwtClaims, Ctx extends WaitUntilContext = WaitUntilContext>(
  options: WorkersAuthOptions<Env>,
  requirement: RouteRequirement<Env> | null | undefined,
  handler: AuthenticatedHandler<Env, Claims, Ctx>,
): FetchHandler<Env, Ctx> {
  if (typeof handler !== 'function') throw new TypeError('tokenward: withAuth(options, requirement, handler): handler must be a function');
  const acquire = isolateAuth(options);
  const authorize = compileRequirement(requirement);

  return async (request, env, ctx) => {
    const auth = acquire(env, ctx);
    let token: VerifiedToken<Claims>;
    try {
      token = await auth.verifier.authenticate<Claims>(request, callOptionsOf(auth, ctx));
      if (authorize !== undefined) await authorize(token, env);
    } catch (error) {
      return errorResponse(error, request, auth.settings);
    }
    try {
      const response = await handler(request, env, ctx, token);
      const headers = successHeaders(token);
      return headers === undefined ? response : withHeaders(response, headers);
    } catch (error) {
      if (isTokenwardError(error)) return errorResponse(error, request, auth.settings);
      throw error;
    }
  };
}
