/**
 * A small stand-in for the Functions host, for running offline without Azure Functions Core Tools: it
 * turns each HTTP request into a real `HttpRequest` and `InvocationContext` from `@azure/functions`,
 * calls the same handlers the host would, and writes their `HttpResponse` back.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { createRequire } from 'node:module';
import type * as AzureFunctions from '@azure/functions';
import type { HttpHandler } from '@azure/functions';
import type { OrderFunctions } from './functions.js';

// @azure/functions is CommonJS, and Node's ESM loader sees only some of its named exports: load it as CJS.
const { HttpRequest, HttpResponse, InvocationContext } = createRequire(import.meta.url)('@azure/functions') as typeof AzureFunctions;

interface Route {
  readonly method: string;
  readonly pattern: RegExp;
  readonly name: string;
  readonly handler: HttpHandler;
}

function headersOf(req: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  // The host joins repeated headers with ", ", as Web Headers do.
  for (const [name, value] of Object.entries(req.headersDistinct)) if (value) headers[name] = value.join(', ');
  return headers;
}

export function createLocalHost(functions: OrderFunctions): Server {
  const routes: Route[] = [
    { method: 'GET', pattern: /^\/api\/orders$/, name: 'listOrders', handler: functions.listOrders },
    { method: 'DELETE', pattern: /^\/api\/orders\/(?<id>[^/]+)$/, name: 'deleteOrder', handler: functions.deleteOrder },
  ];
  return createServer((req, res) => {
    const url = new URL(req.url ?? '/', `http://${req.headers.host ?? '127.0.0.1'}`);
    const route = routes.find((r) => r.method === req.method && r.pattern.test(url.pathname));
    if (!route) {
      res.writeHead(404).end();
      return;
    }
    const params = route.pattern.exec(url.pathname)?.groups ?? {};
    const request = new HttpRequest({ method: req.method ?? 'GET', url: url.toString(), headers: headersOf(req), params });
    const context = new InvocationContext({ functionName: route.name });
    Promise.resolve(route.handler(request, context))
      .then(async (result) => {
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
