/**
 * `inspect` builds several verifiers for one token (one per relaxed pass). This fetch lets them share
 * each discovery and key document: a URL is requested once per run, so the issuer sees one request.
 */
import type { FetchLike } from '@tokenward/core';

interface Stored {
  readonly status: number;
  readonly headers: [string, string][];
  readonly body: ArrayBuffer;
}

export interface FetchOnce {
  readonly fetch: FetchLike;
  /** URLs requested, in order (never the token: only discovery and key URLs reach here). */
  readonly requested: readonly string[];
}

function headerPairs(headers: Headers): [string, string][] {
  const pairs: [string, string][] = [];
  headers.forEach((value, name) => pairs.push([name, value]));
  return pairs;
}

export function createFetchOnce(base: FetchLike = (input, init) => globalThis.fetch(input, init)): FetchOnce {
  const cache = new Map<string, Promise<Stored>>();
  const requested: string[] = [];
  const fetchOnce: FetchLike = async (input, init) => {
    let stored = cache.get(input);
    if (stored === undefined) {
      requested.push(input);
      stored = (async () => {
        const response = await base(input, init);
        return { status: response.status, headers: headerPairs(response.headers), body: await response.arrayBuffer() };
      })();
      cache.set(input, stored);
      // A failure is not cached: the next pass may retry (core's own backoff still applies per verifier).
      stored.catch(() => cache.delete(input));
    }
    const { status, headers, body } = await stored;
    const copy = new Response(status === 204 || status === 304 ? null : body.slice(0), { status, headers });
    Object.defineProperty(copy, 'url', { value: input });
    return copy;
  };
  return { fetch: fetchOnce, requested };
}

/** Core's rule for key URLs: https, or http only on loopback; never credentials. */
export function isAllowedUrl(value: string): boolean {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return false;
  }
  if (url.username !== '' || url.password !== '') return false;
  if (url.protocol === 'https:') return true;
  if (url.protocol !== 'http:') return false;
  const host = url.hostname;
  return host === 'localhost' || host === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}
