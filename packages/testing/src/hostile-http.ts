/**
 * Hostile HTTP input for small token services (an introspection endpoint, a dev issuer, a claims
 * provider): malformed bodies and headers, lying lengths, credentials that do not decode, sockets
 * that stall. Plain data, so every service runs the same rows and a new row protects all of them;
 * `sendRawRequest` and `runSocketCase` put the bytes on a real socket exactly as written (no client
 * library normalising them first). Loops and waits are bounded by the caller's `timeoutMs`.
 */
import { connect, type Socket } from 'node:net';

/** One request as bytes on the wire. Header names and order are kept; duplicates are allowed. */
export interface HostileRequest {
  readonly method: string;
  /** The request target as sent (`/introspect`, `/../x`, `http://evil.example/x` …). */
  readonly path: string;
  /** Sent in order. `Host` (the server's) and `Connection: close` are added unless present; `Content-Length` is added for `body` unless present. */
  readonly headers?: readonly (readonly [string, string])[];
  /** The whole body, in one write. */
  readonly body?: string;
  /** A chunked body (`Transfer-Encoding: chunked` is added), one chunk per entry. */
  readonly bodyChunks?: readonly string[];
  /** Replaces the request line and headers entirely (malformed request lines); `body` still follows. */
  readonly rawHead?: string;
}

export interface HostileExpectation {
  /** The status the service answers, or any of several (Node's parser and the service may differ on who answers). */
  readonly status: number | readonly number[];
  /** Members the JSON body must contain (compared with `===` on primitives, deep on objects). */
  readonly json?: Readonly<Record<string, unknown>>;
  /** Response headers that must be present (lower-case names). */
  readonly headers?: readonly string[];
}

export interface HostileHttpCase {
  readonly name: string;
  /** Which part of the request is hostile. */
  readonly category: 'body' | 'header' | 'method' | 'auth';
  /** The runner adds a valid caller credential to the request (services that authenticate callers). Default true. */
  readonly asCaller?: boolean;
  readonly request: HostileRequest;
  readonly expect: HostileExpectation;
}

/** A socket that misbehaves: sends these writes (each after the previous was flushed), then stalls or closes. */
export interface HostileSocketCase {
  readonly name: string;
  readonly writes: readonly string[];
  /** `stall`: keep the socket open and send nothing more; `close`: end it at once (an aborted upload). */
  readonly then: 'stall' | 'close';
  /** `closed`: the service closes the connection by itself (its timeouts), answering at most an error status; `survives`: the service keeps answering other requests. */
  readonly expect: 'closed' | 'survives';
}

export interface RawResponse {
  readonly status: number;
  /** Lower-case names; repeated headers joined with `, `. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

const part = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');

/** An unsigned JWT (`alg: none`) with these claims: never valid anywhere. */
export function unsignedToken(claims: unknown): string {
  return `${part({ alg: 'none', typ: 'JWT' })}.${part(claims)}.`;
}

/** JSON text nesting arrays `depth` levels deep (no recursion needed to build it). */
export function nestedJsonText(depth: number): string {
  return `${'['.repeat(depth)}${']'.repeat(depth)}`;
}

/** A JWT whose payload nests `depth` levels (its signature is garbage). */
export function nestedClaimsToken(depth: number): string {
  const payload = Buffer.from(`{"iss":"https://issuer.invalid","n":${nestedJsonText(depth)}}`).toString('base64url');
  return `${part({ alg: 'RS256', typ: 'JWT', kid: 'hostile' })}.${payload}.${Buffer.from('not-a-signature').toString('base64url')}`;
}

const JSON_TYPE: readonly [string, string] = ['content-type', 'application/json'];
const FORM_TYPE: readonly [string, string] = ['content-type', 'application/x-www-form-urlencoded'];
const basic = (credentials: string): string => `Basic ${Buffer.from(credentials).toString('base64')}`;

/**
 * An RFC 7662-style introspection endpoint at `POST /introspect` with `GET /healthz` (tokenward
 * introspect's contract): request problems are 4xx, every bad token is `200 {active: false, error}`,
 * an unauthenticated caller is 401 with `WWW-Authenticate`, never a 500.
 */
export const INTROSPECTION_HOSTILE_CASES: readonly HostileHttpCase[] = [
  {
    name: 'malformed JSON',
    category: 'body',
    request: { method: 'POST', path: '/introspect', headers: [JSON_TYPE], body: '{"token": ' },
    expect: { status: 400, json: { error: 'invalid_request' } },
  },
  {
    name: 'a JSON array instead of an object',
    category: 'body',
    request: { method: 'POST', path: '/introspect', headers: [JSON_TYPE], body: '[]' },
    expect: { status: 400 },
  },
  {
    name: 'a JSON body nested 5,000 levels',
    category: 'body',
    request: { method: 'POST', path: '/introspect', headers: [JSON_TYPE], body: nestedJsonText(5000) },
    expect: { status: 400 },
  },
  {
    name: 'token is a number',
    category: 'body',
    request: { method: 'POST', path: '/introspect', headers: [JSON_TYPE], body: '{"token":1}' },
    expect: { status: 400 },
  },
  {
    name: 'token is an array',
    category: 'body',
    request: { method: 'POST', path: '/introspect', headers: [JSON_TYPE], body: '{"token":["a.b.c"]}' },
    expect: { status: 400 },
  },
  {
    name: 'token is empty',
    category: 'body',
    request: { method: 'POST', path: '/introspect', headers: [JSON_TYPE], body: '{"token":""}' },
    expect: { status: 400 },
  },
  {
    name: 'token only inside __proto__',
    category: 'body',
    request: { method: 'POST', path: '/introspect', headers: [JSON_TYPE], body: '{"__proto__":{"token":"a.b.c"}}' },
    expect: { status: 400 },
  },
  {
    name: 'identity_provider is an object',
    category: 'body',
    request: { method: 'POST', path: '/introspect', headers: [JSON_TYPE], body: '{"token":"a.b.c","identity_provider":{"id":"x"}}' },
    expect: { status: 400 },
  },
  {
    name: 'an unsigned token (alg none)',
    category: 'body',
    request: {
      method: 'POST',
      path: '/introspect',
      headers: [JSON_TYPE],
      body: JSON.stringify({ token: unsignedToken({ iss: 'https://issuer.invalid', sub: 'x', exp: 4102444800 }) }),
    },
    expect: { status: 200, json: { active: false } },
  },
  {
    name: 'a token whose claims nest 5,000 levels',
    category: 'body',
    request: { method: 'POST', path: '/introspect', headers: [JSON_TYPE], body: JSON.stringify({ token: nestedClaimsToken(5000) }) },
    expect: { status: 200, json: { active: false } },
  },
  {
    name: 'a token of 40 KiB of garbage',
    category: 'body',
    request: { method: 'POST', path: '/introspect', headers: [JSON_TYPE], body: JSON.stringify({ token: 'A'.repeat(40_960) }) },
    expect: { status: 200, json: { active: false } },
  },
  {
    name: 'a token with control characters and bidi overrides',
    category: 'body',
    request: {
      method: 'POST',
      path: '/introspect',
      headers: [JSON_TYPE],
      body: JSON.stringify({ token: 'a\u0000b.\u001b[2J\u202e.c\u2028' }),
    },
    expect: { status: 200, json: { active: false } },
  },
  {
    name: 'a form with malformed percent-encoding',
    category: 'body',
    request: { method: 'POST', path: '/introspect', headers: [FORM_TYPE], body: 'token=%zz%E0%A4%A' },
    expect: { status: 200, json: { active: false } },
  },
  {
    name: 'a form repeating token',
    category: 'body',
    request: { method: 'POST', path: '/introspect', headers: [FORM_TYPE], body: 'token=a.b.c&token=d.e.f' },
    expect: { status: 200, json: { active: false } },
  },
  {
    name: 'an empty body',
    category: 'body',
    request: { method: 'POST', path: '/introspect', headers: [JSON_TYPE], body: '' },
    expect: { status: 400 },
  },
  {
    name: 'Content-Length far over the limit',
    category: 'body',
    request: { method: 'POST', path: '/introspect', headers: [JSON_TYPE, ['content-length', '100000000']], body: '{}' },
    expect: { status: 413 },
  },
  {
    name: 'a chunked body growing past the limit',
    category: 'body',
    request: { method: 'POST', path: '/introspect', headers: [JSON_TYPE], bodyChunks: Array.from({ length: 80 }, () => 'x'.repeat(1024)) },
    expect: { status: 413 },
  },
  {
    name: 'Content-Length and Transfer-Encoding together (smuggling)',
    category: 'header',
    request: {
      method: 'POST',
      path: '/introspect',
      headers: [JSON_TYPE, ['content-length', '4'], ['transfer-encoding', 'chunked']],
      body: '0\r\n\r\n',
    },
    expect: { status: 400 },
  },
  {
    name: 'two different Content-Length headers',
    category: 'header',
    request: { method: 'POST', path: '/introspect', headers: [JSON_TYPE, ['content-length', '2'], ['content-length', '3']], body: '{}' },
    expect: { status: 400 },
  },
  {
    name: 'no content type',
    category: 'header',
    request: { method: 'POST', path: '/introspect', body: '{"token":"a.b.c"}' },
    expect: { status: 415 },
  },
  {
    name: 'text/plain',
    category: 'header',
    request: { method: 'POST', path: '/introspect', headers: [['content-type', 'text/plain']], body: 'token=a.b.c' },
    expect: { status: 415 },
  },
  {
    name: 'a 20 KiB header',
    category: 'header',
    request: { method: 'POST', path: '/introspect', headers: [JSON_TYPE, ['x-padding', 'p'.repeat(20_480)]], body: '{"token":"a.b.c"}' },
    expect: { status: 431 },
  },
  {
    name: 'a malformed request line',
    category: 'header',
    request: { method: 'POST', path: '/introspect', rawHead: 'GARBAGE\r\n\r\n' },
    expect: { status: 400 },
  },
  {
    name: 'no caller credential',
    category: 'auth',
    asCaller: false,
    request: { method: 'POST', path: '/introspect', headers: [JSON_TYPE], body: '{"token":"a.b.c"}' },
    expect: { status: 401, headers: ['www-authenticate'] },
  },
  {
    name: 'a wrong bearer credential',
    category: 'auth',
    asCaller: false,
    request: {
      method: 'POST',
      path: '/introspect',
      headers: [JSON_TYPE, ['authorization', 'Bearer not-the-credential']],
      body: '{"token":"a.b.c"}',
    },
    expect: { status: 401, headers: ['www-authenticate'] },
  },
  {
    name: 'a 10 KiB bearer credential',
    category: 'auth',
    asCaller: false,
    request: {
      method: 'POST',
      path: '/introspect',
      headers: [JSON_TYPE, ['authorization', `Bearer ${'k'.repeat(10_240)}`]],
      body: '{"token":"a.b.c"}',
    },
    expect: { status: 401 },
  },
  {
    name: 'Basic credentials with malformed percent-encoding',
    category: 'auth',
    asCaller: false,
    request: {
      method: 'POST',
      path: '/introspect',
      headers: [JSON_TYPE, ['authorization', basic('%zz:%E0%A4%A')]],
      body: '{"token":"a.b.c"}',
    },
    expect: { status: 401, headers: ['www-authenticate'] },
  },
  {
    name: 'Basic credentials that are not base64',
    category: 'auth',
    asCaller: false,
    request: { method: 'POST', path: '/introspect', headers: [JSON_TYPE, ['authorization', 'Basic ***']], body: '{"token":"a.b.c"}' },
    expect: { status: 401 },
  },
  {
    name: 'Basic credentials without a colon',
    category: 'auth',
    asCaller: false,
    request: {
      method: 'POST',
      path: '/introspect',
      headers: [JSON_TYPE, ['authorization', basic('only-an-id')]],
      body: '{"token":"a.b.c"}',
    },
    expect: { status: 401 },
  },
  {
    name: 'an unknown Authorization scheme',
    category: 'auth',
    asCaller: false,
    request: {
      method: 'POST',
      path: '/introspect',
      headers: [JSON_TYPE, ['authorization', 'Digest username="x"']],
      body: '{"token":"a.b.c"}',
    },
    expect: { status: 401 },
  },
  {
    name: 'a wrong client_secret in the body',
    category: 'auth',
    asCaller: false,
    request: { method: 'POST', path: '/introspect', headers: [FORM_TYPE], body: 'token=a.b.c&client_id=gateway&client_secret=guess' },
    expect: { status: 401 },
  },
  {
    name: 'PUT /introspect',
    category: 'method',
    request: { method: 'PUT', path: '/introspect', headers: [JSON_TYPE], body: '{}' },
    expect: { status: 405, headers: ['allow'] },
  },
  { name: 'POST /healthz', category: 'method', request: { method: 'POST', path: '/healthz', body: '' }, expect: { status: 405 } },
  {
    name: 'GET /healthz without a caller credential',
    category: 'method',
    asCaller: false,
    request: { method: 'GET', path: '/healthz' },
    expect: { status: 200 },
  },
  {
    name: 'a dot-segment path',
    category: 'method',
    request: { method: 'POST', path: '/../introspect', headers: [JSON_TYPE], body: '{"token":"a.b.c"}' },
    expect: { status: 404 },
  },
  {
    name: 'an absolute-form request target',
    category: 'method',
    request: { method: 'POST', path: 'http://evil.example/introspect', headers: [JSON_TYPE], body: '{"token":"a.b.c"}' },
    expect: { status: 404 },
  },
];

/**
 * A development issuer (tokenward dev-issuer's contract): `POST /mint` and a client credentials token
 * endpoint at `POST /token`, loopback `Host` names only. Every bad request is a 4xx with a reason.
 */
export const DEV_ISSUER_HOSTILE_CASES: readonly HostileHttpCase[] = [
  {
    name: 'Basic credentials with malformed percent-encoding',
    category: 'auth',
    request: {
      method: 'POST',
      path: '/token',
      headers: [FORM_TYPE, ['authorization', basic('%zz:%E0%A4%A')]],
      body: 'grant_type=client_credentials',
    },
    expect: { status: 400, json: { error: 'invalid_request' } },
  },
  {
    name: 'Basic credentials that are not base64',
    category: 'auth',
    request: {
      method: 'POST',
      path: '/token',
      headers: [FORM_TYPE, ['authorization', 'Basic ***']],
      body: 'grant_type=client_credentials',
    },
    expect: { status: 400, json: { error: 'invalid_request' } },
  },
  {
    name: 'a token request without grant_type',
    category: 'body',
    request: { method: 'POST', path: '/token', headers: [FORM_TYPE], body: 'client_id=x' },
    expect: { status: 400 },
  },
  {
    name: 'a token request as text/plain',
    category: 'header',
    request: { method: 'POST', path: '/token', headers: [['content-type', 'text/plain']], body: 'grant_type=client_credentials' },
    expect: { status: 400 },
  },
  {
    name: 'a token request over the size limit',
    category: 'body',
    request: { method: 'POST', path: '/token', headers: [FORM_TYPE], bodyChunks: Array.from({ length: 80 }, () => 'x'.repeat(1024)) },
    expect: { status: 413 },
  },
  {
    name: 'mint claims nested 5,000 levels',
    category: 'body',
    request: { method: 'POST', path: '/mint', headers: [JSON_TYPE], body: `{"claims":{"n":${nestedJsonText(5000)}}}` },
    expect: { status: 400, json: { error: 'invalid_request' } },
  },
  {
    name: 'mint claims nested 40 levels',
    category: 'body',
    request: { method: 'POST', path: '/mint', headers: [JSON_TYPE], body: `{"claims":{"n":${nestedJsonText(40)}}}` },
    expect: { status: 400 },
  },
  {
    name: 'mint with malformed JSON',
    category: 'body',
    request: { method: 'POST', path: '/mint', headers: [JSON_TYPE], body: '{"persona":' },
    expect: { status: 400 },
  },
  {
    name: 'mint with a persona that is an object',
    category: 'body',
    request: { method: 'POST', path: '/mint', headers: [JSON_TYPE], body: '{"persona":{"name":"admin"}}' },
    expect: { status: 400 },
  },
  {
    name: 'mint with claims that are an array',
    category: 'body',
    request: { method: 'POST', path: '/mint', headers: [JSON_TYPE], body: '{"claims":[1,2]}' },
    expect: { status: 400 },
  },
  {
    name: 'mint with expiresInSec that is not a number',
    category: 'body',
    request: { method: 'POST', path: '/mint', headers: [JSON_TYPE], body: '{"expiresInSec":"soon"}' },
    expect: { status: 400 },
  },
  {
    name: 'mint with an astronomically large expiresInSec',
    category: 'body',
    request: { method: 'POST', path: '/mint', headers: [JSON_TYPE], body: '{"expiresInSec":1e308}' },
    expect: { status: 400 },
  },
  {
    name: 'mint with a negative expiresInSec',
    category: 'body',
    request: { method: 'POST', path: '/mint', headers: [JSON_TYPE], body: '{"expiresInSec":-5}' },
    expect: { status: 400 },
  },
  {
    name: 'mint as text/plain',
    category: 'header',
    request: { method: 'POST', path: '/mint', headers: [['content-type', 'text/plain']], body: 'persona=user' },
    expect: { status: 415 },
  },
  {
    name: 'mint with Content-Length far over the limit',
    category: 'body',
    request: { method: 'POST', path: '/mint', headers: [JSON_TYPE, ['content-length', '100000000']], body: '{}' },
    expect: { status: 413 },
  },
  {
    name: 'a Host name that is not loopback (DNS rebinding)',
    category: 'header',
    request: { method: 'POST', path: '/mint', headers: [['host', 'evil.example'], JSON_TYPE], body: '{}' },
    expect: { status: 403 },
  },
  {
    name: 'no Host header',
    category: 'header',
    request: { method: 'GET', path: '/', rawHead: 'GET / HTTP/1.1\r\nConnection: close\r\n\r\n' },
    expect: { status: [400, 403] },
  },
  {
    name: 'two different Content-Length headers',
    category: 'header',
    request: { method: 'POST', path: '/mint', headers: [JSON_TYPE, ['content-length', '2'], ['content-length', '3']], body: '{}' },
    expect: { status: 400 },
  },
  { name: 'GET /mint', category: 'method', request: { method: 'GET', path: '/mint' }, expect: { status: 405, headers: ['allow'] } },
  { name: 'an unknown path', category: 'method', request: { method: 'GET', path: '/admin' }, expect: { status: 404 } },
];

/** Connections that stall or abort, for any HTTP service with health at `GET /healthz` (or another path the runner picks). */
export const HOSTILE_SOCKET_CASES: readonly HostileSocketCase[] = [
  { name: 'a connection that sends nothing', writes: [], then: 'stall', expect: 'closed' },
  {
    name: 'request headers that never finish (slowloris)',
    writes: ['POST /introspect HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: '],
    then: 'stall',
    expect: 'closed',
  },
  {
    name: 'a body promised by Content-Length that never comes',
    writes: ['POST /introspect HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"tok'],
    then: 'stall',
    expect: 'closed',
  },
  {
    name: 'an upload aborted mid-body',
    writes: ['POST /introspect HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"tok'],
    then: 'close',
    expect: 'survives',
  },
];

function headOf(request: HostileRequest, host: string, extra: readonly (readonly [string, string])[]): string {
  if (request.rawHead !== undefined) return request.rawHead;
  const headers = [...(request.headers ?? []), ...extra];
  const has = (name: string) => headers.some(([n]) => n.toLowerCase() === name);
  if (!has('host')) headers.unshift(['host', host]);
  if (!has('connection')) headers.push(['connection', 'close']);
  if (request.bodyChunks !== undefined) {
    if (!has('transfer-encoding')) headers.push(['transfer-encoding', 'chunked']);
  } else if (request.body !== undefined && !has('content-length')) {
    headers.push(['content-length', String(Buffer.byteLength(request.body))]);
  }
  return `${request.method} ${request.path} HTTP/1.1\r\n${headers.map(([n, v]) => `${n}: ${v}\r\n`).join('')}\r\n`;
}

function parseResponse(raw: Buffer): RawResponse {
  const text = raw.toString('utf8');
  const end = text.indexOf('\r\n\r\n');
  const head = end < 0 ? text : text.slice(0, end);
  const [statusLine = '', ...lines] = head.split('\r\n');
  const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(statusLine)?.[1] ?? 0);
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    headers[name] = headers[name] === undefined ? value : `${headers[name]}, ${value}`;
  }
  let body = end < 0 ? '' : text.slice(end + 4);
  if (/chunked/i.test(headers['transfer-encoding'] ?? '')) {
    let decoded = '';
    let rest = body;
    for (let guard = 0; guard < 10_000; guard++) {
      const lineEnd = rest.indexOf('\r\n');
      const size = parseInt(rest.slice(0, lineEnd), 16);
      if (!(size > 0)) break;
      decoded += rest.slice(lineEnd + 2, lineEnd + 2 + size);
      rest = rest.slice(lineEnd + 2 + size + 2);
    }
    body = decoded;
  }
  return { status, headers, body };
}

/**
 * Sends one request over a fresh TCP connection to `origin` (`http://127.0.0.1:port`) and reads the
 * answer until the server closes (requests carry `Connection: close`). A server that resets the
 * connection before answering resolves with status 0; rejects after `timeoutMs` without an answer.
 */
export function sendRawRequest(
  origin: string,
  request: HostileRequest,
  options: { readonly extraHeaders?: readonly (readonly [string, string])[]; readonly timeoutMs?: number } = {},
): Promise<RawResponse> {
  const url = new URL(origin);
  const timeoutMs = options.timeoutMs ?? 5000;
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const socket: Socket = connect(Number(url.port), url.hostname);
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no answer to ${request.method} ${request.path} within ${timeoutMs} ms`));
    }, timeoutMs);
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', () => undefined); // a reset after the answer is fine; the close below decides
    socket.on('close', () => {
      clearTimeout(timer);
      resolve(parseResponse(Buffer.concat(chunks)));
    });
    socket.on('connect', () => {
      socket.write(headOf(request, url.host, options.extraHeaders ?? []));
      if (request.bodyChunks !== undefined) {
        for (const chunk of request.bodyChunks) socket.write(`${Buffer.byteLength(chunk).toString(16)}\r\n${chunk}\r\n`);
        socket.write('0\r\n\r\n');
      } else if (request.body !== undefined) {
        socket.write(request.body);
      }
    });
  });
}

/** Whether `answer` meets `expectation`; the reason when it does not. */
export function judgeHostileAnswer(
  answer: RawResponse,
  expectation: HostileExpectation,
): { readonly ok: true } | { readonly ok: false; readonly reason: string } {
  const statuses = typeof expectation.status === 'number' ? [expectation.status] : expectation.status;
  if (!statuses.includes(answer.status)) return { ok: false, reason: `expected status ${statuses.join(' or ')}, found ${answer.status}` };
  for (const name of expectation.headers ?? []) {
    if (answer.headers[name] === undefined) return { ok: false, reason: `expected a ${name} header` };
  }
  if (expectation.json !== undefined) {
    let body: unknown;
    try {
      body = JSON.parse(answer.body);
    } catch {
      return { ok: false, reason: `expected a JSON body, found ${answer.body.slice(0, 80)}` };
    }
    for (const [name, value] of Object.entries(expectation.json)) {
      const found = (body as Record<string, unknown>)[name];
      if (JSON.stringify(found) !== JSON.stringify(value))
        return { ok: false, reason: `expected ${name} ${JSON.stringify(value)}, found ${JSON.stringify(found)}` };
    }
  }
  return { ok: true };
}

/**
 * Opens a connection, sends the case's writes, then stalls or closes it. For `closed` cases, resolves
 * `true` once the server closes the connection (false if it is still open after `timeoutMs`); for
 * `survives` cases, resolves `true` right after closing (the caller then checks the service still answers).
 */
export function runSocketCase(origin: string, socketCase: HostileSocketCase, timeoutMs: number): Promise<boolean> {
  const url = new URL(origin);
  return new Promise((resolve) => {
    const socket = connect(Number(url.port), url.hostname);
    const timer = setTimeout(() => {
      socket.destroy();
      resolve(false);
    }, timeoutMs);
    socket.on('error', () => undefined);
    socket.on('data', () => undefined);
    socket.on('close', () => {
      clearTimeout(timer);
      resolve(true);
    });
    socket.on('connect', () => {
      for (const write of socketCase.writes) socket.write(write);
      if (socketCase.then === 'close') socket.destroy();
    });
  });
}
