/**
 * Reads a request body up to a byte limit and no further: a body without `Content-Length` (chunked) is
 * counted as it arrives, and the stream is cancelled at the limit instead of being read to the end.
 */
import type { Deadline } from './deadline.js';
import { FaunaTokenError } from './errors.js';

/** A body stream, structurally: the Web's and Node's `ReadableStream` types both fit. */
export interface BodyStream {
  getReader(): {
    read(): Promise<{ readonly done: boolean; readonly value?: unknown }>;
    cancel(reason?: unknown): Promise<void>;
  };
}

/** What can be read: a Web `Request`, an Azure Functions `HttpRequest`, or anything with `text()`. */
export interface BodySource {
  /** The body as a stream (Web `Request`, Azure Functions `HttpRequest`); read when present. */
  readonly body?: BodyStream | null;
  text(): Promise<string>;
}

function tooLarge(limit: number, found: string): FaunaTokenError {
  return new FaunaTokenError('event_too_large', `the event is too large: expected at most ${limit} bytes, found ${found}`);
}

async function readStream(stream: BodyStream, limit: number): Promise<string> {
  const reader = stream.getReader();
  const decoder = new TextDecoder('utf-8', { fatal: false });
  let size = 0;
  let text = '';
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return text + decoder.decode();
    if (!(value instanceof Uint8Array)) {
      reader.cancel().catch(() => undefined);
      throw new FaunaTokenError('event_malformed', 'the request body could not be read: expected bytes, found another kind of chunk');
    }
    size += value.byteLength;
    if (size > limit) {
      // Stop here: whatever else the caller sends is never pulled.
      reader.cancel().catch(() => undefined);
      throw tooLarge(limit, `more (${size} bytes read before stopping)`);
    }
    text += decoder.decode(value, { stream: true });
  }
}

/** A body that fails while it is read (the caller went away) is the caller's problem, not Fauna's. */
function unreadable(error: unknown): never {
  if (error instanceof FaunaTokenError) throw error;
  throw new FaunaTokenError(
    'event_malformed',
    'the request body could not be read: expected a complete body, found a failed or aborted one',
    { cause: error },
  );
}

/** The body as text, at most `limit` bytes; `event_too_large` (413) past it, declared or not. */
export async function readBodyWithin(
  source: BodySource,
  declaredLength: string | undefined,
  limit: number,
  deadline: Deadline,
): Promise<string> {
  const declared = declaredLength === undefined ? undefined : Number(declaredLength);
  if (declared !== undefined && declared > limit) throw tooLarge(limit, `a declared Content-Length of ${declared}`);
  const stream = source.body;
  if (stream !== undefined && stream !== null && typeof stream.getReader === 'function') {
    return deadline.race(readStream(stream, limit).catch(unreadable), 'reading the event');
  }
  const text = await deadline.race(source.text().catch(unreadable), 'reading the event');
  const size = new TextEncoder().encode(text).byteLength;
  if (size > limit) throw tooLarge(limit, `${size} bytes`);
  return text;
}
