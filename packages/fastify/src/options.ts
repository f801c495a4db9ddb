/** The plugin's options: a verifier (or what to build one from) and how failures are answered. Checked once, at registration. */

import { verifierFrom, type ErrorResponse, type TokenwardErrorUnion, type Verifier, type VerifierOptions } from '@tokenward/core';
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
}

/** A ready verifier or the options to create one, plus the plugin's settings. */
export type TokenwardFastifyOptions = (VerifierOptions | { readonly verifier: Verifier }) & PluginSettings;

const SETTINGS = { realm: 'string', includeDescription: 'boolean', optional: 'boolean', onError: 'function', warm: 'boolean' } as const;

export function resolveOptions(options: TokenwardFastifyOptions) {
  if (typeof options !== 'object' || options === null) {
    throw new TypeError('tokenward: fastify: options must be an object: { issuers, ... } or { verifier, ... }');
  }
  const { realm, includeDescription, optional, errorMode = 'reply', onError, warm, ...rest } = options;
  for (const [name, type] of Object.entries(SETTINGS)) {
    const value = options[name as keyof typeof SETTINGS];
    if (value !== undefined && typeof value !== type) throw new TypeError(`tokenward: fastify: ${name} must be a ${type}`);
  }
  if (errorMode !== 'reply' && errorMode !== 'throw')
    throw new TypeError(`tokenward: fastify: errorMode must be 'reply' or 'throw', found ${String(errorMode)}`);
  if (errorMode === 'throw' && onError !== undefined) {
    throw new TypeError("tokenward: fastify: onError applies to errorMode 'reply'; with 'throw', answer in setErrorHandler");
  }
  const verifier = verifierFrom(rest, 'fastify');
  const answer = { realm, includeDescription: includeDescription !== false };
  return { verifier, answer, optional: optional === true, errorMode, onError, warm: warm === true } as const;
}
