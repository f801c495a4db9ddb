/**
 * Errors of the Fauna side: a malformed Entra event, a user without an identifier, and Fauna failures
 * sorted by what the caller should do about them. Messages name what was expected and what was found,
 * never a secret, a token or Fauna's raw error message (the driver's error stays available as `cause`).
 */

export type FaunaErrorCode =
  /** The request body is not a TokenIssuanceStart event Entra would send. */
  | 'event_malformed'
  /** The request body is larger than any event Entra sends (64 KiB): reading stopped there. */
  | 'event_too_large'
  /** The sign-in is for a client application not in `allowedClientApps`: nothing was minted. */
  | 'client_not_allowed'
  /** `extraClaims` returned a claim Entra does not accept (a value other than a String or an array of Strings, or an empty name). */
  | 'claims_invalid'
  /** The user has no usable identifier (for example no `mail` when keyed by email): nothing was created. */
  | 'identifier_missing'
  /** Fauna refused the secret (`unauthorized`). */
  | 'fauna_unauthorized'
  /** The secret is valid but lacks the privileges (`forbidden`). */
  | 'fauna_forbidden'
  /** Fauna answered `time_out`, or the driver gave up waiting. */
  | 'fauna_timeout'
  /** Fauna answered `limit_exceeded` (429) after the driver's retries. */
  | 'fauna_throttled'
  /** Fauna could not be reached or failed (5xx, network error, malformed answer). */
  | 'fauna_unavailable'
  /** A unique constraint or contention still failed after the one retry. */
  | 'fauna_conflict'
  /** Fauna rejected the query itself (missing collection or index, wrong schema). */
  | 'fauna_query_failed'
  /** The time budget ran out before Fauna answered. */
  | 'deadline_exceeded'
  /** The claims would exceed the size Entra accepts from a custom claims provider. */
  | 'claims_too_large'
  /** Something else failed, such as your `documentFields` or `extraClaims` callback. */
  | 'internal_error';

const STATUS: Readonly<Record<FaunaErrorCode, 400 | 403 | 413 | 500 | 503>> = {
  client_not_allowed: 403,
  claims_invalid: 500,
  event_malformed: 400,
  event_too_large: 413,
  identifier_missing: 500,
  fauna_unauthorized: 500,
  fauna_forbidden: 500,
  fauna_timeout: 503,
  fauna_throttled: 503,
  fauna_unavailable: 503,
  fauna_conflict: 503,
  fauna_query_failed: 500,
  deadline_exceeded: 503,
  claims_too_large: 500,
  internal_error: 500,
};

/** One error class for the package, with a stable snake_case `code` and the HTTP `status` answered when a sign-in fails. */
export class FaunaTokenError extends Error {
  readonly code: FaunaErrorCode;
  readonly status: 400 | 403 | 413 | 500 | 503;
  /** The Fauna error code behind it (`unauthorized`, `time_out`, …), when Fauna answered. */
  readonly faunaCode: string | undefined;

  constructor(code: FaunaErrorCode, message: string, options: { readonly cause?: unknown; readonly faunaCode?: string } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'FaunaTokenError';
    this.code = code;
    this.status = STATUS[code];
    this.faunaCode = options.faunaCode;
  }

  toJSON(): { code: FaunaErrorCode; status: number; message: string; faunaCode?: string } {
    return {
      code: this.code,
      status: this.status,
      message: this.message,
      ...(this.faunaCode === undefined ? {} : { faunaCode: this.faunaCode }),
    };
  }
}

export function isFaunaTokenError(value: unknown): value is FaunaTokenError {
  return value instanceof FaunaTokenError;
}

/** What the driver throws, read by shape rather than class: two copies of the driver must classify alike. */
interface DriverErrorShape {
  readonly name?: unknown;
  readonly code?: unknown;
  readonly httpStatus?: unknown;
  readonly cause?: unknown;
}

/** Fauna error codes after which the same transaction may succeed when run again at once. */
export const RETRYABLE_FAUNA_CODES: ReadonlySet<string> = new Set(['constraint_failure', 'contended_transaction']);

export function faunaCodeOf(error: unknown): string | undefined {
  const code = (error as DriverErrorShape | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/**
 * Sorts anything the driver throws into the package's codes. The message is ours; Fauna's own message
 * (which may quote the query) stays in `cause`.
 */
export function toFaunaTokenError(error: unknown): FaunaTokenError {
  if (error instanceof FaunaTokenError) return error;
  const shape = (typeof error === 'object' && error !== null ? error : {}) as DriverErrorShape;
  const name = typeof shape.name === 'string' ? shape.name : '';
  const code = faunaCodeOf(error);
  const status = typeof shape.httpStatus === 'number' ? shape.httpStatus : undefined;
  const from = (kind: FaunaErrorCode, message: string): FaunaTokenError =>
    new FaunaTokenError(kind, message, { cause: error, ...(code === undefined ? {} : { faunaCode: code }) });

  if (name === 'NetworkError') {
    const cause = shape.cause as { message?: unknown } | undefined;
    return cause?.message === 'Client timeout'
      ? from('fauna_timeout', 'Fauna did not answer within the client timeout')
      : from('fauna_unavailable', 'Fauna could not be reached (network error)');
  }
  switch (code) {
    case 'unauthorized':
      return from(
        'fauna_unauthorized',
        'Fauna refused the secret: expected a valid key or token secret, found an unknown, deleted or expired one',
      );
    case 'forbidden':
    case 'permission_denied':
      return from('fauna_forbidden', "Fauna refused the query: the secret's role lacks the privileges it needs");
    case 'time_out':
      return from('fauna_timeout', 'Fauna answered time_out: the query did not finish within its query timeout');
    case 'limit_exceeded':
      return from('fauna_throttled', "Fauna answered limit_exceeded (429) after the driver's retries");
    case 'constraint_failure':
    case 'contended_transaction':
      return from('fauna_conflict', `Fauna answered ${code} again after one retry`);
    default:
      break;
  }
  if ((status !== undefined && status >= 500) || name === 'ServiceInternalError' || name === 'ProtocolError') {
    return from(
      'fauna_unavailable',
      `Fauna failed: expected an answer, found HTTP ${status ?? 'error'}${code === undefined ? '' : ` (${code})`}`,
    );
  }
  if (code !== undefined) {
    return from(
      'fauna_query_failed',
      `Fauna rejected the query with ${code}${status === undefined ? '' : ` (HTTP ${status})`}: check the collection, index and unique constraint (see the README)`,
    );
  }
  return from('fauna_unavailable', `Fauna could not be queried: ${name || 'unexpected error'}`);
}
