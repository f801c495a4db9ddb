import type { Deadline } from './deadline.js';

/**
 * Reads a response body, giving up as soon as it grows past `maxBytes`: the declared
 * Content-Length is only a shortcut, the count of bytes actually read is what is enforced.
 * Returns undefined when the body is too large.
 */
export async function readLimitedBody(response: Response, maxBytes: number, deadline: Deadline): Promise<Uint8Array | undefined> {
  const declared = response.headers.get('content-length');
  if (declared !== null && /^\d+$/.test(declared.trim()) && Number(declared) > maxBytes) {
    discardBody(response);
    return undefined;
  }
  if (response.body === null) {
    // Fetch implementations without streams (some test doubles) hand over the whole body at once.
    const whole = new Uint8Array(await deadline.race(response.arrayBuffer()));
    return whole.byteLength > maxBytes ? undefined : whole;
  }
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await deadline.race(reader.read());
      if (done) break;
      total += value.byteLength;
      if (total > maxBytes) {
        void reader.cancel().catch(() => undefined);
        return undefined;
      }
      chunks.push(value);
    }
  } catch (error) {
    void reader.cancel().catch(() => undefined);
    throw error;
  }
  const body = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return body;
}

/** Releases the connection of a response whose body we will not read, without waiting for it. */
export function discardBody(response: Response): void {
  // Rejects when the body already errored or was consumed: nothing left to release then.
  response.body?.cancel().catch(() => undefined);
}
