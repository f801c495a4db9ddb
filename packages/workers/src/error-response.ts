/** Failures become the RFC 6750 response core describes, unless the app answers them itself. */

import { answerFailure, type AnswerSettings } from '@tokenward/core/adapter';
import type { AdapterSettings } from './isolate-auth.js';

export type ResponseSettings = AnswerSettings & Pick<AdapterSettings, 'onError'>;

export async function errorResponse(error: unknown, request: Request, settings: ResponseSettings): Promise<Response> {
  const { failure, response } = answerFailure(error, settings);
  const answer = new Response(JSON.stringify(response.body), { status: response.status, headers: response.headers });
  return (await settings.onError?.(failure, request, answer)) ?? answer;
}
