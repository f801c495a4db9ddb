/**
 * The in-memory transport: a fetch function that serves the issuer's routes without a socket,
 * carrying out the same delivery plans and failing the way fetch fails (TypeError on a dropped
 * connection, the signal's reason on abort).
 */
import type { Delivery } from './faults.js';
import { cancel, cancelAll, schedule, type TimerHandle } from './timers.js';
import type { TestFetch } from './types.js';

const NO_BODY = new Set([204, 205, 304]);

function networkError(message: string): TypeError {
  return new TypeError('fetch failed', { cause: new Error(message) });
}

function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('This operation was aborted', 'AbortError');
}

export interface MemoryTransport {
  readonly fetch: TestFetch;
  /** Fails every pending request and refuses new ones. */
  close(): void;
}

export function createMemoryTransport(origin: () => string, handle: (method: string, target: string) => Delivery): MemoryTransport {
  const timers = new Set<TimerHandle>();
  const pending = new Set<(error: unknown) => void>();
  let closed = false;

  /** Resolves after `ms`; rejects on abort or close. */
  const wait = (ms: number, signal: AbortSignal | undefined): Promise<void> =>
    new Promise<void>((resolve, reject) => {
      if (signal?.aborted) {
        reject(abortReason(signal));
        return;
      }
      const done = (error?: unknown): void => {
        pending.delete(fail);
        signal?.removeEventListener('abort', onAbort);
        if (timer !== undefined) cancel(timers, timer);
        if (error === undefined) resolve();
        else reject(error);
      };
      const fail = (error: unknown): void => done(error);
      const onAbort = (): void => done(signal ? abortReason(signal) : undefined);
      pending.add(fail);
      signal?.addEventListener('abort', onAbort, { once: true });
      const timer: TimerHandle | undefined = Number.isFinite(ms) ? schedule(timers, ms, () => done()) : undefined;
    });

  const respond = (
    delivery: Extract<Delivery, { type: 'send' | 'drip' }>,
    method: string,
    url: string,
    signal: AbortSignal | undefined,
  ): Response => {
    const { status, headers, body } = delivery.response;
    const bodyless = method === 'HEAD' || NO_BODY.has(status);
    let stream: ReadableStream<Uint8Array> | null = null;
    if (!bodyless && delivery.type === 'drip') {
      let offset = 0;
      stream = new ReadableStream<Uint8Array>({
        async pull(controller) {
          await wait(delivery.chunkDelayMs, signal);
          controller.enqueue(body.slice(offset, offset + delivery.chunkBytes));
          offset += delivery.chunkBytes;
          if (offset >= body.length) controller.close();
        },
      });
    } else if (!bodyless) {
      stream = new ReadableStream<Uint8Array>({
        start(controller) {
          controller.enqueue(body.slice());
          controller.close();
        },
      });
    }
    const responseHeaders = new Headers(headers);
    if (delivery.type === 'drip' || !delivery.chunked) responseHeaders.set('content-length', String(body.length));
    const response = new Response(stream, { status, headers: responseHeaders });
    // fetch() sets `url` on its responses; the constructor cannot.
    Object.defineProperty(response, 'url', { value: url });
    return response;
  };

  const fetch: TestFetch = async (input, init) => {
    const request = new Request(input, init);
    const signal = init?.signal ?? (input instanceof Request ? input.signal : undefined) ?? undefined;
    if (signal?.aborted) throw abortReason(signal);
    if (closed) throw networkError('the test issuer is closed');
    const target = new URL(request.url);
    if (target.origin !== origin()) throw networkError(`the in-memory test issuer serves ${origin()}, not ${target.origin}`);
    const delivery = handle(request.method, `${target.pathname}${target.search}`);
    switch (delivery.type) {
      case 'outage':
        throw networkError('other side closed');
      case 'hang':
        await wait(Number.POSITIVE_INFINITY, signal);
        throw networkError('the test issuer closed');
      case 'send':
        if (delivery.delayMs > 0) await wait(delivery.delayMs, signal);
        return respond(delivery, request.method, request.url, signal);
      case 'drip':
        return respond(delivery, request.method, request.url, signal);
    }
  };

  return {
    fetch,
    close() {
      closed = true;
      cancelAll(timers);
      for (const fail of [...pending]) fail(networkError('terminated'));
    },
  };
}
