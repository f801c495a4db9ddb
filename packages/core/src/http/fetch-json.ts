import type { FetchLike } from '../shared/types.js';
import { startDeadline } from './deadline.js';
import { KeyFetchError } from './key-fetch-error.js';
import { describeUrl, isAllowedKeyUrl } from './key-url.js';
import { discardBody, readLimitedBody } from './read-limited-body.js';

export interface FetchJsonOptions {
  readonly fetch: FetchLike;
  readonly timeoutMs: number;
  readonly maxResponseBytes: number;
}

export interface JsonDocument {
  readonly body: unknown;
  /** The `Cache-Control` header of the final response, if any. */
  readonly cacheControl: string | null;
}

/** Redirects are followed by hand so that every hop, not just the first URL, passes the URL rule. */
export const MAX_REDIRECTS = 3;
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

function parseJson(bytes: Uint8Array, label: string): unknown {
  try {
    return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    // The parser's message quotes the body, so it is not kept as the cause.
    throw new KeyFetchError(`${label} is not valid JSON`);
  }
}

/**
 * GETs a JSON document under one deadline covering headers and body, with a streamed size cap,
 * and at most {@link MAX_REDIRECTS} redirects that must each stay within the URL rule.
 * Every failure is a {@link KeyFetchError} whose message names `what`, the URL (without query)
 * and what went wrong, never the response text.
 */
export async function fetchJson(url: string, what: string, options: FetchJsonOptions): Promise<JsonDocument> {
  const label = `${what} at ${describeUrl(url)}`;
  const deadline = startDeadline(options.timeoutMs, () => new KeyFetchError(`${label} timed out after ${options.timeoutMs} ms`));
  try {
    let current = url;
    for (let redirects = 0; ; redirects++) {
      const response = await deadline.race(
        options.fetch(current, { method: 'GET', headers: { accept: 'application/json' }, redirect: 'manual', signal: deadline.signal }),
      );
      if (REDIRECT_STATUSES.has(response.status)) {
        discardBody(response);
        current = nextHop(response, current, redirects, label);
        continue;
      }
      if (response.type === 'opaqueredirect') throw new KeyFetchError(`${label} answered with a redirect that cannot be followed`);
      if (!response.ok) {
        discardBody(response);
        throw new KeyFetchError(`${label} answered ${response.status}`, { status: response.status });
      }
      const bytes = await readLimitedBody(response, options.maxResponseBytes, deadline);
      if (bytes === undefined) throw new KeyFetchError(`${label} is larger than ${options.maxResponseBytes} bytes`);
      return { body: parseJson(bytes, label), cacheControl: response.headers.get('cache-control') };
    }
  } catch (error) {
    if (deadline.expired) throw deadline.error;
    if (error instanceof KeyFetchError) throw error;
    throw new KeyFetchError(`${label} could not be fetched`, { cause: error });
  } finally {
    deadline.clear();
  }
}

function nextHop(response: Response, current: string, redirects: number, label: string): string {
  if (redirects >= MAX_REDIRECTS) throw new KeyFetchError(`${label} redirected more than ${MAX_REDIRECTS} times`);
  const location = response.headers.get('location');
  let next: URL;
  try {
    next = new URL(location ?? '', current);
  } catch {
    throw new KeyFetchError(`${label} redirected to an invalid URL`);
  }
  if (location === null) throw new KeyFetchError(`${label} redirected without a Location`);
  if (!isAllowedKeyUrl(next)) {
    throw new KeyFetchError(`${label} redirected to ${describeUrl(next)}, which is not an allowed key URL (https only)`);
  }
  return next.href;
}
