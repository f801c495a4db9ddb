/**
 * A small stand-in for the Functions host, for running offline without Azure Functions Core Tools: each
 * HTTP request becomes a real `HttpRequest` and `InvocationContext` from `@azure/functions`, the same
 * handler the host would call runs, and its answer is written back.
 *
 * Like a host in front of a public endpoint, it reads at most 64 KiB of body (a chunked body without
 * `Content-Length` included: reading stops at the limit, 413) and waits for the body at most the
 * extension's timeout (503): the handler only ever sees a whole, small body.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import type * as Azure from '@azure/functions';
import type { HttpHandler } from '@azure/functions';
import { FaunaTokenError, MAX_EVENT_BYTES } from '@tokenward/fauna';

// @azure/functions is CommonJS whose named exports Node's ESM loader cannot detect: load it with require.
const { HttpRequest, HttpResponse, InvocationContext } = createRequire(import.meta.url)('@azure/functions') as typeof Azure;

export interface LocalHost extends Server {
  /** Request-body bytes read off the sockets so far. */
  bodyBytesRead(): number;
}

export interface LocalHostOptions {
  readonly log?: (line: string) => void;
  /** How long the body may take to arrive: the extension's timeout. Default `1000`. */
  readonly bodyTimeoutMs?: number;
}

function headersOf(req: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headersDistinct)) if (value) headers[name] = value.join(', ');
  return headers;
}

/** The body, at most `limit` bytes and within `timeoutMs`; a `FaunaTokenError` otherwise, with the stream left unread. */
function bodyOf(req: IncomingMessage, limit: number, timeoutMs: number, count: (bytes: number) => void): Promise<string> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > limit)
    return Promise.reject(
      new FaunaTokenError(
        'event_too_large',
        `the event is too large: expected at most ${limit} bytes, found a declared Content-Length of ${declared}`,
      ),
    );
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const stop = (error: FaunaTokenError): void => {
      clearTimeout(timer);
      req.off('data', onData);
      // Stop taking bytes off the socket; the answer closes the connection.
      req.pause();
      reject(error);
    };
    const timer = setTimeout(
      () => stop(new FaunaTokenError('deadline_exceeded', `reading the event did not finish within the ${timeoutMs} ms budget`)),
      timeoutMs,
    );
    const onData = (chunk: Buffer): void => {
      count(chunk.length);
      size += chunk.length;
      if (size > limit)
        stop(
          new FaunaTokenError(
            'event_too_large',
            `the event is too large: expected at most ${limit} bytes, found more (${size} bytes read before stopping)`,
          ),
        );
      else chunks.push(chunk);
    };
    req.on('data', onData);
    req.once('end', () => {
      clearTimeout(timer);
      resolve(Buffer.concat(chunks).toString('utf8'));
    });
    req.once('error', () =>
      stop(new FaunaTokenError('event_malformed', 'the request body could not be read: expected a complete body, found an aborted one')),
    );
  });
}

/** Answers before the body was read: the answer, then the connection closes (the rest is never drained). */
function refuse(req: IncomingMessage, res: ServerResponse, error: FaunaTokenError): void {
  const body = JSON.stringify({ error: error.code, error_description: error.message });
  res.writeHead(error.status, {
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store',
    'content-length': String(Buffer.byteLength(body)),
    connection: 'close',
  });
  res.end(body, () => req.socket.destroy());
}

export function createLocalHost(handler: HttpHandler, options: LocalHostOptions = {}): LocalHost {
  const log = options.log ?? (() => undefined);
  let bytesRead = 0;
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', `http://${req.headers.host ?? '127.0.0.1'}`);
    if (req.method !== 'POST' || url.pathname !== '/api/fauna-claims') {
      res.writeHead(404, { connection: 'close' }).end();
      return;
    }
    bodyOf(req, MAX_EVENT_BYTES, options.bodyTimeoutMs ?? 1000, (bytes) => {
      bytesRead += bytes;
    })
      .then(async (body) => {
        const request = new HttpRequest({ method: 'POST', url: url.toString(), headers: headersOf(req), body: { string: body } });
        const context = new InvocationContext({
          functionName: 'faunaClaims',
          logHandler: (level, ...args) => log(`[${level}] ${args.join(' ')}`),
        });
        const result = await handler(request, context);
        const response = result instanceof HttpResponse ? result : new HttpResponse(result);
        const headers: Record<string, string> = {};
        response.headers.forEach((value, name) => {
          headers[name] = value;
        });
        res.writeHead(response.status, headers).end(Buffer.from(await response.arrayBuffer()));
      })
      .catch((error: unknown) => {
        if (error instanceof FaunaTokenError) refuse(req, res, error);
        else res.writeHead(500, { connection: 'close' }).end();
      });
  });
  return Object.assign(server, { bodyBytesRead: () => bytesRead });
}
