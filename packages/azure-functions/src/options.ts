/** Validates the adapter's options once, when a handler is declared, and builds (or takes) the verifier. */

import type { HttpRequest, HttpResponse, HttpResponseInit, InvocationContext } from '@azure/functions';
import { verifierFrom, type ErrorResponse, type TokenwardErrorUnion, type Verifier, type VerifierOptions } from '@tokenward/core';

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
}

/** A ready verifier or the options to create one, plus the adapter's settings. */
export type AuthOptions = (VerifierOptions | { readonly verifier: Verifier }) & AdapterSettings;

const SETTINGS = {
  realm: 'string',
  includeDescription: 'boolean',
  optional: 'boolean',
  trustAppServiceAuth: 'boolean',
  onError: 'function',
} as const;

function resolve(options: AuthOptions) {
  const { realm, includeDescription, optional, trustAppServiceAuth, onError, ...rest } = options;
  for (const [name, type] of Object.entries(SETTINGS)) {
    const value = options[name as keyof typeof SETTINGS];
    if (value !== undefined && typeof value !== type) throw new TypeError(`tokenward: azure-functions: ${name} must be a ${type}`);
  }
  const verifier = verifierFrom(rest, 'azure-functions');
  const extra = 'verifier' in rest ? Object.keys(rest).filter((key) => key !== 'verifier') : [];
  if (extra.length > 0)
    throw new TypeError(
      `tokenward: azure-functions: give verifier options (${extra.join(', ')}) to createVerifier(), not next to a verifier`,
    );
  return Object.freeze({
    verifier,
    realm,
    includeDescription: includeDescription !== false,
    optional: optional === true,
    trustAppServiceAuth: trustAppServiceAuth === true,
    onError,
  });
}

export type ResolvedAuth = ReturnType<typeof resolve>;

// Keyed by the options object: every handler given the same one shares one verifier and key cache.
const shared = new WeakMap<object, ResolvedAuth>();

/** Resolves the options once per options object; config mistakes throw a `TypeError` here, at declaration. */
export function resolveAuth(options: AuthOptions): ResolvedAuth {
  if (typeof options !== 'object' || options === null) {
    throw new TypeError('tokenward: azure-functions: options must be an object ({ issuers, … } or { verifier, … })');
  }
  const resolved = shared.get(options) ?? resolve(options);
  shared.set(options, resolved);
  return resolved;
}
