/**
 * A small stand-in for the Functions host, for running offline without Azure Functions Core Tools: each
 * HTTP request becomes a real `HttpRequest` and `InvocationContext` from `@azure/functions`, the same
 * handler the host would call runs, and its answer is written back.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { createRequire } from 'node:module';
import type * as Azure from '@azure/functions';
import type { HttpHandler } from '@azure/functions';

// @azure/functions is CommonJS whose named exports Node's ESM loader cannot detect: load it with require.
const { HttpRequest, HttpResponse, InvocationContext } = createRequire(import.meta.url)('@azure/functions') as typeof Azure;

function headersOf(req: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headersDistinct)) if (value) headers[name] = value.join(', ');
  return headers;
}

async function bodyOf(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export function createLocalHost(handler: HttpHandler, log: (line: string) => void = () => undefined): Server {
  return createServer((req, res) => {
    const url = new URL(req.url ?? '/', `http://${req.headers.host ?? '127.0.0.1'}`);
    if (req.method !== 'POST' || url.pathname !== '/api/fauna-claims') {
      res.writeHead(404).end();
      return;
    }
    bodyOf(req)
      .then(async (body) => {
        const request = new HttpRequest({ method: 'POST', url: url.toString(), headers: headersOf(req), body: { string: body } });
        const context = new InvocationContext({ functionName: 'faunaClaims', logHandler: (level, ...args) => log(`[${level}] ${args.join(' ')}`) });
        const result = await handler(request, context);
        const response = result instanceof HttpResponse ? result : new HttpResponse(result);
        const headers: Record<string, string> = {};
        response.headers.forEach((value, name) => {
          headers[name] = value;
        });
        res.writeHead(response.status, headers).end(Buffer.from(await response.arrayBuffer()));
      })
      .catch(() => res.writeHead(500).end());
  });
}
