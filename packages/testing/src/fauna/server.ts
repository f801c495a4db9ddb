/**
 * A wire-compatible local Fauna server for tests: HTTP/2 cleartext on 127.0.0.1 (the driver connects with
 * `node:http2`), `POST /query/1`, the tagged format, Fauna's error codes and statuses, a controllable clock,
 * and fault injection. Every query is parsed and typechecked first (fql/validate.ts); it evaluates queries
 * that read no store (fql/evaluate.ts) and runs the store statements `@tokenward/fauna` sends (database.ts).
 */
import { randomBytes } from 'node:crypto';
import type { Http2Server, Http2Session, IncomingHttpHeaders, ServerHttp2Stream } from 'node:http2';
import { createRemoteJWKSet, jwtVerify, type JWTVerifyGetKey } from 'jose';
import { Database, FaunaFailure, recognise, STATUS_OF, type ExecutionContext, type Identity, type Outcome } from './database.js';
import type { FaunaAuthKind, FaunaClock, FaunaFault, FaunaQueryRecord, FaunaServer, FaunaServerOptions, FaunaStatement } from './types.js';
import { keySecret, randomId } from './secrets.js';
import { evaluate, NotEvaluable } from './fql/evaluate.js';
import type { Expr } from './fql/parse.js';
import { typecheckSetting, validateQuery, VALIDATION_FAILED } from './fql/validate.js';
import { decodeQueryRequest, encodeTagged, FaunaTime, WireError, type FaunaValue } from './wire.js';

const OPTIONS = new Set(['port', 'secret', 'now', 'collections', 'typechecked']);
const MAX_BODY_BYTES = 1024 * 1024;
const JWT = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;
/** Fixed in Fauna's core (self-hosted too): an access provider's audience is this prefix and the database id. */
const FAUNA_AUDIENCE_PREFIX = 'https://db.fauna.com/db/';
/** Fauna writes database ids in z-base-32. */
const ZBASE32 = 'ybndrfg8ejkmcpqxot1uwisza345h769';

function createClock(start: number | undefined): FaunaClock {
  // Real time passes from `start`; `set` freezes it; `advance` moves it either way.
  const base = start ?? Date.now();
  const startedAt = Date.now();
  let frozen: number | undefined;
  let offset = 0;
  return {
    now: () => (frozen ?? base + (Date.now() - startedAt)) + offset,
    set(ms) {
      frozen = ms;
      offset = 0;
    },
    advance(ms) {
      offset += ms;
    },
  };
}

interface Reply {
  readonly status: number;
  readonly body: unknown;
}

/** A latch for the `race` fault: the first `size` arrivals wait until all have arrived. */
function createBarrier(size: number) {
  let arrived = 0;
  let open!: () => void;
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return {
    get remaining() {
      return size - arrived;
    },
    async wait(): Promise<void> {
      arrived += 1;
      if (arrived >= size) open();
      await opened;
    },
  };
}

/**
 * Starts the server on 127.0.0.1. Point the real `fauna` driver at `server.url` with `server.secret`.
 *
 * @example
 * const fauna = await createFaunaServer({ collections: [{ name: 'Customer', index: 'byIdentity', field: 'identity' }] });
 * const client = new Client({ endpoint: new URL(fauna.url), secret: fauna.secret });
 */
export async function createFaunaServer(options: FaunaServerOptions = {}): Promise<FaunaServer> {
  for (const key of Object.keys(options)) if (!OPTIONS.has(key)) throw new TypeError(`createFaunaServer: unknown option '${key}'`);
  const http2 = await import('node:http2');
  const secret = options.secret ?? keySecret(randomId());
  const clock = createClock(options.now);
  const databaseId = [...randomBytes(13)].map((byte) => ZBASE32[byte % 32]).join('');
  const sessions = new Set<Http2Session>();
  const hung = new Set<ServerHttp2Stream>();
  const log: FaunaQueryRecord[] = [];
  const jwks = new Map<string, JWTVerifyGetKey>();
  let fault: (FaunaFault & { left: number }) | null = null;
  let barrier: ReturnType<typeof createBarrier> | undefined;
  let audience = '';
  let db: Database | undefined;

  const server: Http2Server = http2.createServer();
  server.on('session', (session) => {
    sessions.add(session);
    session.on('close', () => sessions.delete(session));
    session.on('error', () => undefined);
  });

  function takeFault(statement: FaunaStatement | null): FaunaFault | undefined {
    if (fault === null || (fault.statement !== undefined && fault.statement !== statement)) return undefined;
    const current = fault;
    if (current.kind === 'race') return current;
    current.left -= 1;
    if (current.left <= 0) fault = null;
    return current;
  }

  async function authenticate(headers: IncomingHttpHeaders): Promise<{ kind: FaunaAuthKind; identity?: Identity }> {
    const header = headers.authorization;
    const match = typeof header === 'string' ? /^Bearer (\S+)$/.exec(header) : null;
    if (!match?.[1]) return { kind: 'none' };
    const presented = match[1];
    if (presented === secret) return { kind: 'key', identity: { kind: 'key' } };
    const now = clock.now();
    const token = db?.tokenForSecret(presented, now);
    if (token !== undefined) return { kind: 'token', identity: { kind: 'token', token } };
    if (!JWT.test(presented)) return { kind: 'invalid' };
    try {
      const [, payloadSegment] = presented.split('.');
      const unverified = JSON.parse(Buffer.from(payloadSegment ?? '', 'base64url').toString('utf8')) as { iss?: unknown };
      const provider = typeof unverified.iss === 'string' ? db?.providerForIssuer(unverified.iss) : undefined;
      if (provider === undefined || provider.roles.length === 0) return { kind: 'invalid' };
      let keys = jwks.get(provider.jwks_uri);
      if (keys === undefined) {
        keys = createRemoteJWKSet(new URL(provider.jwks_uri), { timeoutDuration: 2000 });
        jwks.set(provider.jwks_uri, keys);
      }
      const { payload } = await jwtVerify(presented, keys, { issuer: provider.issuer, currentDate: new Date(now) });
      // As Fauna's core: of the audiences with its fixed prefix there must be exactly one, and it names this database.
      const faunaAudiences = (Array.isArray(payload.aud) ? payload.aud : [payload.aud]).filter(
        (aud): aud is string => typeof aud === 'string' && aud.startsWith(FAUNA_AUDIENCE_PREFIX),
      );
      if (faunaAudiences.length !== 1 || faunaAudiences[0] !== provider.audience) return { kind: 'invalid' };
      return { kind: 'jwt', identity: { kind: 'jwt', payload: payload as Record<string, unknown> } };
    } catch {
      return { kind: 'invalid' };
    }
  }

  function stats(started: number, outcome?: Outcome) {
    return {
      compute_ops: 1,
      read_ops: outcome?.reads ?? 0,
      write_ops: outcome?.writes ?? 0,
      query_time_ms: Math.max(0, Date.now() - started),
      contention_retries: 0,
      storage_bytes_read: 0,
      storage_bytes_write: 0,
      rate_limits_hit: [],
    };
  }

  function failureReply(failure: FaunaFailure, started: number, status = STATUS_OF[failure.code]): Reply {
    const error: Record<string, unknown> = { code: failure.code, message: failure.message };
    if (failure.extra.constraint_failures !== undefined) error.constraint_failures = failure.extra.constraint_failures;
    return {
      status,
      body: { error, summary: failure.extra.summary ?? '', txn_ts: clock.now() * 1000, stats: stats(started), schema_version: 0 },
    };
  }

  /** A query that reads no store (`1 + 1`, `{ len: 'foo'.length }`) evaluated, or `undefined`. */
  function evaluatePure(query: Expr, args: readonly FaunaValue[]): FaunaValue | undefined {
    try {
      return evaluate(query, new Map(), args);
    } catch (error) {
      if (error instanceof NotEvaluable) return undefined;
      throw error;
    }
  }

  const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

  async function answer(stream: ServerHttp2Stream, headers: IncomingHttpHeaders, body: string): Promise<Reply | 'hang' | 'outage'> {
    const started = Date.now();
    const timeoutHeader = Number(headers['x-query-timeout-ms']);
    const queryTimeoutMs = Number.isFinite(timeoutHeader) && timeoutHeader > 0 ? timeoutHeader : 5000;
    const format = typeof headers['x-format'] === 'string' ? headers['x-format'] : undefined;
    const { kind, identity } = await authenticate(headers);
    let statement: FaunaStatement | null = null;
    const record = (reply: Reply): Reply => {
      const code = (reply.body as { error?: { code?: string } }).error?.code;
      log.push({
        statement,
        status: reply.status,
        auth: kind,
        ...(code === undefined ? {} : { code }),
        ...(Number.isFinite(timeoutHeader) ? { queryTimeoutMs: timeoutHeader } : {}),
        ...(format === undefined ? {} : { format }),
      });
      return reply;
    };
    try {
      if (identity === undefined) throw new FaunaFailure('unauthorized', 'Access token required');
      if (format !== undefined && format !== 'tagged')
        throw new FaunaFailure('invalid_request', `the local Fauna server answers x-format tagged only, found ${format}`);
      const typecheck = typecheckSetting(headers['x-typecheck'], options.typechecked ?? true);
      if (typecheck === 'invalid')
        throw new FaunaFailure(
          'invalid_request',
          `x-typecheck must be true or false, found ${String(headers['x-typecheck']).slice(0, 40)}`,
        );
      const query = decodeQueryRequest(body);
      // Fauna parses and typechecks before it runs anything (and before faults could apply).
      const validation = validateQuery(query.source, query.args, database(), typecheck);
      if (!validation.ok) throw new FaunaFailure('invalid_query', VALIDATION_FAILED, { summary: validation.summary });
      const found = recognise(query.text);
      statement = found?.statement.name ?? null;
      const injected = takeFault(statement);
      if (injected?.kind === 'hang') return 'hang';
      if (injected?.kind === 'outage') return 'outage';
      if (injected?.kind === 'error')
        throw Object.assign(new FaunaFailure(injected.code, `injected ${injected.code}`), { status: injected.status });
      if (injected?.kind === 'latency') {
        if (injected.ms >= queryTimeoutMs) {
          await sleep(queryTimeoutMs);
          throw new FaunaFailure('time_out', 'Query exceeded the specified timeout: the query timeout was too aggressive a deadline');
        }
        await sleep(injected.ms);
      }
      if (found === undefined) {
        const pure = evaluatePure(validation.query, query.args);
        if (pure !== undefined)
          return record({
            status: 200,
            body: {
              data: encodeTagged(pure),
              static_type: 'Any',
              summary: '',
              txn_ts: clock.now() * 1000,
              stats: stats(started),
              schema_version: 0,
            },
          });
      }
      if (found === undefined)
        throw new FaunaFailure('invalid_query', 'The query failed 1 validation check', {
          summary: 'error: the local Fauna server does not know this query (only the FQL @tokenward/fauna sends)',
        });
      if (!found.statement.allow.includes(identity.kind))
        throw new FaunaFailure('forbidden', 'Insufficient privileges to perform the action.');
      if (stream.destroyed) return 'outage';
      const context: ExecutionContext = {
        now: clock.now(),
        identity,
        clock: () => clock.now(),
        beforeCommit: async () => {
          if (statement !== 'mint' || fault?.kind !== 'race') return;
          barrier ??= createBarrier(fault.queries);
          const current = barrier;
          if (current.remaining <= 1) {
            fault = null;
            barrier = undefined;
          }
          await current.wait();
        },
      };
      const outcome = await found.statement.run(database(), found.match, query.args, context);
      const success: Record<string, unknown> = {
        data: encodeTagged(outcome.data),
        static_type: 'Any',
        summary: '',
        txn_ts: clock.now() * 1000,
        stats: stats(started, outcome),
        schema_version: 0,
      };
      if (typeof headers['x-query-tags'] === 'string') success.query_tags = headers['x-query-tags'];
      return record({ status: 200, body: success });
    } catch (error) {
      if (error instanceof FaunaFailure)
        return record(failureReply(error, started, (error as FaunaFailure & { status?: number }).status ?? STATUS_OF[error.code]));
      if (error instanceof WireError) return record(failureReply(new FaunaFailure('invalid_request', error.message), started));
      return record(failureReply(new FaunaFailure('internal_error', 'the local Fauna server failed'), started));
    }
  }

  function database(): Database {
    db ??= new Database(audience);
    return db;
  }

  server.on('stream', (stream, headers) => {
    stream.on('error', () => undefined);
    const path = headers[':path'];
    const method = headers[':method'];
    const send = (reply: Reply): void => {
      if (stream.destroyed || stream.closed) return;
      stream.respond({ ':status': reply.status, 'content-type': 'application/json;charset=utf-8' });
      stream.end(JSON.stringify(reply.body));
    };
    if (path !== '/query/1' || method !== 'POST') {
      send({
        status: 404,
        body: {
          error: {
            code: 'not_found',
            message: `the local Fauna server serves POST /query/1 only, found ${String(method)} ${String(path)}`,
          },
        },
      });
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    stream.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    stream.on('end', () => {
      if (size > MAX_BODY_BYTES) {
        send(failureReply(new FaunaFailure('invalid_request', 'request too large'), Date.now()));
        return;
      }
      void answer(stream, headers, Buffer.concat(chunks).toString('utf8')).then((reply) => {
        if (reply === 'hang') hung.add(stream);
        else if (reply === 'outage') stream.close(http2.constants.NGHTTP2_INTERNAL_ERROR);
        else send(reply);
      });
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  const url = `http://127.0.0.1:${port}`;
  audience = `${FAUNA_AUDIENCE_PREFIX}${databaseId}`;
  for (const seed of options.collections ?? []) database().defineCollection(seed, [seed.field], clock.now());

  const plain = (value: FaunaValue): unknown => {
    if (value instanceof FaunaTime) return value.iso;
    if (Array.isArray(value)) return value.map(plain);
    if (typeof value === 'object' && value !== null && value.constructor === Object) {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plain(v as FaunaValue)]));
    }
    return value;
  };

  let closed: Promise<void> | undefined;
  return {
    url,
    secret,
    audience,
    clock,
    setFault(next) {
      if (next !== null && (typeof next !== 'object' || typeof next.kind !== 'string'))
        throw new TypeError('setFault: expected a fault or null');
      if (next?.kind === 'race' && !(Number.isInteger(next.queries) && next.queries >= 2))
        throw new TypeError('setFault: race needs queries >= 2');
      fault = next === null ? null : { ...next, left: next.times ?? Number.POSITIVE_INFINITY };
      barrier = undefined;
    },
    get queries() {
      return [...log];
    },
    resetQueries() {
      log.length = 0;
    },
    documents(collection) {
      return database()
        .documentViews(collection)
        .map((doc) => ({ ...(plain(doc.fields) as Record<string, unknown>), id: doc.id, ts: new Date(doc.ts).toISOString() }));
    },
    tokens() {
      const now = clock.now();
      return database()
        .tokenList()
        .map((token) => ({
          id: token.id,
          document: { ...token.document },
          ttl: token.ttl === null ? null : new Date(token.ttl).toISOString(),
          data: plain(token.data) as Record<string, unknown>,
          expired: token.ttl !== null && token.ttl <= now,
        }));
    },
    accessProviders() {
      return database()
        .providerList()
        .map((provider) => ({
          name: provider.name,
          issuer: provider.issuer,
          jwks_uri: provider.jwks_uri,
          roles: plain(provider.roles) as unknown[],
          audience: provider.audience,
        }));
    },
    close() {
      closed ??= new Promise<void>((resolve) => {
        for (const stream of hung) stream.close(http2.constants.NGHTTP2_CANCEL);
        hung.clear();
        for (const session of sessions) session.destroy();
        server.close(() => resolve());
      });
      return closed;
    },
  };
}
