/** The Authorization header as core must see it on Node-style requests. */

import { authorizationFromRawHeaders } from '../rfc6750/bearer.js';
import type { HeadersLike } from '../shared/types.js';

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
