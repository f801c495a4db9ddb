/**
 * A fetch handler on a real node:http server on 127.0.0.1, the way Node fetch-style hosts bridge it: the
 * request body becomes a Web stream that pulls from the socket only when read, and a body left unread
 * (an early answer) closes the connection after the answer instead of being drained. `bytesRead` counts
 * what the server actually took off the socket.
 */
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface NodeHost {
  readonly url: string;
  /** Request-body bytes read from the sockets so far. */
  readonly bytesRead: number;
  close(): Promise<void>;
}

function bodyStream(req: IncomingMessage, count: (bytes: number) => void): { stream: ReadableStream<Uint8Array>; finished: () => boolean } {
  let ended = false;
  req.pause();
  const stream = new ReadableStream<Uint8Array>(
    {
      start(controller) {
        req.on('data', (chunk: Buffer) => {
          count(chunk.length);
          controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
          req.pause();
        });
        req.on('end', () => {
          ended = true;
          controller.close();
        });
        req.on('error', (error) => controller.error(error));
      },
      pull() {
        req.resume();
      },
      cancel() {
        req.pause();
      },
    },
    { highWaterMark: 0 },
  );
  return { stream, finished: () => ended };
}

export async function serveFetch(handler: (request: Request) => Promise<Response>): Promise<NodeHost> {
  let bytesRead = 0;
  const server = createServer((req, res) => {
    const { stream, finished } = bodyStream(req, (bytes) => {
      bytesRead += bytes;
    });
    const headers = new Headers();
    for (const [name, values] of Object.entries(req.headersDistinct)) for (const value of values ?? []) headers.append(name, value);
    const hasBody = req.headers['content-length'] !== undefined || req.headers['transfer-encoding'] !== undefined;
    const request = new Request(`http://127.0.0.1${req.url ?? '/'}`, {
      method: req.method ?? 'GET',
      headers,
      ...(hasBody && req.method !== 'GET' ? { body: stream, duplex: 'half' } : {}),
    } as RequestInit);
    handler(request)
      .then(async (response) => {
        const body = Buffer.from(await response.arrayBuffer());
        const unread = !finished() && hasBody;
        const out: Record<string, string> = {};
        response.headers.forEach((value, name) => {
          out[name] = value;
        });
        res.writeHead(response.status, { ...out, 'content-length': String(body.length), ...(unread ? { connection: 'close' } : {}) });
        // An unread body is not drained: the answer goes out, then the connection closes.
        res.end(body, () => {
          if (unread) req.socket.destroy();
        });
      })
      .catch(() => res.writeHead(500, { connection: 'close' }).end());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    get bytesRead() {
      return bytesRead;
    },
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
