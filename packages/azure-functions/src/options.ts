/** Validates the adapter's options once, when a handler is declared, and builds (or takes) the verifier. */

import type { HttpRequest, HttpResponse, HttpResponseInit, InvocationContext } from '@azure/functions';
import { createVerifier, type ErrorResponse, type TokenLocation, type TokenwardErrorUnion } from '@tokenward/core';
import { ANSWER_SETTING_RULES, defineAdapterOptions, TOKEN_LOCATION_SETTING_RULES, type VerifierSource } from '@tokenward/core/adapter';

/** The adapter's answer to a failure: core's `toErrorResponse` as an `HttpResponseInit`. */
export interface ErrorResponseInit extends HttpResponseInit {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly jsonBody: ErrorResponse['body'];
}

/** What `onError` is given besides the error: the request, the context and the answer the adapter would send. */
export interface ErrorDetails {
  readonly request: HttpRequest;
  readonly context: InvocationContext;
  readonly response: ErrorResponseInit;
}

/** Return a response to send it, nothing to send the default answer, or throw to hand the error to the Functions host. */
export type ErrorHandler = (
  error: TokenwardErrorUnion,
  details: ErrorDetails,
) => HttpResponseInit | HttpResponse | void | Promise<HttpResponseInit | HttpResponse | void>;

/** What the adapter adds to a verifier. */
export interface AdapterSettings {
  /** `realm` of the `WWW-Authenticate` challenge. Left out by default. */
  readonly realm?: string;
  /** Put the error's message in `error_description`. Default `true` (see core's `toErrorResponse`). */
  readonly includeDescription?: boolean;
  /** Call the handler without an identity (`undefined`) when the request carries no credential. Default `false`. */
  readonly optional?: boolean;
  /**
   * Accept App Service Authentication's `x-ms-client-principal` header when the request has no Bearer
   * credential. Default `false`. Only safe behind App Service Authentication: otherwise anyone can forge it.
   */
  readonly trustAppServiceAuth?: boolean;
  /** Replaces the answer to a failed authentication or authorization. */
  readonly onError?: ErrorHandler;
  /**
   * Where else the token may be: `{ cookie: '<name>' }`, `{ query: true }` (`access_token`). Default: the
   * Authorization header only (or the verifier's own `tokenLocation`). A token in two places is 400.
   */
  readonly tokenLocation?: TokenLocation;
}

/** A ready verifier or the options to create one, plus the adapter's settings. */
export type AuthOptions = VerifierSource & AdapterSettings;

/** Resolves the options once per options object; config mistakes throw a `TypeError` here, at declaration. */
export const resolveAuth = defineAdapterOptions<AdapterSettings>({
  adapter: 'azure-functions',
  createVerifier,
  settings: {
    ...ANSWER_SETTING_RULES,
    ...TOKEN_LOCATION_SETTING_RULES,
    optional: 'boolean',
    trustAppServiceAuth: 'boolean',
    onError: 'function',
  },
});

export type ResolvedAuth = ReturnType<typeof resolveAuth>;
