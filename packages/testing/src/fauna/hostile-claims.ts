/**
 * Hostile input for an Entra custom claims provider endpoint, as plain data, and a sender that delivers
 * each case over a raw socket on 127.0.0.1 (so chunking, missing lengths and pauses are exactly what the
 * case says). Every loop is bounded: bodies have a fixed size, and the sender stops writing when the
 * server answers, closes, or the case's time limit passes.
 *
 * The expectations are what `@tokenward/fauna`'s claims provider answers (status and `error` code), and
 * what any claims provider should: refuse before minting, stop reading what it will not use, never 500.
 */
import type { Socket } from 'node:net';
import { tokenIssuanceStartEvent } from './entra-event.js';

/** How the body goes over the wire. */
export type HostileDelivery =
  /** The whole body at once with a correct `Content-Length`. */
  | { readonly kind: 'fixed' }
  /** `Transfer-Encoding: chunked`, no length: `totalBytes` of filler after the body's text, in `chunkBytes` chunks. */
  | { readonly kind: 'chunked'; readonly totalBytes: number; readonly chunkBytes: number }
  /** `Content-Length` of `declaredBytes` (more than sent), the body, then silence. */
  | { readonly kind: 'short'; readonly declaredBytes: number }
  /** The first `firstBytes` of the body, a pause of `pauseMs`, then the rest (a slow client). */
  | { readonly kind: 'paused'; readonly firstBytes: number; readonly pauseMs: number };

export interface HostileClaimsCase {
  readonly name: string;
  /** Whether the request carries a valid token of Entra's extension service. */
  readonly authenticated: boolean;
  /** `Content-Type`; `null` sends none. */
  readonly contentType: string | null;
  /** The body, built from a valid event for the tenant (`event`), as text or raw bytes. */
  readonly body: (event: ReturnType<typeof tokenIssuanceStartEvent>) => string | Uint8Array;
  readonly delivery: HostileDelivery;
  readonly expect: {
    /** The acceptable statuses (an endpoint may refuse an unauthenticated oversize body as 401 or 413). */
    readonly status: readonly number[];
    /** The `error` member of the JSON answer, when the endpoint answers one. */
    readonly error?: string;
    /**
     * The endpoint stops reading: it answers before the sender has written this many body bytes. A loose
     * bound by nature: on loopback the kernel's send and receive buffers take several MiB off the sender
     * that the endpoint never read (4.1 MiB seen on Linux with default autotuning), so this only tells an
     * endpoint that stops early from one that reads the whole body. Count the bytes the server reads for
     * a tight bound.
     */
    readonly answersWithinBytes?: number;
  };
}

const MIB = 1024 * 1024;
const nested = (depth: number): string =>
  `{"type":"microsoft.graph.authenticationEvent.tokenIssuanceStart","data":${'['.repeat(depth)}${']'.repeat(depth)}}`;
const json = (value: unknown): string => JSON.stringify(value);
type Event = ReturnType<typeof tokenIssuanceStartEvent>;
const withUser = (event: Event, user: Record<string, unknown>): Event => ({
  ...event,
  data: {
    ...event.data,
    authenticationContext: { ...event.data.authenticationContext, user: { ...event.data.authenticationContext.user, ...user } },
  },
});

/** Cases every claims provider should survive. `body` gets a valid event for the caller's tenant. */
export const HOSTILE_CLAIMS_CASES: readonly HostileClaimsCase[] = [
  {
    name: 'a valid event (the baseline)',
    authenticated: true,
    contentType: 'application/json',
    body: json,
    delivery: { kind: 'fixed' },
    expect: { status: [200] },
  },
  {
    name: 'a body over 64 KiB with its Content-Length',
    authenticated: true,
    contentType: 'application/json',
    body: (event) => json({ ...event, pad: 'x'.repeat(70_000) }),
    delivery: { kind: 'fixed' },
    expect: { status: [413], error: 'event_too_large' },
  },
  {
    name: '20 MiB chunked without Content-Length',
    authenticated: true,
    contentType: 'application/json',
    body: (event) => json(event).slice(0, -1),
    delivery: { kind: 'chunked', totalBytes: 20 * MIB, chunkBytes: 64 * 1024 },
    expect: { status: [413], error: 'event_too_large', answersWithinBytes: 16 * MIB },
  },
  {
    name: '20 MiB chunked without a token',
    authenticated: false,
    contentType: 'application/json',
    body: (event) => json(event).slice(0, -1),
    delivery: { kind: 'chunked', totalBytes: 20 * MIB, chunkBytes: 64 * 1024 },
    expect: { status: [401, 413], answersWithinBytes: 16 * MIB },
  },
  {
    name: 'a small valid event, chunked',
    authenticated: true,
    contentType: 'application/json',
    body: json,
    delivery: { kind: 'chunked', totalBytes: 0, chunkBytes: 256 },
    expect: { status: [200] },
  },
  {
    name: 'a valid event declared as text/plain (the token authenticates, not the type)',
    authenticated: true,
    contentType: 'text/plain',
    body: json,
    delivery: { kind: 'fixed' },
    expect: { status: [200] },
  },
  {
    name: 'a valid event without Content-Type',
    authenticated: true,
    contentType: null,
    body: json,
    delivery: { kind: 'fixed' },
    expect: { status: [200] },
  },
  {
    name: 'malformed JSON',
    authenticated: true,
    contentType: 'application/json',
    body: (event) => json(event).slice(0, 40),
    delivery: { kind: 'fixed' },
    expect: { status: [400], error: 'event_malformed' },
  },
  {
    name: 'an empty body',
    authenticated: true,
    contentType: 'application/json',
    body: () => '',
    delivery: { kind: 'fixed' },
    expect: { status: [400], error: 'event_malformed' },
  },
  {
    name: 'bytes that are not UTF-8',
    authenticated: true,
    contentType: 'application/json',
    body: () => Uint8Array.from([0x7b, 0xff, 0xfe, 0xc3, 0x28, 0x7d]),
    delivery: { kind: 'fixed' },
    expect: { status: [400], error: 'event_malformed' },
  },
  {
    name: 'JSON nested 20000 deep (within 64 KiB)',
    authenticated: true,
    contentType: 'application/json',
    body: () => nested(20_000),
    delivery: { kind: 'fixed' },
    expect: { status: [400], error: 'event_malformed' },
  },
  {
    name: 'another event type',
    authenticated: true,
    contentType: 'application/json',
    body: (event) => json({ ...event, type: 'microsoft.graph.authenticationEvent.attributeCollectionStart' }),
    delivery: { kind: 'fixed' },
    expect: { status: [400], error: 'event_malformed' },
  },
  {
    name: 'no data',
    authenticated: true,
    contentType: 'application/json',
    body: (event) => json({ type: event.type }),
    delivery: { kind: 'fixed' },
    expect: { status: [400], error: 'event_malformed' },
  },
  {
    name: 'no user',
    authenticated: true,
    contentType: 'application/json',
    body: (event) => json(withUser(event, { id: undefined })),
    delivery: { kind: 'fixed' },
    expect: { status: [400], error: 'event_malformed' },
  },
  {
    name: 'a user id of 60000 characters (the answer does not echo it)',
    authenticated: true,
    contentType: 'application/json',
    body: (event) => json(withUser(event, { id: 'a'.repeat(60_000) })),
    delivery: { kind: 'fixed' },
    expect: { status: [400], error: 'event_malformed' },
  },
  {
    name: 'a display name of 60000 characters (not used by default)',
    authenticated: true,
    contentType: 'application/json',
    body: (event) => json(withUser(event, { displayName: 'n'.repeat(60_000) })),
    delivery: { kind: 'fixed' },
    expect: { status: [200] },
  },
  {
    name: 'a JSON array',
    authenticated: true,
    contentType: 'application/json',
    body: () => '[]',
    delivery: { kind: 'fixed' },
    expect: { status: [400], error: 'event_malformed' },
  },
  {
    name: 'a valid event without a token',
    authenticated: false,
    contentType: 'application/json',
    body: json,
    delivery: { kind: 'fixed' },
    expect: { status: [401] },
  },
  {
    name: 'a Content-Length larger than the body, then silence',
    authenticated: true,
    contentType: 'application/json',
    body: json,
    delivery: { kind: 'short', declaredBytes: 60_000 },
    expect: { status: [503], error: 'deadline_exceeded' },
  },
  {
    name: 'a slow body: half, a 1.5 s pause, the rest',
    authenticated: true,
    contentType: 'application/json',
    body: json,
    delivery: { kind: 'paused', firstBytes: 100, pauseMs: 1500 },
    expect: { status: [503], error: 'deadline_exceeded' },
  },
];

export interface HostileAnswer {
  /** The answer's status; `0` when none came within the time limit or the connection closed without one. */
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
  /** Body bytes the sender had written when the answer (or the close) came. */
  readonly bodyBytesSent: number;
}

export interface HostileSendOptions {
  /** The valid token of Entra's extension service, sent when the case is authenticated. */
  readonly token: string;
  /** The tenant of the event the bodies are built from. */
  readonly tenantId: string;
  /** Gives up after this long. Default `10000`. */
  readonly timeoutMs?: number;
}

function parseAnswer(raw: Buffer): { status: number; headers: Record<string, string>; body: string; complete: boolean } | undefined {
  const end = raw.indexOf('\r\n\r\n');
  if (end < 0) return undefined;
  const [statusLine = '', ...lines] = raw.subarray(0, end).toString('latin1').split('\r\n');
  const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(statusLine)?.[1] ?? 0);
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  const rest = raw.subarray(end + 4);
  if (/chunked/i.test(headers['transfer-encoding'] ?? '')) {
    const chunks: Buffer[] = [];
    let offset = 0;
    for (;;) {
      const lineEnd = rest.indexOf('\r\n', offset);
      if (lineEnd < 0) return { status, headers, body: Buffer.concat(chunks).toString('utf8'), complete: false };
      const size = Number.parseInt(rest.subarray(offset, lineEnd).toString('latin1'), 16);
      if (!Number.isFinite(size) || size === 0 || rest.length < lineEnd + 2 + size)
        return { status, headers, body: Buffer.concat(chunks).toString('utf8'), complete: size === 0 };
      chunks.push(rest.subarray(lineEnd + 2, lineEnd + 2 + size));
      offset = lineEnd + 2 + size + 2;
    }
  }
  const length = headers['content-length'] === undefined ? undefined : Number(headers['content-length']);
  const complete = length !== undefined && rest.length >= length;
  return { status, headers, body: rest.subarray(0, length ?? rest.length).toString('utf8'), complete };
}

/**
 * Sends one case to `endpoint` (`http://127.0.0.1:<port>/<path>`) over a raw socket and resolves the
 * answer. Never rejects: a connection the server drops without an answer is status `0`.
 *
 * @example
 * for (const hostile of HOSTILE_CLAIMS_CASES) {
 *   const answer = await sendHostileClaims(endpoint, hostile, { token, tenantId });
 *   expect(hostile.expect.status).toContain(answer.status);
 * }
 */
export async function sendHostileClaims(endpoint: string, hostile: HostileClaimsCase, options: HostileSendOptions): Promise<HostileAnswer> {
  const { connect } = await import('node:net');
  const url = new URL(endpoint);
  if (url.hostname !== '127.0.0.1' || url.protocol !== 'http:')
    throw new TypeError('sendHostileClaims: endpoint must be http://127.0.0.1:<port>/…');
  const built = hostile.body(tokenIssuanceStartEvent({ tenantId: options.tenantId }));
  const body = typeof built === 'string' ? Buffer.from(built, 'utf8') : Buffer.from(built);
  const { delivery } = hostile;
  const head = [
    `POST ${url.pathname}${url.search} HTTP/1.1`,
    `Host: ${url.host}`,
    ...(hostile.authenticated ? [`Authorization: Bearer ${options.token}`] : []),
    ...(hostile.contentType === null ? [] : [`Content-Type: ${hostile.contentType}`]),
    delivery.kind === 'chunked'
      ? 'Transfer-Encoding: chunked'
      : `Content-Length: ${delivery.kind === 'short' ? delivery.declaredBytes : body.length}`,
    'Connection: close',
    '',
    '',
  ].join('\r\n');

  return new Promise<HostileAnswer>((resolve) => {
    const socket: Socket = connect(Number(url.port), '127.0.0.1');
    let received = Buffer.alloc(0);
    let sent = 0;
    let settled = false;
    const timers: ReturnType<typeof setTimeout>[] = [];
    const finish = (): void => {
      if (settled) return;
      settled = true;
      for (const timer of timers) clearTimeout(timer);
      const answer = parseAnswer(received);
      socket.destroy();
      resolve({ status: answer?.status ?? 0, headers: answer?.headers ?? {}, body: answer?.body ?? '', bodyBytesSent: sent });
    };
    timers.push(setTimeout(finish, options.timeoutMs ?? 10_000));
    socket.on('data', (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      if (parseAnswer(received)?.complete) finish();
    });
    socket.on('close', finish);
    socket.on('error', () => undefined);

    const write = (bytes: Buffer): Promise<void> =>
      new Promise((done) => {
        if (settled || socket.destroyed) return done();
        sent += bytes.length;
        if (socket.write(bytes)) done();
        else {
          // Wait for the server to read, or for the answer that ends the case.
          const check = setInterval(() => {
            if (settled || socket.destroyed) {
              clearInterval(check);
              done();
            }
          }, 20);
          socket.once('drain', () => {
            clearInterval(check);
            done();
          });
        }
      });
    const frame = (bytes: Buffer): Buffer => Buffer.concat([Buffer.from(`${bytes.length.toString(16)}\r\n`), bytes, Buffer.from('\r\n')]);

    socket.once('connect', () => {
      socket.write(head);
      void (async () => {
        if (delivery.kind === 'fixed' || delivery.kind === 'short') {
          await write(body);
          return;
        }
        if (delivery.kind === 'paused') {
          await write(body.subarray(0, delivery.firstBytes));
          await new Promise<void>((done) => timers.push(setTimeout(done, delivery.pauseMs)));
          await write(body.subarray(delivery.firstBytes));
          return;
        }
        for (let offset = 0; offset < body.length && !settled; offset += delivery.chunkBytes)
          await write(frame(body.subarray(offset, offset + delivery.chunkBytes)));
        const filler = Buffer.alloc(delivery.chunkBytes, 0x20);
        for (let total = 0; total < delivery.totalBytes && !settled; total += filler.length) await write(frame(filler));
        if (!settled && !socket.destroyed) socket.write('0\r\n\r\n');
      })();
    });
  });
}
