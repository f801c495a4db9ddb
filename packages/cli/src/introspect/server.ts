/**
 * `tokenward introspect`: token introspection over HTTP in the manner of RFC 7662, for callers that
 * cannot verify tokens themselves (sidecars, gateways, other languages). Signatures and standard claims
 * are verified by core; the other claims are returned for the caller to judge.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { createVerifier, toTokenwardError, type Verifier } from '@tokenward/core';
import type { TokenwardConfig } from '../config.js';
import { BodyTooLargeError, mediaType, parseFields, readBody } from '../http/read-body.js';

export interface IntrospectionLogEntry {
  readonly time: string;
  readonly level: 'info' | 'warn' | 'error';
  readonly msg: string;
  readonly method?: string;
  readonly path?: string;
  readonly status?: number;
  readonly active?: boolean;
  /** Core's error code for an inactive token (`token_expired` …). */
  readonly code?: string;
  /** The token's issuer, when it verified. */
  readonly iss?: string;
  readonly identityProvider?: string;
  readonly durationMs?: number;
  readonly url?: string;
}

export interface IntrospectionServerOptions {
  readonly config: TokenwardConfig;
  /** Default `0` (a free port); the CLI defaults to 8080. */
  readonly port?: number;
  /** Default `127.0.0.1`. */
  readonly host?: string;
  /** Larger request bodies are answered 413. Default 65 536. */
  readonly maxBodyBytes?: number;
  /** How long `close()` waits for requests in flight before ending their connections. Default 10 000. */
  readonly shutdownTimeoutMs?: number;
  /** One structured entry per request and lifecycle event; never a token. Default: JSON lines on stdout. */
  readonly log?: (entry: IntrospectionLogEntry) => void;
}

export interface IntrospectionServer {
  readonly url: string;
  /** Resolves when every issuer's keys were fetched once (what `/readyz` reports). */
  readonly warmed: Promise<boolean>;
  /** Graceful: `/readyz` turns 503, no new connections, requests in flight finish (up to `shutdownTimeoutMs`). */
  close(): Promise<void>;
}

/** Problems with the request itself (not the token): 4xx in the OAuth error format. */
interface RequestProblem {
  readonly status: 400 | 404 | 405 | 413 | 415;
  readonly error: string;
  readonly description: string;
  readonly headers?: Record<string, string>;
}

const JSON_TYPE = 'application/json';
const FORM_TYPE = 'application/x-www-form-urlencoded';

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', 'content-length': String(Buffer.byteLength(text)), ...headers });
  res.end(text);
}

export function defaultLog(entry: IntrospectionLogEntry): void {
  process.stdout.write(`${JSON.stringify(entry)}\n`);
}

/**
 * Starts the introspection service.
 *
 * @example
 * const service = await startIntrospectionServer({ config: await loadConfig('tokenward.json'), port: 8080 });
 * // POST /introspect  token=eyJ…  →  {"active":true,"iss":…,"sub":…}
 * await service.close();
 */
export async function startIntrospectionServer(options: IntrospectionServerOptions): Promise<IntrospectionServer> {
  const { config } = options;
  const maxBodyBytes = options.maxBodyBytes ?? 65_536;
  const shutdownTimeoutMs = options.shutdownTimeoutMs ?? 10_000;
  const log = options.log ?? defaultLog;
  const entry = (fields: Omit<IntrospectionLogEntry, 'time'>): void => log({ time: new Date().toISOString(), ...fields });

  // One verifier over every issuer (selected by `iss`), and one per issuer for `identity_provider`.
  const all: Verifier = createVerifier({ ...config.verifierOptions, issuers: config.issuers.flatMap((i) => i.configs) });
  const byId = new Map(config.issuers.map((issuer) => [issuer.id, createVerifier({ ...config.verifierOptions, issuers: [...issuer.configs] })]));

  let ready = false;
  let draining = false;
  const warmAll = async (): Promise<boolean> => {
    try {
      await all.warm();
      ready = true;
    } catch (error) {
      entry({ level: 'warn', msg: 'keys not available yet', code: toTokenwardError(error).code });
    }
    return ready;
  };
  const warmed = warmAll();

  async function introspect(req: IncomingMessage): Promise<{ status: number; body: unknown; headers?: Record<string, string>; log: Partial<IntrospectionLogEntry> } | RequestProblem> {
    const type = mediaType(req);
    if (type !== JSON_TYPE && type !== FORM_TYPE) {
      return { status: 415, error: 'invalid_request', description: `send ${JSON_TYPE} or ${FORM_TYPE}, found ${type || 'no content type'}` };
    }
    const text = await readBody(req, maxBodyBytes);
    let fields: Record<string, unknown> | undefined;
    try {
      fields = parseFields(type, text);
    } catch {
      fields = undefined;
    }
    if (fields === undefined) return { status: 400, error: 'invalid_request', description: 'the body is not a JSON object' };
    const { token, identity_provider: identityProvider } = fields;
    if (typeof token !== 'string' || token.length === 0) return { status: 400, error: 'invalid_request', description: 'the "token" parameter is required' };
    if (identityProvider !== undefined && (typeof identityProvider !== 'string' || !byId.has(identityProvider))) {
      return { status: 400, error: 'invalid_request', description: `unknown identity_provider; configured: ${[...byId.keys()].join(', ')}` };
    }
    const verifier = identityProvider === undefined ? all : (byId.get(identityProvider) as Verifier);
    const idp = identityProvider === undefined ? {} : { identityProvider };
    try {
      const verified = await verifier.verify(token);
      // Claims first, `active` last: a claim named "active" cannot overrule the verdict.
      return { status: 200, body: { ...verified.claims, active: true }, log: { active: true, iss: verified.claims.iss, ...idp } };
    } catch (thrown) {
      const error = toTokenwardError(thrown);
      if (error.code === 'jwks_unavailable') {
        // Not the token's fault: say so, so the caller retries instead of rejecting a valid user.
        const retry: Record<string, string> = error.retryAfterSec === undefined ? {} : { 'retry-after': String(error.retryAfterSec) };
        return { status: 503, body: { error: 'temporarily_unavailable', error_description: 'the issuer\'s keys cannot be fetched right now' }, headers: retry, log: { code: error.code, ...idp } };
      }
      return { status: 200, body: { active: false, error: error.message }, log: { active: false, code: error.code, ...idp } };
    }
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = performance.now();
    const method = req.method ?? 'GET';
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const done = (status: number, extra: Partial<IntrospectionLogEntry> = {}): void =>
      entry({ level: status >= 500 ? 'error' : 'info', msg: 'request', method, path, status, durationMs: Math.round((performance.now() - started) * 10) / 10, ...extra });
    const problem = (p: RequestProblem): void => {
      send(res, p.status, { error: p.error, error_description: p.description }, p.headers);
      done(p.status);
    };

    if (path === '/healthz' || path === '/readyz') {
      if (method !== 'GET' && method !== 'HEAD') return problem({ status: 405, error: 'invalid_request', description: 'use GET', headers: { allow: 'GET, HEAD' } });
      if (path === '/healthz') {
        send(res, 200, { status: 'ok' });
        return done(200);
      }
      const isReady = !draining && (ready || (await warmAll()));
      send(res, isReady ? 200 : 503, { status: isReady ? 'ready' : draining ? 'shutting down' : 'keys not available' });
      return done(isReady ? 200 : 503);
    }
    if (path !== '/introspect') return problem({ status: 404, error: 'not_found', description: 'POST /introspect, GET /healthz, GET /readyz' });
    if (method !== 'POST') return problem({ status: 405, error: 'invalid_request', description: 'use POST', headers: { allow: 'POST' } });
    try {
      const outcome = await introspect(req);
      if ('error' in outcome) return problem(outcome);
      send(res, outcome.status, outcome.body, outcome.headers);
      done(outcome.status, outcome.log);
    } catch (error) {
      if (error instanceof BodyTooLargeError) return problem({ status: 413, error: 'invalid_request', description: error.message, headers: { connection: 'close' } });
      throw error;
    }
  }

  const sockets = new Set<Socket>();
  const inFlight = new Set<ServerResponse>();
  const server = createServer((req, res) => {
    inFlight.add(res);
    res.once('close', () => inFlight.delete(res));
    if (draining) res.setHeader('connection', 'close');
    handle(req, res).catch(() => {
      if (!res.headersSent) send(res, 500, { error: 'server_error' });
      entry({ level: 'error', msg: 'request failed', method: req.method ?? 'GET', status: 500 });
    });
  });
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  server.requestTimeout = 30_000;
  server.headersTimeout = 10_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const url = `http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}`;
  entry({ level: 'info', msg: 'listening', url });

  let closing: Promise<void> | undefined;
  return {
    url,
    warmed,
    close() {
      closing ??= (async () => {
        draining = true;
        entry({ level: 'info', msg: 'shutting down', url });
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeIdleConnections();
        const deadline = Date.now() + shutdownTimeoutMs;
        while (inFlight.size > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
        for (const socket of sockets) socket.destroy();
        await closed;
        entry({ level: 'info', msg: 'stopped' });
      })();
      return closing;
    },
  };
}
