import type { ErrorDetails } from '../shared/errors.js';

/**
 * Why one fetch of a key source failed, in words safe to show: the document, its URL without the
 * query, and what went wrong. The resolver wraps it in a `JwksUnavailableError` naming the issuer.
 */
export class KeyFetchError extends Error {
  readonly expected?: string;
  readonly found?: string;
  /** The HTTP status, when the server answered with an error status. */
  readonly status?: number;

  constructor(message: string, details: Pick<ErrorDetails, 'cause'> & { expected?: string; found?: string; status?: number } = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = 'KeyFetchError';
    if (details.expected !== undefined) this.expected = details.expected;
    if (details.found !== undefined) this.found = details.found;
    if (details.status !== undefined) this.status = details.status;
  }
}
