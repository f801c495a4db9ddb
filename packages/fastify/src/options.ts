/** The plugin's options: a verifier (or what to build one from) and how failures are answered. Checked once, at registration. */

import { createVerifier, type ErrorResponse, type TokenLocation, type TokenwardErrorUnion } from '@tokenward/core';
import { ANSWER_SETTING_RULES, defineAdapterOptions, TOKEN_LOCATION_SETTING_RULES, type VerifierSource } from '@tokenward/core/adapter';
import type { FastifyRequest } from 'fastify';

/** What `onError` returns: sent as `reply.code(status).headers(headers).send(body)`. */
export interface ErrorAnswer {
  readonly status: number;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: unknown;
}

/** Changes the answer to a failure before it is sent; throw to hand the failure to Fastify's error handling instead. */
export type ErrorAnswerHook = (
  error: TokenwardErrorUnion,
  request: FastifyRequest,
  response: ErrorResponse,
) => ErrorAnswer | Promise<ErrorAnswer>;

/** How the plugin answers failures, and when `fastify.authenticate` lets a request without a token through. */
export interface PluginSettings {
  /** `realm` of the `WWW-Authenticate` challenge. Left out by default. */
  readonly realm?: string;
  /** Put the error's message in `error_description`. Default `true` (see core's `toErrorResponse`). */
  readonly includeDescription?: boolean;
  /** `fastify.authenticate` lets requests without an Authorization header through (`request.auth` stays `null`). Default `false`. */
  readonly optional?: boolean;
  /** `'reply'` (default): send core's RFC 6750 response. `'throw'`: throw a `TokenwardHttpError` to Fastify's error handler. */
  readonly errorMode?: 'reply' | 'throw';
  /** In `'reply'` mode, the answer to send instead of core's (log, reshape). Default: core's response as it is. */
  readonly onError?: ErrorAnswerHook;
  /** Fetch every issuer's keys in `onReady`, so the first request does not wait; failures are logged, not fatal. Default `false`. */
  readonly warm?: boolean;
  /**
   * Where else the token may be: `{ cookie: '<name>' }`, `{ query: true }` (`access_token`). Default: the
   * Authorization header only (or the verifier's own `tokenLocation`). A token in two places is 400.
   */
  readonly tokenLocation?: TokenLocation;
  /**
   * Give each route with `config.tokenward` its OpenAPI `security` (core's `openApiSecurity`: the
   * issuers' schemes with the route's scopes), unless its `schema.security` is set, so `@fastify/swagger`
   * documents what the route enforces. Default `true`.
   */
  readonly openapi?: boolean;
}

/** A ready verifier or the options to create one, plus the plugin's settings. */
export type TokenwardFastifyOptions = VerifierSource & PluginSettings;

const resolve = defineAdapterOptions<PluginSettings>({
  adapter: 'fastify',
  createVerifier,
  settings: {
    ...ANSWER_SETTING_RULES,
    ...TOKEN_LOCATION_SETTING_RULES,
    optional: 'boolean',
    errorMode: { oneOf: ['reply', 'throw'] },
    onError: 'function',
    warm: 'boolean',
    openapi: 'boolean',
  },
});

export function resolveOptions(options: TokenwardFastifyOptions) {
  const resolved = resolve(options);
  if (resolved.settings.errorMode === 'throw' && resolved.settings.onError !== undefined) {
    throw new TypeError("tokenward: fastify: onError applies to errorMode 'reply'; with 'throw', answer in setErrorHandler");
  }
  return resolved;
}
