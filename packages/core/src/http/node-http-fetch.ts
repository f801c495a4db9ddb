/**
 * The key fetcher of the Node entry: GET over `node:http`/`node:https`, shaped like the small part of
 * `fetch` that `fetchJson` uses (status, headers, a streamed body, abort). Node builds its global
 * `fetch` (undici) on first use, which costs a cold process about 30 ms and 15 MB before the first
 * token can be verified (bench/cold-start); this costs neither.
 */

import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { FetchLike } from '../shared/types.js';

interface BodyReader {
  read(): Promise<{ done: true; value?: undefined } | { done: false; value: Uint8Array }>;
  cancel(): Promise<void>;
}

/** What `fetchJson` reads of a response; everything else of `Response` is never touched. */
interface MinimalResponse {
  readonly status: number;
  readonly ok: boolean;
  readonly type: 'basic';
  readonly headers: { get(name: string): string | null };
  readonly body: { getReader(): BodyReader; cancel(): Promise<void> };
}

function abortError(signal: AbortSignal): unknown {
  return signal.reason ?? new Error('the request was aborted');
}

function headerValue(message: IncomingMessage, name: string): string | null {
  const value = message.headers[name.toLowerCase()];
  if (value === undefined) return null;
  return Array.isArray(value) ? value.join(', ') : value;
}

function bodyOf(message: IncomingMessage): MinimalResponse['body'] {
  const iterator = message[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  const cancel = async (): Promise<void> => {
    message.destroy();
  };
  return {
    getReader: () => ({
      async read() {
        const next = await iterator.next();
        if (next.done === true) return { done: true };
        return { done: false, value: next.value };
      },
      cancel,
    }),
    cancel,
  };
}

/** Request headers as a record, without touching `Headers` (which would load undici after all). */
function plainHeaders(headers: RequestInit['headers']): Record<string, string> {
  if (headers === undefined) return {};
  if (Array.isArray(headers)) return Object.fromEntries(headers.map(([name, value]) => [String(name), String(value)]));
  if (typeof (headers as { forEach?: unknown }).forEach === 'function') {
    const record: Record<string, string> = {};
    (headers as { forEach(callback: (value: string, name: string) => void): void }).forEach((value, name) => {
      record[name] = value;
    });
    return record;
  }
  return { ...(headers as Record<string, string>) };
}

function toResponse(message: IncomingMessage): MinimalResponse {
  const status = message.statusCode ?? 0;
  return {
    status,
    ok: status >= 200 && status < 300,
    type: 'basic',
    headers: { get: (name) => headerValue(message, name) },
    body: bodyOf(message),
  };
}

/**
 * GET only, redirects never followed (`fetchJson` follows them by hand, checking each hop), aborted
 * through `init.signal`. Any other use rejects, so a misuse cannot silently behave differently from `fetch`.
 */
export const nodeHttpFetch: FetchLike = (input, init) =>
  new Promise((resolve, reject) => {
    const method = init?.method ?? 'GET';
    if (method !== 'GET' || (init?.redirect !== undefined && init.redirect !== 'manual')) {
      reject(new TypeError('tokenward: the node key fetcher only sends GET requests with redirect: "manual"'));
      return;
    }
    let url: URL;
    try {
      url = new URL(input);
    } catch (error) {
      reject(error);
      return;
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      reject(new TypeError(`tokenward: the node key fetcher cannot fetch ${url.protocol} URLs`));
      return;
    }
    const signal = init?.signal ?? undefined;
    if (signal?.aborted === true) {
      reject(abortError(signal));
      return;
    }
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    const request = send(url, { method: 'GET', headers: plainHeaders(init?.headers) }, (message) => {
      resolve(toResponse(message) as unknown as Response);
    });
    const onAbort = () => request.destroy(signal === undefined ? undefined : (abortError(signal) as Error));
    signal?.addEventListener('abort', onAbort, { once: true });
    request.on('close', () => signal?.removeEventListener('abort', onAbort));
    request.on('error', reject);
    request.end();
  });
