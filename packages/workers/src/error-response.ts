/** Failures become the RFC 6750 response core describes, unless the app answers them itself. */

import { toErrorResponse, toTokenwardError } from '@tokenward/core';
import type { IsolateAuth } from './isolate-auth.js';

export type AnswerSettings = Pick<IsolateAuth, 'realm' | 'includeDescription' | 'onError'>;

export async function errorResponse(error: unknown, request: Request, auth: AnswerSettings): Promise<Response> {
  const failure = toTokenwardError(error);
  const { status, headers, body } = toErrorResponse(failure, { realm: auth.realm, includeDescription: auth.includeDescription });
  const response = new Response(JSON.stringify(body), { status, headers });
  return (await auth.onError?.(failure, request, response)) ?? response;
}
