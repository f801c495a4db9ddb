/** Maps a request to what the issuer serves, independent of the transport (socket or in-memory). */
import { utf8 } from './encoding.js';
import type { Endpoint } from './providers/types.js';

export type RouteKind = 'keys' | 'discovery' | 'other';

export interface RouteResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Uint8Array;
}

export interface Routed {
  readonly kind: RouteKind;
  readonly response: RouteResponse;
}

export interface RouteRenderer {
  /** JSON body of a key endpoint. */
  keys(endpoint: Extract<Endpoint, { kind: 'keys' }>): unknown;
  /** JSON body of a discovery endpoint. */
  discovery(endpoint: Extract<Endpoint, { kind: 'discovery' }>): unknown;
  /** `Cache-Control` on key responses, or null for none. */
  readonly keysCacheControl: string | null;
}

const JSON_TYPE = 'application/json; charset=utf-8';

export function jsonResponse(status: number, value: unknown, headers: Record<string, string> = {}): RouteResponse {
  return { status, headers: { 'content-type': JSON_TYPE, ...headers }, body: utf8(JSON.stringify(value)) };
}

export class Router {
  readonly #routes: ReadonlyMap<string, Endpoint>;
  readonly #render: RouteRenderer;

  constructor(endpoints: readonly Endpoint[], render: RouteRenderer) {
    this.#routes = new Map(endpoints.map((e) => [new URL(e.url).pathname, e]));
    this.#render = render;
  }

  /** `target`: the request path with its query (the query is ignored, as Entra's `?appid=` is). */
  route(method: string, target: string): Routed {
    let pathname: string;
    try {
      pathname = new URL(target, 'http://127.0.0.1').pathname;
    } catch {
      return { kind: 'other', response: jsonResponse(400, { error: 'invalid_request' }) };
    }
    const endpoint = this.#routes.get(pathname);
    if (!endpoint) return { kind: 'other', response: jsonResponse(404, { error: 'not_found', path: pathname }) };
    if (method !== 'GET' && method !== 'HEAD') {
      return { kind: endpoint.kind, response: jsonResponse(405, { error: 'method_not_allowed' }, { allow: 'GET, HEAD' }) };
    }
    if (endpoint.kind === 'keys') {
      const cache = this.#render.keysCacheControl;
      return { kind: 'keys', response: jsonResponse(200, this.#render.keys(endpoint), cache === null ? {} : { 'cache-control': cache }) };
    }
    return {
      kind: 'discovery',
      response: jsonResponse(200, this.#render.discovery(endpoint), { 'cache-control': 'public, max-age=3600' }),
    };
  }
}
