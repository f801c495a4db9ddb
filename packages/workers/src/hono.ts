/**
 * @module @tokenward/workers/hono
 *
 * Hono middleware: `tokenward(options, requirement?)` verifies the Bearer token and sets
 * `c.get('auth')`; `authorize(requirement)` adds a per-route requirement after it. Failures are thrown
 * as `HTTPException`s carrying core's RFC 6750 response (and the tokenward error as `cause`).
 */

import type { Context, MiddlewareHandler } from 'hono';
import { env as runtimeEnv } from 'hono/adapter';
import { HTTPException } from 'hono/http-exception';
import type { JwtClaims, VerifiedToken } from '@tokenward/core';
import {
  compileNeededRequirement,
  compileRequirement,
  createVerifiedTokens,
  successHeaders,
  type CompiledRequirement,
  type RouteRequirement,
} from '@tokenward/core/adapter';
import { errorResponse, type ResponseSettings } from './error-response.js';
import {
  callOptionsOf,
  isolateAuth,
  type AdapterSettings,
  type IsolateAuth,
  type WaitUntilContext,
  type WorkersAuthOptions,
} from './isolate-auth.js';

export type { AdapterSettings, AuthConfig, WorkersAuthOptions, WorkersErrorHandler } from './isolate-auth.js';
export type { RequirementCheck, RouteRequirement } from '@tokenward/core';

/** The context variables the middleware sets: a route with `tokenward()` or `authorize()` in its own chain sees them. */
export interface TokenwardVariables<Claims extends JwtClaims = JwtClaims> {
  auth: VerifiedToken<Claims>;
}

/**
 * `c.get('auth')` everywhere else: a route that has no `tokenward()` or `authorize()` of its own (a public
 * route, or one protected only by an `app.use()` path) may run without a verified token.
 */
export interface OptionalTokenwardVariables<Claims extends JwtClaims = JwtClaims> {
  auth: VerifiedToken<Claims> | undefined;
}

declare module 'hono' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- declaration merging, as hono's own jwt middleware does
  interface ContextVariableMap extends OptionalTokenwardVariables {}
}

// The tokenward() that verified a token: authorize() after it answers failures alike, and a second
// tokenward() with the same verifier (app-wide, then per route) does not verify the token again.
const verified = createVerifiedTokens<IsolateAuth>();

async function reject(error: unknown, request: Request, settings: ResponseSettings): Promise<never> {
  const res = await errorResponse(error, request, settings);
  throw new HTTPException(res.status as 400 | 401 | 403 | 503, { res, cause: error });
}

async function enforce<B>(
  requirement: CompiledRequirement<B>,
  token: VerifiedToken,
  env: B,
  request: Request,
  settings: ResponseSettings,
): Promise<void> {
  try {
    await requirement(token, env);
  } catch (error) {
    await reject(error, request, settings);
  }
}

/**
 * What an options function and a requirement check get as `env`: the Worker's bindings in workerd, and
 * the process environment on Node, Bun and Deno, where `c.env` is the runtime's request objects
 * (`@hono/node-server`'s `{ incoming, outgoing }`, Bun's server) rather than configuration.
 */
function bindings<B>(c: Context): B {
  return runtimeEnv(c) as B;
}

function executionContext(c: { readonly executionCtx: WaitUntilContext }): WaitUntilContext | undefined {
  try {
    return c.executionCtx;
  } catch {
    // Hono throws outside Workers-like runtimes (Node, `app.request` without one); warming is then skipped.
    return undefined;
  }
}

/**
 * Verifies the request's Bearer token, checks the optional requirement and sets `c.get('auth')`.
 * Every tokenward() given the same options object or function shares one verifier (and key cache) for
 * the isolate's lifetime; behind another one with the same options it does not verify again. Add
 * per-route requirements with `authorize()` or `tokenward(sameOptions, requirement)`.
 *
 * @example
 * const app = new Hono<{ Bindings: Env }>();
 * app.use('/api/*', tokenward((env) => ({ issuers: [entra({ tenantId: env.TENANT_ID, audience: env.API_AUDIENCE })] })));
 * app.get('/api/orders', authorize({ scopes: 'Orders.Read' }), (c) => c.json({ subject: c.get('auth').principal.subject }));
 */
export function tokenward<Bindings extends object = object, Claims extends JwtClaims = JwtClaims>(
  options: WorkersAuthOptions<Bindings>,
  requirement?: RouteRequirement<Bindings> | null,
): MiddlewareHandler<{ Bindings: Bindings; Variables: TokenwardVariables<Claims> }> {
  const acquire = isolateAuth(options);
  const authorize = compileRequirement(requirement);
  return async (c, next) => {
    const env = bindings<Bindings>(c);
    const ctx = executionContext(c);
    const auth = acquire(env, ctx);
    const earlier = c.get('auth') as VerifiedToken<Claims> | undefined;
    let token: VerifiedToken<Claims>;
    if (earlier !== undefined && verified.ownerOf(earlier)?.verifier === auth.verifier) {
      token = earlier;
    } else {
      try {
        token = await auth.verifier.authenticate<Claims>(c.req.raw, callOptionsOf(auth, ctx));
      } catch (error) {
        return reject(error, c.req.raw, auth.settings);
      }
      verified.remember(token, auth);
      c.set('auth', token);
    }
    if (authorize !== undefined) await enforce(authorize, token, env, c.req.raw, auth.settings);
    await next();
    const headers = successHeaders(token);
    if (headers !== undefined && c.res.status !== 101) {
      for (const [name, value] of Object.entries(headers)) if (!c.res.headers.has(name)) c.header(name, value);
    }
  };
}

/**
 * A per-route requirement, after `tokenward()`: scopes, roles, groups, token kind, an access policy or
 * any check. Validated once, here (`TypeError` for mistakes). Failures are answered with the `realm` and
 * `includeDescription` of the `tokenward()` in front, unless `settings` says otherwise.
 *
 * @example
 * app.get('/admin', authorize({ roles: 'Orders.Admin' }), (c) => c.json(c.get('auth').principal));
 */
export function authorize<Bindings extends object = object, Claims extends JwtClaims = JwtClaims>(
  requirement: RouteRequirement<Bindings>,
  settings?: Pick<AdapterSettings, 'realm' | 'includeDescription'>,
): MiddlewareHandler<{ Bindings: Bindings; Variables: TokenwardVariables<Claims> }> {
  const compiled = compileNeededRequirement(requirement, 'workers: authorize(requirement)');
  return async (c, next) => {
    const token = c.get('auth') as VerifiedToken<Claims> | undefined;
    // A missing token here is a wiring mistake (no tokenward() in front), not the client's fault.
    if (token === undefined) throw new Error("tokenward: authorize() found no c.get('auth'): mount tokenward() before it");
    const inherited = verified.ownerOf(token)?.settings;
    const answer: ResponseSettings = {
      realm: settings?.realm ?? inherited?.realm,
      includeDescription: settings?.includeDescription ?? inherited?.includeDescription,
      dpop: inherited?.dpop,
      onError: inherited?.onError,
    };
    await enforce(compiled, token, bindings<Bindings>(c), c.req.raw, answer);
    await next();
  };
}

/**
 * The verified token of a route protected by an `app.use()` path, typed as present. Throws a plain
 * `Error` (a wiring mistake: 500) when no `tokenward()` ran before the handler.
 *
 * @example
 * app.use('/api/*', tokenward(auth));
 * app.get('/api/me', (c) => c.json(requireAuth(c).principal));
 */
export function requireAuth<Claims extends JwtClaims = JwtClaims>(c: Context): VerifiedToken<Claims> {
  const token = c.get('auth') as VerifiedToken<Claims> | undefined;
  if (token === undefined) throw new Error("tokenward: requireAuth(c) found no c.get('auth'): mount tokenward() in front of this route");
  return token;
}
