/** The request's Authorization header lines, for core, which answers several of them with 400. */

import type { HeadersLike } from '@tokenward/core';
import type { FastifyRequest } from 'fastify';

function lines(raw: FastifyRequest['raw']): readonly string[] {
  // Node's `headersDistinct` (≥ 18.3) keeps every line; `inject`'s and HTTP/2's requests only have `rawHeaders`.
  if ('headersDistinct' in raw && raw.headersDistinct !== undefined) return raw.headersDistinct.authorization ?? [];
  const values: string[] = [];
  for (let index = 0; index + 1 < raw.rawHeaders.length; index += 2) {
    if (raw.rawHeaders[index]?.toLowerCase() === 'authorization') values.push(raw.rawHeaders[index + 1] ?? '');
  }
  return values;
}

/**
 * `request.headers.authorization`, unless the client sent the header more than once: Node keeps only the
 * first, so the duplicate would pass unseen. One line stays Fastify's view, which hooks may have set.
 */
export function authorizationOf(request: FastifyRequest): HeadersLike {
  const sent = lines(request.raw);
  return { authorization: sent.length > 1 ? sent : request.headers.authorization };
}
