/** The request's Authorization header lines, for core, which answers several of them with 400. */

import { authorizationFromRawHeaders, type HeadersLike } from '@tokenward/core';
import type { FastifyRequest } from 'fastify';

/**
 * `request.headers.authorization`, unless the client sent the header more than once: Node keeps only the
 * first, so the duplicate would pass unseen. One line stays Fastify's view, which hooks may have set.
 * `rawHeaders` exists on Node's requests, `inject`'s and HTTP/2's alike.
 */
export function authorizationOf(request: FastifyRequest): HeadersLike {
  const sent = authorizationFromRawHeaders(request.raw.rawHeaders).authorization;
  return { authorization: Array.isArray(sent) ? sent : request.headers.authorization };
}
