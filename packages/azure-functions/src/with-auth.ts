/** The `app.http` handler wrapper: authenticate, authorize, then call the handler with the identity. */

import type { HttpRequest, HttpResponse, HttpResponseInit, InvocationContext } from '@azure/functions';
import { isTokenwardError, type JwtClaims, type Principal, type VerifiedToken } from '@tokenward/core';
import { answerFailure, compileRequirement, successHeaders, type RouteRequirement, type TokenOrPrincipal } from '@tokenward/core/adapter';
import { CLIENT_PRINCIPAL_HEADER, readClientPrincipal, type AppServiceIdentity } from './app-service-principal.js';
import { resolveAuth, type AuthOptions, type ErrorResponseInit, type ResolvedAuth } from './options.js';

/** What a requirement check receives besides the token: the Functions request and invocation context. */
export interface RequestContext {
  readonly request: HttpRequest;
  readonly context: InvocationContext;
}

/** The identity the handler receives: the verified token, an App Service caller if trusted, `undefined` if optional. */
export type IdentityFor<Optional extends boolean, Trust extends boolean, Claims extends JwtClaims = JwtClaims> =
  VerifiedToken<Claims> | (true extends Trust ? AppServiceIdentity : never) | (true extends Optional ? undefined : never);

/** What requirement checks receive: the verified token, or the principal of an App Service caller. */
export type CheckedFor<Trust extends boolean, Claims extends JwtClaims = JwtClaims> =
  VerifiedToken<Claims> | (true extends Trust ? Principal : never);

/** An `app.http` handler that also receives the caller's identity. */
export type AuthenticatedHandler<Identity> = (request: HttpRequest, context: InvocationContext, auth: Identity) => Answer | Promise<Answer>;

/** What `withAuth` returns: assignable to `app.http`'s `handler` (`HttpHandler`). */
export type FunctionsHttpHandler = (request: HttpRequest, context: InvocationContext) => Promise<Answer>;

type Answer = HttpResponseInit | HttpResponse;
type Identity = VerifiedToken | AppServiceIdentity;

const identities = new WeakMap<InvocationContext, Identity>();

/**
 * The identity `withAuth` established for this invocation, for code that has the context but not the
 * handler's argument; `undefined` outside `withAuth` or for an anonymous caller.
 *
 * @example
 * const caller = authOf(context)?.principal.subject;
 */
export function authOf<Claims extends JwtClaims = JwtClaims>(
  context: InvocationContext,
): VerifiedToken<Claims> | AppServiceIdentity | undefined {
  return identities.get(context) as VerifiedToken<Claims> | AppServiceIdentity | undefined;
}

/** Bearer first: a credential that is present is verified, and a bad one is never replaced by the App Service header. */
async function identify(auth: ResolvedAuth, request: HttpRequest): Promise<Identity | undefined> {
  const { optional, trustAppServiceAuth } = auth.settings;
  if (optional !== true && trustAppServiceAuth !== true) return auth.verifier.authenticate(request, auth.authenticateOptions);
  const token = await auth.verifier.authenticateIfPresent(request, auth.authenticateOptions);
  if (token !== undefined) return token;
  const header = trustAppServiceAuth === true ? request.headers.get(CLIENT_PRINCIPAL_HEADER) : null;
  if (header !== null) return readClientPrincipal(header);
  if (optional === true) return undefined;
  return auth.verifier.authenticate(request, auth.authenticateOptions); // rejects with core's token_missing
}

type HeadersObject = { has(name: string): boolean; set(name: string, value: string): void };

function isHeadersObject(value: unknown): value is HeadersObject {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as HeadersObject).has === 'function' &&
    typeof (value as HeadersObject).set === 'function'
  );
}

/** The handler's answer with the headers the token's location calls for, where the handler set none of them. */
function withSuccessHeaders(result: Answer, headers: Readonly<Record<string, string>>): Answer {
  const current = (result as { headers?: unknown }).headers;
  // An HttpResponse (and an init given a Headers object) has headers to add to in place.
  const target: HeadersObject = isHeadersObject(current) ? current : new Headers((current as HeadersInit | undefined) ?? undefined);
  for (const [name, value] of Object.entries(headers)) if (!target.has(name)) target.set(name, value);
  return target === current ? result : { ...(result as HttpResponseInit), headers: target as Headers };
}

async function answer(auth: ResolvedAuth, error: unknown, request: HttpRequest, context: InvocationContext): Promise<Answer> {
  const { failure, response: core } = answerFailure(error, auth.settings);
  const response: ErrorResponseInit = { status: core.status, headers: { ...core.headers }, jsonBody: core.body };
  // The client gets a fixed description for an unreachable issuer; the operator needs the details (no tokens in them).
  if (failure.code === 'jwks_unavailable') context.warn(`tokenward: ${failure.message}`);
  const { onError } = auth.settings;
  if (onError === undefined) return response;
  return (await onError(failure, { request, context, response })) ?? response;
}

/**
 * Wraps an `app.http` handler: the request's Bearer token (or, if trusted, App Service's client principal)
 * is verified and checked against `requirement` before `handler` runs with the identity as third
 * argument. Failures are answered with core's `toErrorResponse` (400, 401, 403 or 503, never 500), or
 * by `onError`. Authorization errors the handler throws itself are answered the same way; any other
 * error propagates to the Functions host. The verifier is built here, once, not per request.
 *
 * @example
 * app.http('orders', {
 *   methods: ['GET'],
 *   authLevel: 'anonymous',
 *   handler: withAuth(auth, { scopes: 'Orders.Read' }, async (request, context, { principal }) => ({ jsonBody: { subject: principal.subject } })),
 * });
 */
export function withAuth<Claims extends JwtClaims = JwtClaims, Optional extends boolean = false, Trust extends boolean = false>(
  // `optional` and `trustAppServiceAuth` are inferred on their own (a `boolean` counts as maybe `true`), so they
  // type the identity even when another option is an inline function.
  options: AuthOptions & { readonly optional?: Optional; readonly trustAppServiceAuth?: Trust },
  requirement: RouteRequirement<RequestContext, CheckedFor<Trust, Claims>> | null | undefined,
  handler: AuthenticatedHandler<IdentityFor<Optional, Trust, Claims>>,
): FunctionsHttpHandler {
  const auth = resolveAuth(options);
  const authorize = compileRequirement(requirement as RouteRequirement<RequestContext, TokenOrPrincipal> | null | undefined);
  if (typeof handler !== 'function') throw new TypeError('tokenward: withAuth(options, requirement, handler): handler must be a function');
  if (auth.settings.optional === true && authorize !== undefined)
    throw new TypeError('tokenward: withAuth: an optional route takes no requirement (anonymous callers would skip it)');

  return async (request, context) => {
    let identity: Identity | undefined;
    try {
      identity = await identify(auth, request);
      if (identity !== undefined) {
        await authorize?.('source' in identity ? identity.principal : identity, { request, context });
        identities.set(context, identity);
      }
    } catch (error) {
      return answer(auth, error, request, context);
    }
    try {
      const result = await handler(request, context, identity as IdentityFor<Optional, Trust, Claims>);
      const headers = identity !== undefined && !('source' in identity) ? successHeaders(identity) : undefined;
      return headers === undefined ? result : withSuccessHeaders(result, headers);
    } catch (error) {
      if (isTokenwardError(error)) return answer(auth, error, request, context);
      throw error;
    }
  };
}
