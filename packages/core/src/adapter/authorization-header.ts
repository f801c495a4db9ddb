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

/** What a Node-style request says about itself besides its headers, for a DPoP proof's `htm` and `htu`. */
export interface NodeRequestFacts {
  /** The request method (`req.method`). */
  readonly method?: string | undefined;
  /** Whether the connection is TLS (`req.socket.encrypted`): the request URI is then `https:`. */
  readonly encrypted?: boolean | undefined;
}

/**
 * What `authenticate` reads from a Node-style request: the Authorization header as `authorizationHeader`
 * gives it, the Cookie header and the URL (path and query), for a `tokenLocation` that names a cookie or
 * the query parameter; the DPoP header, the method and (for a request with a proof) the absolute URL
 * from the `Host` header and the connection, for DPoP. `X-Forwarded-*` is never read: behind a proxy,
 * the verifier's `dpop.origin` names the public origin. Node joins several Cookie lines into one
 * value, as a cookie reader expects, and several DPoP lines with a comma, which core counts as two.
 *
 * @example
 * const input = nodeRequestInput(req.rawHeaders, req.headers, req.originalUrl, { method: req.method, encrypted: isTls(req.socket) });
 */
export function nodeRequestInput(
  rawHeaders: readonly string[] | undefined,
  headers: {
    readonly authorization?: string | string[] | undefined;
    readonly cookie?: string | string[] | undefined;
    readonly dpop?: string | string[] | undefined;
    readonly host?: string | string[] | undefined;
  },
  url: string | undefined,
  facts?: NodeRequestFacts,
): HeadersInput {
  const { authorization } = authorizationHeader(rawHeaders, headers.authorization) as { authorization: string | string[] | undefined };
  const dpop = headers.dpop;
  if (dpop === undefined) return { headers: { authorization, cookie: headers.cookie }, url, method: facts?.method };
  const host = headers.host;
  const absolute =
    typeof host === 'string' && host !== '' && typeof url === 'string' && url.startsWith('/')
      ? `${facts?.encrypted === true ? 'https' : 'http'}://${host}${url}`
      : url;
  return { headers: { authorization, cookie: headers.cookie, dpop }, url: absolute, method: facts?.method };
}
