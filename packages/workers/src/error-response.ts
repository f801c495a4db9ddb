/** Failures become the RFC 6750 response core describes; the adapter never picks a status. */

import { toErrorResponse } from '@tokenward/core';
import type { IsolateAuth } from './isolate-auth.js';

export function errorResponse(error: unknown, auth: Pick<IsolateAuth, 'realm' | 'includeDescription'>): Response {
  const { status, headers, body } = toErrorResponse(error, { realm: auth.realm, includeDescription: auth.includeDescription });
  return new Response(JSON.stringify(body), { status, headers });
}
