/**
 * @module @tokenward/fauna/azure-functions
 *
 * The Entra custom claims provider as an Azure Functions v4 `app.http` handler. Mirrors
 * `@tokenward/azure-functions`' conventions: one provider per worker process (built when the module loads),
 * answers as `HttpResponseInit`, operational failures reported through the invocation context (never a
 * secret).
 */
import type { HttpRequest, HttpResponseInit, InvocationContext } from '@azure/functions';
import { createClaimsProvider, type ClaimsProvider, type ClaimsProviderOptions } from './claims-provider.js';

/** What `claimsProviderFunction` returns: assignable to `app.http`'s `handler`. */
export type ClaimsProviderHandler = (request: HttpRequest, context: InvocationContext) => Promise<HttpResponseInit>;

function isProvider(value: ClaimsProvider | ClaimsProviderOptions): value is ClaimsProvider {
  return typeof (value as ClaimsProvider).handle === 'function';
}

/**
 * Wraps a claims provider (or its options) as an `app.http` handler. Entra calls it with POST; use
 * `authLevel: 'anonymous'` — the bearer token Entra sends is the authentication.
 *
 * @example
 * const provider = createClaimsProvider({ tenantId, audience: extensionAppId, fauna: { endpoint, secret } });
 * app.hook.appStart(() => provider.warm());
 * app.http('faunaClaims', { methods: ['POST'], authLevel: 'anonymous', handler: claimsProviderFunction(provider) });
 */
export function claimsProviderFunction(provider: ClaimsProvider | ClaimsProviderOptions): ClaimsProviderHandler {
  const claims = isProvider(provider) ? provider : createClaimsProvider(provider);
  return async (request, context) => {
    const { status, headers, body, error } = await claims.handle(request);
    // The Functions log gets the code and our message (no secret, no token); the client gets the same body.
    if (error !== undefined && (status >= 500 || status === 200)) context.warn(`tokenward: fauna: ${error.code}: ${error.message}`);
    return { status, headers: { ...headers }, jsonBody: body };
  };
}

export { createClaimsProvider, type ClaimsProvider, type ClaimsProviderOptions } from './claims-provider.js';
