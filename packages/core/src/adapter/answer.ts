/** A failure as every adapter answers it: a tokenward error and core's RFC 6750 response for it. */

import { toTokenwardError, type TokenwardErrorUnion } from '../shared/errors.js';
import { toErrorResponse, type ErrorResponse } from '../rfc6750/error-response.js';
import type { DpopChallenge } from '../shared/types.js';

/** The settings that shape the answer, as every adapter takes them. */
export interface AnswerSettings {
  /** `realm` of the `WWW-Authenticate` challenge. Left out by default. */
  readonly realm?: string | undefined;
  /** Put the error's message in `error_description`. Default `true`. */
  readonly includeDescription?: boolean | undefined;
  /** The verifier's DPoP settings (`verifier.dpop`), for the `DPoP` challenge beside `Bearer`; resolved options carry them. */
  readonly dpop?: DpopChallenge | undefined;
}

/** Rules for `defineAdapterOptions`'s table, for the two answer settings. */
export const ANSWER_SETTING_RULES = { realm: 'string', includeDescription: 'boolean' } as const;

export interface FailureAnswer {
  /** What failed, in the tokenward error tree (anything else thrown became `verification_failed`, with it as `cause`). */
  readonly failure: TokenwardErrorUnion;
  /** Core's answer: status, headers (challenge, `Cache-Control`, `Retry-After`) and JSON body. */
  readonly response: ErrorResponse;
}

/**
 * What to answer for whatever the verifier or a requirement threw.
 *
 * @example
 * const { failure, response } = answerFailure(error, settings);
 * return new Response(JSON.stringify(response.body), { status: response.status, headers: response.headers });
 */
export function answerFailure(error: unknown, settings: AnswerSettings): FailureAnswer {
  const failure = toTokenwardError(error);
  return { failure, response: toErrorResponse(failure, settings) };
}
