/** The plugin: one verifier per registration, `request.auth`, the `authenticate`/`authorize` hooks and `config.tokenward`. */

import { openApiSecurity, type AuthenticateOptions, type TokenLocation, type VerifiedToken, type Verifier } from '@tokenward/core';
import {
  answerFailure,
  compileNeededRequirement,
  compileRequirement,
  createVerifiedTokens,
  nodeRequestInput,
  successHeaders,
  tokenLocationOptions,
  type CompiledRequirement,
  type RouteRequirement,
} from '@tokenward/core/adapter';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { TokenwardHttpError } from './error-response.js';
import { resolveOptions, type TokenwardFastifyOptions } from './options.js';

/** An `onRequest` or `preHandler` hook: verifies the token (once per request) and checks a requirement. */
export type TokenwardHook = (request: FastifyRequest, reply: FastifyReply) => Promise<unknown>;

/** A route's `config.tokenward`: `true` for any valid token, or a requirement (scopes, roles, groups, a check of `(token, request)`). */
export type TokenwardRouteConfig = true | RouteRequirement<FastifyRequest>;

declare module 'fastify' {
  interface FastifyRequest {
    /** The verified token, or `null` where no hook verified one (public routes, `optional` without a token). */
    auth: VerifiedToken | null;
  }
  interface FastifyInstance {
    /** Hook: verifies the Bearer token and sets `request.auth` (with `optional`, a request without one passes). */
    authenticate: TokenwardHook;
    /** Hook factory: a valid token meeting `requirement`, validated now (`TypeError` for mistakes). */
    authorize(requirement: RouteRequirement<FastifyRequest>): TokenwardHook;
  }
  interface FastifyContextConfig {
    /** Protects the route: `true` for any valid token, or a requirement. Checked in `onRequest`. */
    tokenward?: TokenwardRouteConfig;
    /** Where this route also reads the token (`{ query: true }` for a WebSocket upgrade), in place of the plugin's `tokenLocation`. */
    tokenwardLocation?: TokenLocation;
  }
}

// Which verifier verified a token: a second hook on the same request reuses it instead of verifying again.
const verified = createVerifiedTokens<Verifier>();

const plugin: FastifyPluginAsync<TokenwardFastifyOptions> = async (fastify, options) => {
  const { verifier, settings, authenticateOptions: pluginCallOptions } = resolveOptions(options);
  const { onError } = settings;

  async function fail(error: unknown, request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> {
    const { failure: cause, response } = answerFailure(error, settings);
    if (settings.errorMode === 'throw') throw new TokenwardHttpError(response, cause);
    const { status, headers = {}, body } = onError === undefined ? response : await onError(cause, request, response);
    // Returned, so Fastify waits for the answer and runs no later hook or handler.
    return reply.code(status).headers(headers).send(body);
  }

  function guard(
    requirement: CompiledRequirement<FastifyRequest> | undefined,
    required: boolean,
    callOptions: AuthenticateOptions | undefined = pluginCallOptions,
  ): TokenwardHook {
    return async (request, reply) => {
      try {
        let token = verified.ownerOf(request.auth) === verifier ? (request.auth as VerifiedToken) : undefined;
        if (token === undefined) {
          // `rawHeaders` exists on Node's requests, `inject`'s and HTTP/2's alike.
          // The method and whether the socket is TLS, for a DPoP proof's htm and htu (never X-Forwarded-*).
          const input = nodeRequestInput(request.raw.rawHeaders, request.headers, request.url, {
            method: request.method,
            encrypted: (request.raw.socket as { encrypted?: boolean } | undefined)?.encrypted === true,
          });
          token = required ? await verifier.authenticate(input, callOptions) : await verifier.authenticateIfPresent(input, callOptions);
          if (token === undefined) return undefined;
          verified.remember(token, verifier);
          request.auth = token;
          const headers = successHeaders(token);
          if (headers !== undefined) reply.headers(headers);
        }
        if (requirement !== undefined) await requirement(token, request);
      } catch (error) {
        return fail(error, request, reply);
      }
      return undefined;
    };
  }

  const authenticated = guard(undefined, true);
  const routeHooks = new WeakMap<object, TokenwardHook>();
  // Routes with their own token location: one hook per location object and route config.
  const locatedHooks = new WeakMap<object, Map<unknown, TokenwardHook>>();
  function requirementOf(config: unknown): CompiledRequirement<FastifyRequest> | undefined {
    if (config === true) return undefined;
    if ((typeof config !== 'object' && typeof config !== 'function') || config === null) {
      throw new TypeError(`tokenward: fastify: config.tokenward must be true, requirement options or a check, found ${String(config)}`);
    }
    return compileRequirement(config as RouteRequirement<FastifyRequest>);
  }
  function routeHook(config: unknown, location: unknown): TokenwardHook {
    if (location !== undefined) return locatedHook(config, location);
    if (config === true) return authenticated;
    const hook = routeHooks.get(config as object) ?? guard(requirementOf(config), true);
    routeHooks.set(config as object, hook);
    return hook;
  }
  function locatedHook(config: unknown, location: unknown): TokenwardHook {
    const known = locatedHooks.get(location as object)?.get(config);
    if (known !== undefined) return known;
    const callOptions = tokenLocationOptions(location, 'fastify: config.tokenwardLocation');
    const hooks = locatedHooks.get(location as object) ?? new Map<unknown, TokenwardHook>();
    const hook = guard(requirementOf(config), true, callOptions);
    hooks.set(config, hook);
    locatedHooks.set(location as object, hooks);
    return hook;
  }

  fastify.decorateRequest('auth', null);
  fastify.decorate('authenticate', guard(undefined, settings.optional !== true));
  fastify.decorate('authorize', (requirement: RouteRequirement<FastifyRequest>): TokenwardHook =>
    guard(compileNeededRequirement(requirement, 'fastify: authorize(requirement)'), true),
  );
  // Validates config.tokenward when the route is declared; routes declared before the plugin finished loading
  // (top-level routes after a register() that was not awaited) are validated by their first request instead.
  fastify.addHook('onRoute', (route) => {
    const location = route.config?.tokenwardLocation;
    if (location !== undefined && route.config?.tokenward === undefined) {
      throw new TypeError('tokenward: fastify: config.tokenwardLocation needs config.tokenward on the same route');
    }
    if (route.config?.tokenward === undefined) return;
    routeHook(route.config.tokenward, location);
    // What the route enforces, in its OpenAPI document: @fastify/swagger reads schema.security.
    if (settings.openapi !== false && (route.schema as { security?: unknown } | undefined)?.security === undefined) {
      route.schema = { ...route.schema, security: openApiSecurity(verifier.issuers, route.config.tokenward) } as typeof route.schema;
    }
  });
  // A hook of the plugin's context, bound to every route of it at startup, whenever the route was declared.
  fastify.addHook('onRequest', async (request, reply) => {
    const { tokenward: config, tokenwardLocation: location } = request.routeOptions.config;
    return config === undefined ? undefined : routeHook(config, location)(request, reply);
  });
  if (settings.warm === true) {
    fastify.addHook('onReady', async () => {
      await verifier
        .warm()
        .catch((error: unknown) => fastify.log.warn({ err: error }, 'tokenward: warming the key cache failed; requests will fetch keys'));
    });
  }
};

/**
 * Bearer-token authentication for Fastify 4.23+ and 5. Register it once, before the routes it protects.
 *
 * @example
 * await app.register(tokenward, { issuers: [entra({ tenantId, audience: 'api://orders' })] });
 * app.get('/orders', { config: { tokenward: { scopes: 'Orders.Read' } } }, async (request) => ({ subject: request.auth?.principal.subject }));
 */
export const tokenward = fp(plugin, { fastify: '^4.23.0 || 5.x', name: '@tokenward/fastify' });
