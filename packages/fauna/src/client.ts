/**
 * The one shared Fauna client: an explicit endpoint and secret (Fauna's hosted service closed in 2025;
 * its core is self-hosted, so there is no default URL), timeouts and retries sized to a time budget, and
 * a logger that never prints a secret.
 */
import { Client, type ClientConfiguration } from 'fauna';

/** The driver's log interface (`fauna`'s `LogHandler`), as a structural type. */
export interface FaunaLogger {
  trace(message: string, ...args: unknown[]): void;
  debug(message: string, ...args: unknown[]): void;
  info(message: string, ...args: unknown[]): void;
  warn(message: string, ...args: unknown[]): void;
  error(message: string, ...args: unknown[]): void;
  fatal(message: string, ...args: unknown[]): void;
}

/** Where redacted log lines go: any subset of the levels (`console` works). */
export type LogTarget = Partial<Record<keyof FaunaLogger, (message: string, ...args: unknown[]) => void>>;

export interface FaunaClientOptions {
  /** Your Fauna endpoint, e.g. `https://fauna.internal:8443`. Required: there is no default. */
  readonly endpoint: string | URL;
  /** A key secret with the privileges the calls need (a server key for minting). Required. */
  readonly secret: string;
  /** Default query timeout, sent to Fauna as `x-query-timeout-ms`. Default `1000`. */
  readonly queryTimeoutMs?: number;
  /** How long the driver waits past the query timeout before giving up on the connection. Default `max(50, queryTimeoutMs / 4)`. */
  readonly clientTimeoutBufferMs?: number;
  /** Attempts the driver makes when Fauna answers 429. Default `2`. */
  readonly maxAttempts?: number;
  /** Longest backoff between those attempts. Default `min(1000, queryTimeoutMs / 4)`. */
  readonly maxBackoffMs?: number;
  /** How long an idle HTTP/2 connection stays open, so sign-ins find it warm. Default `60000`. */
  readonly http2SessionIdleMs?: number;
  /**
   * Where the driver's log lines go, after redaction. Default: nowhere. The driver's debug output (also
   * turned on by `FAUNA_DEBUG`) prints the `Authorization` header; every line passes through
   * `redactSecrets` first, and `FAUNA_DEBUG` is ignored because a logger is always given.
   */
  readonly logger?: LogTarget;
  /** Accept an `http:` endpoint that is not loopback (a private network you trust). Default `false`. */
  readonly allowHttp?: boolean;
}

const LOOPBACK = /^(?:localhost|127(?:\.\d{1,3}){3}|\[::1\])$/i;

/** Replaces bearer credentials, `secret` fields and Fauna secrets (`fn…`) in a log line. */
export function redactSecrets(text: string): string {
  return text
    .replace(/(Bearer\s+)[^\s"',}]+/gi, '$1[redacted]')
    .replace(/("?secret"?\s*[:=]\s*"?)[^"\s,}]+/gi, '$1[redacted]')
    .replace(/\bfn[A-Za-z0-9_-]{16,}/g, '[redacted]')
    .replace(/\beyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*/g, '[redacted]');
}

function redactArg(value: unknown): unknown {
  if (typeof value === 'string') return redactSecrets(value);
  if (typeof value !== 'object' || value === null) return value;
  try {
    return redactSecrets(JSON.stringify(value));
  } catch {
    return '[unserialisable]';
  }
}

/** A driver logger that redacts every line and argument before handing it to `target` (nothing without one). */
export function redactingLogger(target: LogTarget = {}): FaunaLogger {
  const level =
    (name: keyof FaunaLogger) =>
    (message: string, ...args: unknown[]): void => {
      const write = target[name];
      if (typeof write === 'function') write.call(target, redactSecrets(String(message)), ...args.map(redactArg));
    };
  return {
    trace: level('trace'),
    debug: level('debug'),
    info: level('info'),
    warn: level('warn'),
    error: level('error'),
    fatal: level('fatal'),
  };
}

function positive(name: string, value: unknown, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0)
    throw new TypeError(`tokenward: fauna: ${name} must be a positive number of milliseconds`);
  return value;
}

export function requireEndpoint(endpoint: unknown, allowHttp: boolean): URL {
  let url: URL;
  try {
    url = new URL(endpoint instanceof URL ? endpoint.href : String(endpoint));
  } catch {
    throw new TypeError(
      'tokenward: fauna: endpoint must be the URL of your Fauna endpoint (there is no default: the hosted service closed)',
    );
  }
  if (endpoint === undefined || endpoint === '' || (url.protocol !== 'https:' && url.protocol !== 'http:')) {
    throw new TypeError('tokenward: fauna: endpoint must be an https: URL of your Fauna endpoint');
  }
  if (url.username !== '' || url.password !== '') throw new TypeError('tokenward: fauna: endpoint must not carry credentials; pass secret');
  if (url.protocol === 'http:' && !allowHttp && !LOOPBACK.test(url.hostname)) {
    throw new TypeError(
      `tokenward: fauna: endpoint ${url.origin} is plain http: secrets would cross the network unencrypted; use https, or allowHttp: true on a private network you trust`,
    );
  }
  return url;
}

const OPTIONS = new Set([
  'endpoint',
  'secret',
  'queryTimeoutMs',
  'clientTimeoutBufferMs',
  'maxAttempts',
  'maxBackoffMs',
  'http2SessionIdleMs',
  'logger',
  'allowHttp',
]);

/** Validates the options and maps them onto the driver's configuration (a `TypeError` for any mistake). */
export function faunaClientConfiguration(options: FaunaClientOptions): ClientConfiguration {
  if (typeof options !== 'object' || options === null)
    throw new TypeError('tokenward: fauna: client options must be an object { endpoint, secret }');
  for (const key of Object.keys(options)) if (!OPTIONS.has(key)) throw new TypeError(`tokenward: fauna: unknown client option '${key}'`);
  const endpoint = requireEndpoint(options.endpoint, options.allowHttp === true);
  if (typeof options.secret !== 'string' || options.secret.trim() === '')
    throw new TypeError('tokenward: fauna: secret must be a non-empty string (a key secret)');
  const queryTimeoutMs = positive('queryTimeoutMs', options.queryTimeoutMs, 1000);
  const maxAttempts = options.maxAttempts ?? 2;
  if (!Number.isInteger(maxAttempts) || maxAttempts < 1)
    throw new TypeError('tokenward: fauna: maxAttempts must be an integer of at least 1');
  if (options.logger !== undefined && (typeof options.logger !== 'object' || options.logger === null))
    throw new TypeError('tokenward: fauna: logger must be an object with log methods (console works)');
  return {
    endpoint,
    secret: options.secret,
    query_timeout_ms: Math.round(queryTimeoutMs),
    client_timeout_buffer_ms: Math.round(
      positive('clientTimeoutBufferMs', options.clientTimeoutBufferMs, Math.max(50, queryTimeoutMs / 4)),
    ),
    max_attempts: maxAttempts,
    // The driver's backoff is in seconds (random × 2^attempt, capped by max_backoff).
    max_backoff: positive('maxBackoffMs', options.maxBackoffMs, Math.min(1000, queryTimeoutMs / 4)) / 1000,
    http2_session_idle_ms: Math.round(positive('http2SessionIdleMs', options.http2SessionIdleMs, 60_000)),
    logger: redactingLogger(options.logger),
  };
}

/**
 * Creates the shared client. Create it once, at module scope: the driver keeps one HTTP/2 connection per
 * endpoint, so every query (and every per-user query with its own secret) reuses it.
 *
 * @example
 * const fauna = createFaunaClient({ endpoint: process.env.FAUNA_ENDPOINT!, secret: process.env.FAUNA_SECRET! });
 */
export function createFaunaClient(options: FaunaClientOptions): Client {
  return new Client(faunaClientConfiguration(options));
}
