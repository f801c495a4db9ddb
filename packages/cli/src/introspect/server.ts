/**
 * `tokenward introspect`: token introspection over HTTP in the manner of RFC 7662, for callers that
 * cannot verify tokens themselves (sidecars, gateways, other languages). Signatures and standard claims
 * are verified by core; the other claims are returned for the caller to judge.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { createVerifier, toTokenwardError, type Verifier } from '@tokenward/core';
import { resolveCallers, type TokenwardConfig } from '../config.js';
import { BodyTooLargeError, ClientAbortedError, isLoopbackHost, mediaType, parseFields, readBody } from '../http/read-body.js';
import { MAX_JSON_DEPTH, nestsDeeperThan } from '../json-depth.js';
import { challenges, checkCaller, type CallerCredential } from './caller-auth.js';
import { defaultMaxConnections } from './descriptor-limit.js';
import { activeAnswer } from './rfc7662.js';

export type { CallerCredential } from './caller-auth.js';

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
  /** Which configured caller made the request (`client gateway`, `bearer #1`), never a secret. */
  readonly caller?: string;
  /** On `listening`: the connection cap in force. */
  readonly maxConnections?: number;
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
  /**
   * Who may call `POST /introspect` (RFC 7662 §2.1). Default: the config's `introspection.callers`, their
   * secrets read from `process.env`. Without any, the server refuses to start unless `allowUnauthenticated`.
   */
  readonly callers?: readonly CallerCredential[];
  /** Answer any caller. Loopback hosts only. Default false. */
  readonly allowUnauthenticated?: boolean;
  /** Inactive answers say only that the token is not active, and errors name no configured issuer (RFC 7662 §2.2). Default: the config's `introspection.withholdReasons`, else false. */
  readonly withholdReasons?: boolean;
  /** A connection must send its request headers within this long (also a connection that sends nothing). Default 10 000. */
  readonly headersTimeoutMs?: number;
  /** A whole request (headers and body) must arrive within this long. Default 30 000. */
  readonly requestTimeoutMs?: number;
  /** An idle keep-alive connection is closed after this long. Default 5 000. */
  readonly keepAliveTimeoutMs?: number;
  /** Open connections at most; at the cap the oldest idle connection makes room, so probes still get in. Default 512, or the open-file limit less 64 when that is lower (Linux). */
  readonly maxConnections?: number;
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
  readonly status: 400 | 401 | 404 | 405 | 413 | 415;
  readonly error: string;
  readonly description: string;
  readonly headers?: Record<string, string>;
}

const JSON_TYPE = 'application/json';
const FORM_TYPE = 'application/x-www-form-urlencoded';

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store',
    'content-length': String(Buffer.byteLength(text)),
    ...headers,
  });
  res.end(text);
}

export function defaultLog(entry: IntrospectionLogEntry): void {
  process.stdout.write(`${JSON.stringify(entry)}\n`);
}

const WITHHELD = 'the token is not active';

function positive(value: number | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value <= 0)
    throw new TypeError(`tokenward introspect: ${name} must be a positive integer, found ${String(value)}`);
  return value;
}

/** True when the token's header or claims nest deeper than core or a JSON writer can be trusted with. */
function nestsTooDeep(token: string): boolean {
  const parts = token.split('.');
  if (parts.length !== 3) return false;
  return parts
    .slice(0, 2)
    .some((part) => /^[A-Za-z0-9_-]+$/.test(part) && nestsDeeperThan(Buffer.from(part, 'base64url').toString('utf8'), MAX_JSON_DEPTH));
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
  const host = options.host ?? '127.0.0.1';
  const callers = options.callers ?? resolveCallers(config.introspection.callers);
  const allowUnauthenticated = options.allowUnauthenticated === true;
  if (callers.length === 0 && !allowUnauthenticated) {
    throw new TypeError(
      'tokenward introspect: no callers configured: list them in the config (introspection.callers: bearerTokenEnv, or clientId and clientSecretEnv), or pass --allow-unauthenticated on a loopback address',
    );
  }
  if (callers.length === 0 && !isLoopbackHost(host)) {
    throw new TypeError(
      `tokenward introspect: refusing to answer unauthenticated callers on ${host}: configure introspection.callers, or listen on a loopback address`,
    );
  }
  const withholdReasons = options.withholdReasons ?? config.introspection.withholdReasons;
  const headersTimeoutMs = positive(options.headersTimeoutMs, 'headersTimeoutMs', 10_000);
  const requestTimeoutMs = positive(options.requestTimeoutMs, 'requestTimeoutMs', 30_000);
  const keepAliveTimeoutMs = positive(options.keepAliveTimeoutMs, 'keepAliveTimeoutMs', 5_000);
  const maxConnections = positive(options.maxConnections, 'maxConnections', defaultMaxConnections(512));
  const challenge = challenges(callers);

  // One verifier over every issuer (selected by `iss`), and one per issuer for `identity_provider`.
  // Introspection judges the token, not how it is presented: a DPoP-bound token is active, its `cnf`
  // in the answer, and the resource server checks the proof (RFC 9449 §6.2).
  const verifierOptions = { ...config.verifierOptions, dpop: { mode: 'off' as const } };
  const all: Verifier = createVerifier({ ...verifierOptions, issuers: config.issuers.flatMap((i) => i.configs) });
  const byId = new Map(config.issuers.map((issuer) => [issuer.id, createVerifier({ ...verifierOptions, issuers: [...issuer.configs] })]));

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

  async function introspect(
    req: IncomingMessage,
  ): Promise<{ status: number; body: unknown; headers?: Record<string, string>; log: Partial<IntrospectionLogEntry> } | RequestProblem> {
    const type = mediaType(req);
    if (type !== JSON_TYPE && type !== FORM_TYPE) {
      return {
        status: 415,
        error: 'invalid_request',
        description: `send ${JSON_TYPE} or ${FORM_TYPE}, found ${type || 'no content type'}`,
      };
    }
    const unauthorized = (reason: string): RequestProblem => ({
      status: 401,
      error: 'invalid_client',
      description: reason,
      headers: { 'www-authenticate': challenge, connection: 'close' },
    });
    const authorization = req.headers.authorization;
    let caller: string | undefined;
    if (callers.length > 0 && authorization !== undefined) {
      // Refused before the body is read: an unknown caller gets nothing parsed on its behalf.
      const check = checkCaller(callers, authorization, undefined);
      if (!check.ok) return unauthorized(check.reason);
      caller = check.caller;
    }
    const text = await readBody(req, maxBodyBytes);
    let fields: Record<string, unknown> | undefined;
    try {
      fields = parseFields(type, text);
    } catch {
      fields = undefined;
    }
    if (callers.length > 0 && caller === undefined) {
      const check = checkCaller(callers, undefined, fields);
      if (!check.ok) return unauthorized(check.reason);
      caller = check.caller;
    }
    const who = caller === undefined ? {} : { caller };
    if (fields === undefined) return { status: 400, error: 'invalid_request', description: 'the body is not a JSON object' };
    const { token, identity_provider: identityProvider } = fields;
    if (typeof token !== 'string' || token.length === 0)
      return { status: 400, error: 'invalid_request', description: 'the "token" parameter is required' };
    if (identityProvider !== undefined && (typeof identityProvider !== 'string' || !byId.has(identityProvider))) {
      return {
        status: 400,
        error: 'invalid_request',
        description: withholdReasons
          ? 'unknown identity_provider'
          : `unknown identity_provider; configured: ${[...byId.keys()].join(', ')}`,
      };
    }
    const verifier = identityProvider === undefined ? all : (byId.get(identityProvider) as Verifier);
    const idp = identityProvider === undefined ? {} : { identityProvider };
    const inactive = (message: string) => ({ active: false, error: withholdReasons ? WITHHELD : message });
    if (nestsTooDeep(token)) {
      return {
        status: 200,
        body: inactive(`the token is malformed: its header or claims nest deeper than ${MAX_JSON_DEPTH} levels`),
        log: { active: false, code: 'token_malformed', ...idp, ...who },
      };
    }
    try {
      const verified = await verifier.verify(token);
      return { status: 200, body: activeAnswer(verified.claims), log: { active: true, iss: verified.claims.iss, ...idp, ...who } };
    } catch (thrown) {
      const error = toTokenwardError(thrown);
      if (error.code === 'jwks_unavailable') {
        // Not the token's fault: say so, so the caller retries instead of rejecting a valid user.
        const retry: Record<string, string> = error.retryAfterSec === undefined ? {} : { 'retry-after': String(error.retryAfterSec) };
        return {
          status: 503,
          body: { error: 'temporarily_unavailable', error_description: "the issuer's keys cannot be fetched right now" },
          headers: retry,
          log: { code: error.code, ...idp, ...who },
        };
      }
      return { status: 200, body: inactive(error.message), log: { active: false, code: error.code, ...idp, ...who } };
    }
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = performance.now();
    const method = req.method ?? 'GET';
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const done = (status: number, extra: Partial<IntrospectionLogEntry> = {}): void =>
      entry({
        level: status >= 500 ? 'error' : 'info',
        msg: 'request',
        method,
        path,
        status,
        durationMs: Math.round((performance.now() - started) * 10) / 10,
        ...extra,
      });
    const problem = (p: RequestProblem): void => {
      send(res, p.status, { error: p.error, error_description: p.description }, p.headers);
      done(p.status);
    };

    if (path === '/healthz' || path === '/readyz') {
      if (method !== 'GET' && method !== 'HEAD')
        return problem({ status: 405, error: 'invalid_request', description: 'use GET', headers: { allow: 'GET, HEAD' } });
      if (path === '/healthz') {
        send(res, 200, { status: 'ok' });
        return done(200);
      }
      const isReady = !draining && (ready || (await warmAll()));
      send(res, isReady ? 200 : 503, { status: isReady ? 'ready' : draining ? 'shutting down' : 'keys not available' });
      return done(isReady ? 200 : 503);
    }
    if (path !== '/introspect')
      return problem({ status: 404, error: 'not_found', description: 'POST /introspect, GET /healthz, GET /readyz' });
    if (method !== 'POST') return problem({ status: 405, error: 'invalid_request', description: 'use POST', headers: { allow: 'POST' } });
    try {
      const outcome = await introspect(req);
      if ('error' in outcome) return problem(outcome);
      send(res, outcome.status, outcome.body, outcome.headers);
      done(outcome.status, outcome.log);
    } catch (error) {
      if (error instanceof BodyTooLargeError)
        return problem({ status: 413, error: 'invalid_request', description: error.message, headers: { connection: 'close' } });
      if (error instanceof ClientAbortedError) {
        // Nobody is left to answer: a client event, logged as such.
        entry({
          level: 'info',
          msg: 'request aborted by the client',
          method,
          path,
          durationMs: Math.round((performance.now() - started) * 10) / 10,
        });
        return;
      }
      throw error;
    }
  }

  // Sockets in the order they connected, each with its count of requests in flight.
  const sockets = new Map<Socket, number>();
  const inFlight = new Set<ServerResponse>();
  const server = createServer(
    { connectionsCheckingInterval: Math.max(10, Math.min(1000, Math.floor(Math.min(headersTimeoutMs, requestTimeoutMs) / 2))) },
    (req, res) => {
      inFlight.add(res);
      const socket = req.socket;
      sockets.set(socket, (sockets.get(socket) ?? 0) + 1);
      res.once('close', () => {
        inFlight.delete(res);
        const count = sockets.get(socket);
        if (count !== undefined) sockets.set(socket, count - 1);
      });
      if (draining) res.setHeader('connection', 'close');
      handle(req, res).catch(() => {
        if (!res.headersSent) send(res, 500, { error: 'server_error' });
        entry({ level: 'error', msg: 'request failed', method: req.method ?? 'GET', status: 500 });
      });
    },
  );
  server.on('connection', (socket: Socket) => {
    if (sockets.size >= maxConnections - 1) {
      // At the cap, the oldest connection with no request in flight makes room: a flood of idle
      // sockets cannot lock out health probes or real callers.
      for (const [other, busy] of sockets) {
        if (busy === 0) {
          other.destroy();
          sockets.delete(other);
          break;
        }
      }
    }
    sockets.set(socket, 0);
    socket.once('close', () => sockets.delete(socket));
    // Node's headersTimeout never fires for a connection that sends nothing at all: this does.
    socket.setTimeout(headersTimeoutMs);
  });
  // With this listener Node leaves timed-out sockets to us: close the idle ones, let busy ones finish.
  server.on('timeout', (socket: Socket) => {
    if ((sockets.get(socket) ?? 0) === 0) socket.destroy();
  });
  server.on('clientError', (error: NodeJS.ErrnoException, socket) => {
    if (socket.writable && error.code !== 'ECONNRESET') {
      const status =
        error.code === 'HPE_HEADER_OVERFLOW'
          ? '431 Request Header Fields Too Large'
          : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
            ? '408 Request Timeout'
            : '400 Bad Request';
      socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    } else {
      socket.destroy();
    }
    entry({ level: 'info', msg: 'malformed request or connection error', code: error.code ?? 'unknown' });
  });
  server.maxConnections = maxConnections;
  server.requestTimeout = requestTimeoutMs;
  server.headersTimeout = headersTimeoutMs;
  server.keepAliveTimeout = keepAliveTimeoutMs;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const url = `http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}`;
  entry({ level: 'info', msg: 'listening', url, maxConnections });

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
        for (const socket of sockets.keys()) socket.destroy();
        await closed;
        entry({ level: 'info', msg: 'stopped' });
      })();
      return closing;
    },
  };
}
