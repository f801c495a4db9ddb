/** Failures as Fastify answers them: core's RFC 6750 response, its JSON schema, and the error thrown in `'throw'` mode. */

import type { ErrorResponse, ErrorResponseCode, TokenwardErrorUnion } from '@tokenward/core';

/**
 * The JSON schema of core's error body, for routes' `response` schemas (400, 401, 403, 503): with it,
 * Fastify serializes the error answer like any other response.
 *
 * @example
 * app.get('/orders', { config: { tokenward: { scopes: 'Orders.Read' } }, schema: { response: { 200: orders, ...errorResponses } } }, handler);
 */
export const errorResponseSchema = {
  type: 'object',
  properties: {
    error: {
      type: 'string',
      enum: [
        'invalid_request',
        'invalid_token',
        'insufficient_scope',
        'insufficient_claims',
        'temporarily_unavailable',
        'invalid_dpop_proof',
        'use_dpop_nonce',
      ],
    },
    error_description: { type: 'string' },
  },
  required: ['error', 'error_description'],
  additionalProperties: false,
} as const;

/** `errorResponseSchema` under every status the plugin answers with, to spread into `schema.response`. */
export const errorResponses = {
  400: errorResponseSchema,
  401: errorResponseSchema,
  403: errorResponseSchema,
  503: errorResponseSchema,
} as const;

/**
 * Thrown in `errorMode: 'throw'`. Fastify's default error handler answers it with `statusCode` and
 * `headers` (the challenge, `Cache-Control`, `Retry-After`) and its own body `{ statusCode, code, error,
 * message }`; `response` is core's full answer, `cause` the tokenward error (its precise `code`).
 */
export class TokenwardHttpError extends Error {
  override readonly name = 'TokenwardHttpError';
  readonly statusCode: ErrorResponse['status'];
  /** The RFC 6750 `error` code: what the client may know. */
  readonly code: ErrorResponseCode;
  readonly headers: Readonly<Record<string, string>>;
  /** For Fastify's default handler behind an `errorResponses` schema, which would otherwise fail (500) on the required field. */
  readonly error_description: string;
  readonly response: ErrorResponse;
  declare readonly cause: TokenwardErrorUnion;

  constructor(response: ErrorResponse, cause: TokenwardErrorUnion) {
    // The client-safe description: a key outage's own message names the issuer's endpoints.
    super(response.body.error_description, { cause });
    this.statusCode = response.status;
    this.code = response.body.error;
    // Fastify's handler picks the content type of the body it writes itself.
    const { 'Content-Type': _contentType, ...headers } = response.headers;
    this.headers = headers;
    this.error_description = response.body.error_description;
    this.response = response;
  }
}
