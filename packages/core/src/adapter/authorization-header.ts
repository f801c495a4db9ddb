/** The Authorization header as core must see it on Node-style requests. */

import { authorizationFromRawHeaders } from '../rfc6750/bearer.js';
import type { HeadersInput, HeadersLike } from '../shared/types.js';

/**
 * The framework's own `authorization` value, unless the raw header lines hold more than one: Node keeps
 * only the first, so a duplicate would pass unseen (core answers several with 400). One line keeps the
 * framework's view, which its hooks may have set.
 *
 * @example
 * const headers = authorizationHeader(request.raw.rawHeaders, request.headers.authorization);
 */
export function authorizationHeader(rawHeaders: readonly string[] | undefined, current: string | string[] | undefined): HeadersLike {
  const sent = Array.isArray(rawHeaders) ? authorizationFromRawHeaders(rawHeaders).authorization : undefined;
  return { authorization: Array.isArray(sent) ? sent : current };
}

/**
 * What `authenticate` reads from a Node-style request: the Authorization header as `authorizationHeader`
 * gives it, the Cookie header and the URL (path and query), for a `tokenLocation` that names a cookie or
 * the query parameter. Node joins several Cookie lines into one value, as a cookie reader expects.
 *
 * @example
 * const input = nodeRequestInput(req.rawHeaders, req.headers, req.originalUrl);
 */
export function nodeRequestInput(
  rawHeaders: readonly string[] | undefined,
  headers: { readonly authorization?: string | string[] | undefined; readonly cookie?: string | string[] | undefined },
  url: string | undefined,
): HeadersInput {
  const { authorization } = authorizationHeader(rawHeaders, headers.authorization) as { authorization: string | string[] | undefined };
  return { headers: { authorization, cookie: headers.cookie }, url };
}
