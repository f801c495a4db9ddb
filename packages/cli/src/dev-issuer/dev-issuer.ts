/**
 * `tokenward dev-issuer`: `@tokenward/testing`'s local issuer as a long-lived server on 127.0.0.1, plus a
 * client credentials token endpoint and a mint endpoint with personas, so an API can be developed and
 * tested offline. Its keys are public TEST keys: nothing outside development may trust it.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Socket } from 'node:net';
import { createTestIssuer, type TestIssuer } from '@tokenward/testing';
import { BodyTooLargeError, ClientAbortedError, isLoopbackHost, mediaType, parseFields, readBody } from '../http/read-body.js';
import { MAX_JSON_DEPTH, nestsDeeperThan } from '../json-depth.js';
import { isPersona, PERSONAS, personaToken, type DevProvider, type MintOverrides, type Persona, type PersonaDefaults } from './personas.js';
import { checkTokenRequest } from './token-endpoint.js';

export { defaultScopeFor } from './token-endpoint.js';

export type { DevProvider, MintOverrides, Persona } from './personas.js';
export { PERSONAS } from './personas.js';

export const DEV_PROVIDERS: readonly DevProvider[] = ['entra', 'auth0', 'cognito', 'okta', 'keycloak', 'google', 'firebase', 'generic'];

export interface DevIssuerOptions {
  /** Token and endpoint shape. Default `'entra'`. */
  readonly provider?: DevProvider;
  /** Port on `host`. Default `0` (a free port); the CLI defaults to 4000. */
  readonly port?: number;
  /** A loopback address only (`127.0.0.1`, `::1`, `localhost`). Default `127.0.0.1`. */
  readonly host?: string;
  /** `aud` of minted tokens. Default: `@tokenward/testing`'s per provider. Not for cognito (its access tokens have no `aud`). */
  readonly audience?: string;
  /** The client application; also the client id of the token endpoint. Default: `@tokenward/testing`'s per provider. */
  readonly clientId?: string;
  /** Secret of the token endpoint's client. Default `'dev-secret'`. */
  readonly clientSecret?: string;
  /** Scopes of the `user` and `admin` personas (and `app`, except on Entra). Default `['Orders.Read']`. */
  readonly scopes?: readonly string[];
  /** App roles of the `admin` persona. Default `['Orders.Admin']`. */
  readonly adminRoles?: readonly string[];
  /** App roles of the `app` persona and of client credentials tokens. Default `['Orders.Admin']`. */
  readonly appRoles?: readonly string[];
  /** Called once per handled request (never with a token). */
  readonly log?: (entry: DevIssuerLogEntry) => void;
}

export interface DevIssuerLogEntry {
  readonly method: string;
  readonly path: string;
  readonly status: number;
  /** Set when a token was minted. */
  readonly persona?: Persona;
}

export interface DevIssuer {
  /** Origin, e.g. `http://127.0.0.1:4000`: the `authority` to give a core preset. */
  readonly url: string;
  /** The exact `iss` of minted tokens. */
  readonly issuer: string;
  readonly provider: DevProvider;
  readonly audience: string;
  readonly clientId: string;
  readonly clientSecret: string;
  /** entra only. */
  readonly tenantId?: string;
  /** cognito only. */
  readonly userPoolId?: string;
  /** keycloak only. */
  readonly realm?: string;
  /** firebase only: the project id (also the audience). */
  readonly projectId?: string;
  readonly discoveryUrl: string;
  readonly jwksUri: string;
  /** Client credentials, form-encoded (`grant_type=client_credentials`). */
  readonly tokenEndpoint: string;
  /** `POST {"persona":"user"}` (JSON or form) → `{ access_token, token_type, expires_in }`. */
  readonly mintEndpoint: string;
  /** Mints a token for a persona, in process. */
  mint(persona?: Persona, overrides?: MintOverrides): Promise<string>;
  /** The underlying test issuer: rotate keys, inject faults, read request counters. */
  readonly testIssuer: TestIssuer;
  /** Stops accepting connections, ends open ones, and releases the keys. Idempotent. */
  close(): Promise<void>;
}

const USER_POOL_ID = 'us-east-1_Example';
const KEYCLOAK_REALM = 'tokenward';
const MAX_BODY_BYTES = 64 * 1024;
/** Longest lifetime `/mint` accepts: one year. */
const MAX_LIFETIME_SEC = 365 * 24 * 3600;

function tokenPath(provider: DevProvider, tenantId: string | undefined): string {
  switch (provider) {
    case 'entra':
      return `/${tenantId ?? ''}/oauth2/v2.0/token`;
    case 'auth0':
      return '/oauth/token';
    case 'cognito':
      return '/oauth2/token';
    case 'okta':
      return '/oauth2/default/v1/token';
    case 'keycloak':
      return `/realms/${KEYCLOAK_REALM}/protocol/openid-connect/token`;
    case 'google':
    case 'firebase':
    case 'generic':
      return '/token';
  }
}

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store',
    'content-length': Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

function stringList(value: unknown): string[] | undefined {
  if (typeof value === 'string') return value.split(/[\s,]+/).filter((s) => s.length > 0);
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return value as string[];
  return undefined;
}

/**
 * Starts a dev issuer on 127.0.0.1.
 *
 * @example
 * const dev = await startDevIssuer({ provider: 'entra', port: 4000 });
 * const verifier = createVerifier({ issuers: [entra({ tenantId: dev.tenantId!, audience: dev.audience, authority: dev.url })] });
 * const token = await dev.mint('user');
 * await dev.close();
 */
export async function startDevIssuer(options: DevIssuerOptions = {}): Promise<DevIssuer> {
  const provider = options.provider ?? 'entra';
  if (!DEV_PROVIDERS.includes(provider)) throw new TypeError(`tokenward dev-issuer: provider must be one of ${DEV_PROVIDERS.join(', ')}`);
  const host = options.host ?? '127.0.0.1';
  if (!isLoopbackHost(host)) {
    throw new TypeError(
      'tokenward dev-issuer: host must be a loopback address (127.0.0.1, ::1, localhost): its keys are public, so anyone who can reach it can mint tokens',
    );
  }
  const port = options.port ?? 0;
  if (!Number.isInteger(port) || port < 0 || port > 65_535)
    throw new TypeError('tokenward dev-issuer: port must be an integer from 0 to 65535');
  const defaults: PersonaDefaults = {
    scopes: options.scopes ?? ['Orders.Read'],
    adminRoles: options.adminRoles ?? ['Orders.Admin'],
    appRoles: options.appRoles ?? ['Orders.Admin'],
  };
  const clientSecret = options.clientSecret ?? 'dev-secret';
  const log = options.log ?? (() => undefined);

  // Requests can arrive before the test issuer exists (it needs the bound port for its URL).
  const routes: { handle?: (req: IncomingMessage, res: ServerResponse) => Promise<void> } = {};
  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    if (!routes.handle) {
      sendJson(res, 503, { error: 'temporarily_unavailable', error_description: 'starting' });
      return;
    }
    routes.handle(req, res).catch(() => {
      if (!res.headersSent) sendJson(res, 500, { error: 'server_error' });
      else res.destroy();
      log({ method: req.method ?? 'GET', path: (req.url ?? '/').split('?')[0] ?? '/', status: 500 });
    });
  });
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const url = `http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}`;

  let testIssuer: TestIssuer;
  try {
    testIssuer = await createTestIssuer({
      provider,
      listen: false,
      origin: url,
      ...(options.audience === undefined ? {} : { audience: options.audience }),
      ...(options.clientId === undefined ? {} : { clientId: options.clientId }),
      ...(provider === 'cognito' ? { userPoolId: USER_POOL_ID } : {}),
      ...(provider === 'keycloak' ? { realm: KEYCLOAK_REALM } : {}),
    });
  } catch (error) {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    throw error;
  }
  const tokenEndpoint = `${url}${tokenPath(provider, testIssuer.tenantId)}`;
  const tokenPaths = new Set([new URL(tokenEndpoint).pathname, '/token']);

  const mint = (persona: Persona = 'user', overrides: MintOverrides = {}): Promise<string> => {
    const { claims, options: mintOptions } = personaToken(provider, persona, defaults, overrides, Math.floor(Date.now() / 1000));
    return testIssuer.mint(claims, mintOptions);
  };
  const tokenResponse = (token: string, lifetime: number) => ({ access_token: token, token_type: 'Bearer', expires_in: lifetime });

  const info = () => ({
    name: 'tokenward dev issuer (TEST keys: never trust it outside development)',
    provider,
    issuer: testIssuer.issuer,
    discovery: testIssuer.discoveryUrl,
    jwks_uri: testIssuer.jwksUri,
    token_endpoint: tokenEndpoint,
    mint_endpoint: `${url}/mint`,
    audience: testIssuer.audience,
    client_id: testIssuer.clientId,
    ...(testIssuer.tenantId === undefined ? {} : { tenant_id: testIssuer.tenantId }),
    ...(provider === 'cognito' ? { user_pool_id: USER_POOL_ID } : {}),
    personas: PERSONAS,
  });

  async function handleMint(req: IncomingMessage, res: ServerResponse): Promise<number> {
    const type = mediaType(req);
    let fields: Record<string, unknown> | undefined = {};
    const text = await readBody(req, MAX_BODY_BYTES);
    if (text.length > 0) {
      if (type !== 'application/json' && type !== 'application/x-www-form-urlencoded') {
        sendJson(res, 415, { error: 'invalid_request', error_description: 'send JSON or a form' });
        return 415;
      }
      if (type === 'application/json' && nestsDeeperThan(text, MAX_JSON_DEPTH)) {
        sendJson(res, 400, {
          error: 'invalid_request',
          error_description: `the body nests deeper than ${MAX_JSON_DEPTH} levels of arrays and objects`,
        });
        return 400;
      }
      try {
        fields = parseFields(type, text);
      } catch {
        fields = undefined;
      }
    }
    if (fields === undefined) {
      sendJson(res, 400, { error: 'invalid_request', error_description: 'the body is not a JSON object' });
      return 400;
    }
    const persona = fields.persona ?? 'user';
    if (!isPersona(persona)) {
      sendJson(res, 400, { error: 'invalid_request', error_description: `persona must be one of ${PERSONAS.join(', ')}` });
      return 400;
    }
    const scopes = stringList(fields.scopes);
    const roles = stringList(fields.roles);
    const claims = fields.claims;
    const expires = fields.expiresInSec === undefined ? undefined : Number(fields.expiresInSec);
    if (
      (claims !== undefined && (typeof claims !== 'object' || claims === null || Array.isArray(claims))) ||
      (expires !== undefined && !(Number.isInteger(expires) && expires >= 1 && expires <= MAX_LIFETIME_SEC))
    ) {
      sendJson(res, 400, {
        error: 'invalid_request',
        error_description: `claims must be an object and expiresInSec an integer from 1 to ${MAX_LIFETIME_SEC}`,
      });
      return 400;
    }
    const overrides: MintOverrides = {
      ...(scopes ? { scopes } : {}),
      ...(roles ? { roles } : {}),
      ...(claims ? { claims: claims as Record<string, unknown> } : {}),
      ...(expires === undefined ? {} : { expiresInSec: expires }),
    };
    let token: string;
    try {
      token = await mint(persona, overrides);
    } catch (error) {
      // The test issuer refuses what its provider cannot mint (a Firebase app token, a claim of the wrong type).
      if (!(error instanceof TypeError)) throw error;
      sendJson(res, 400, { error: 'invalid_request', error_description: error.message.replace(/^@tokenward\/testing: /, '') });
      return 400;
    }
    sendJson(res, 200, { ...tokenResponse(token, overrides.expiresInSec ?? 3600), persona });
    log({ method: 'POST', path: '/mint', status: 200, persona });
    return 200;
  }

  async function handleToken(req: IncomingMessage, res: ServerResponse, path: string): Promise<number> {
    const type = mediaType(req);
    const json = type === 'application/json' && provider === 'auth0';
    if (type !== 'application/x-www-form-urlencoded' && !json) {
      sendJson(res, 400, {
        error: 'invalid_request',
        error_description: 'send the token request form-encoded (application/x-www-form-urlencoded)',
      });
      return 400;
    }
    let fields: Record<string, unknown> | undefined;
    try {
      fields = parseFields(type, await readBody(req, MAX_BODY_BYTES));
    } catch (error) {
      if (error instanceof BodyTooLargeError) throw error;
      fields = undefined;
    }
    if (fields === undefined) {
      sendJson(res, 400, { error: 'invalid_request', error_description: 'the body is not a JSON object' });
      return 400;
    }
    if (provider === 'firebase') {
      sendJson(res, 400, {
        error: 'unsupported_grant_type',
        error_description: 'Firebase has no client credentials grant (its ID tokens always identify a user): POST /mint with persona=user',
      });
      return 400;
    }
    const grant = checkTokenRequest(fields, req.headers.authorization, {
      provider,
      clientId: testIssuer.clientId,
      clientSecret,
      audience: testIssuer.audience,
    });
    if (!grant.ok) {
      sendJson(
        res,
        grant.status,
        { error: grant.error, error_description: grant.description },
        grant.status === 401 ? { 'www-authenticate': 'Basic realm="dev-issuer"' } : {},
      );
      return grant.status;
    }
    const token = await mint('app');
    sendJson(res, 200, tokenResponse(token, 3600));
    log({ method: 'POST', path, status: 200, persona: 'app' });
    return 200;
  }

  /** Discovery, keys and everything else the test issuer serves, with its faults (an outage drops the socket). */
  async function proxy(req: IncomingMessage, res: ServerResponse, path: string): Promise<number> {
    let response: Response;
    try {
      response = await testIssuer.fetch(`${url}${path}`, { method: req.method ?? 'GET' });
    } catch {
      req.socket.destroy();
      return 0;
    }
    const body = Buffer.from(await response.arrayBuffer());
    const headers: Record<string, string> = {};
    response.headers.forEach((value, name) => {
      headers[name] = value;
    });
    res.writeHead(response.status, headers);
    res.end(req.method === 'HEAD' ? undefined : body);
    return response.status;
  }

  routes.handle = async (req, res) => {
    const path = req.url ?? '/';
    const pathname = path.split('?')[0] ?? '/';
    const method = req.method ?? 'GET';
    // DNS rebinding: a web page must not reach this issuer under another host name.
    if (!isLoopbackHost(req.headers.host ?? '')) {
      sendJson(res, 403, { error: 'access_denied', error_description: 'the dev issuer answers loopback host names only' });
      return;
    }
    try {
      if (pathname === '/' && (method === 'GET' || method === 'HEAD')) {
        sendJson(res, 200, info());
        log({ method, path: pathname, status: 200 });
        return;
      }
      if (pathname === '/mint' || tokenPaths.has(pathname)) {
        if (method !== 'POST') {
          sendJson(res, 405, { error: 'invalid_request', error_description: 'use POST' }, { allow: 'POST' });
          log({ method, path: pathname, status: 405 });
          return;
        }
        const status = pathname === '/mint' ? await handleMint(req, res) : await handleToken(req, res, pathname);
        if (status !== 200) log({ method, path: pathname, status });
        return;
      }
      const status = await proxy(req, res, path);
      log({ method, path: pathname, status });
    } catch (error) {
      // The client went away mid-body: nobody to answer.
      if (error instanceof ClientAbortedError) return;
      if (!(error instanceof BodyTooLargeError)) throw error;
      sendJson(res, 413, { error: 'invalid_request', error_description: error.message }, { connection: 'close' });
      log({ method, path: pathname, status: 413 });
    }
  };

  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closing ??= (async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      // A faulted (hung) key request is failed by the test issuer's close, which ends its socket.
      await testIssuer.close();
      for (const socket of sockets) socket.destroy();
      await closed;
    })();
    return closing;
  };

  return {
    url,
    issuer: testIssuer.issuer,
    provider,
    audience: testIssuer.audience,
    clientId: testIssuer.clientId,
    clientSecret,
    ...(testIssuer.tenantId === undefined ? {} : { tenantId: testIssuer.tenantId }),
    ...(provider === 'cognito' ? { userPoolId: USER_POOL_ID } : {}),
    ...(provider === 'keycloak' ? { realm: KEYCLOAK_REALM } : {}),
    ...(provider === 'firebase' ? { projectId: testIssuer.audience } : {}),
    discoveryUrl: testIssuer.discoveryUrl,
    jwksUri: testIssuer.jwksUri,
    tokenEndpoint,
    mintEndpoint: `${url}/mint`,
    mint,
    testIssuer,
    close,
  };
}
