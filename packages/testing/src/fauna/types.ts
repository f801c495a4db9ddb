/** Public types of the local Fauna server (`@tokenward/testing/fauna`). */

/** Error codes the server answers with, as the real service does (the driver maps them to its error classes). */
export type FaunaErrorCode =
  | 'unauthorized'
  | 'forbidden'
  | 'invalid_query'
  | 'invalid_request'
  | 'constraint_failure'
  | 'contended_transaction'
  | 'limit_exceeded'
  | 'time_out'
  | 'internal_error'
  | 'service_unavailable';

/** Which recognised statement a fault applies to (default: every query). */
export type FaunaStatement =
  'mint' | 'revoke' | 'ensure-schema' | 'schema-exists' | 'ensure-access-provider' | 'read-access-provider' | 'identity' | 'token';

interface FaultScope {
  /** Only queries of this statement. Default: all. */
  readonly statement?: FaunaStatement;
  /** Apply to this many matching queries, then clear. Default: until `setFault(null)`. */
  readonly times?: number;
}

/** A failure the server reproduces until `setFault(null)` (or `times` queries). */
export type FaunaFault = FaultScope &
  /** Answer with this error code and its real status (override with `status`); nothing is written. */
  (
    | { readonly kind: 'error'; readonly code: FaunaErrorCode; readonly status?: number }
    /** Answer after `ms`. At or past the query's `x-query-timeout-ms`, Fauna's answer: 440 `time_out` at the timeout, nothing written. */
    | { readonly kind: 'latency'; readonly ms: number }
    /** Never answer; `close()` drops the connection. */
    | { readonly kind: 'hang' }
    /** Reset the HTTP/2 stream: the driver sees a network error. */
    | { readonly kind: 'outage' }
    /**
     * Hold the next `queries` mint transactions between their read and their write until all have read,
     * then commit them in arrival order: concurrent first sign-ins that all saw no identity document.
     */
    | { readonly kind: 'race'; readonly queries: number }
  );

export type FaunaAuthKind = 'key' | 'token' | 'jwt' | 'none' | 'invalid';

/** One query the server received (never a secret). */
export interface FaunaQueryRecord {
  /** The recognised statement, or `null` (answered `invalid_query`). */
  readonly statement: FaunaStatement | null;
  readonly status: number;
  readonly code?: string;
  readonly auth: FaunaAuthKind;
  /** `x-query-timeout-ms` as sent. */
  readonly queryTimeoutMs?: number;
  /** `x-format` as sent. */
  readonly format?: string;
}

/** An identity collection: an index on one field and a unique constraint on it. */
export interface FaunaCollectionSeed {
  readonly name: string;
  readonly index: string;
  readonly field: string;
}

export interface FaunaServerOptions {
  /** Port on 127.0.0.1. Default `0` (a free port). */
  readonly port?: number;
  /** The admin key's secret. Default: a random `fn…` secret, in `server.secret`. */
  readonly secret?: string;
  /** Start of the server's clock (epoch ms), which drives `Time.now()`, token TTLs and JWT expiry. Default `Date.now()`, then real time passes. */
  readonly now?: number;
  /** Collections that exist from the start. */
  readonly collections?: readonly FaunaCollectionSeed[];
  /** The database's `typechecked` setting: whether queries are typechecked when no `x-typecheck` header says. Default `true`, as Fauna's. */
  readonly typechecked?: boolean;
}

export interface FaunaClock {
  now(): number;
  /** Fixes the clock at `ms`: time stops passing until `advance` or `set`. */
  set(ms: number): void;
  advance(ms: number): void;
}

export interface FaunaDocumentView {
  readonly id: string;
  readonly ts: string;
  readonly [field: string]: unknown;
}

export interface FaunaTokenView {
  readonly id: string;
  readonly document: { readonly coll: string; readonly id: string };
  /** ISO 8601, or `null` for no TTL. */
  readonly ttl: string | null;
  readonly data: Readonly<Record<string, unknown>>;
  /** Whether the TTL has passed on the server's clock (Fauna no longer accepts its secret). */
  readonly expired: boolean;
}

export interface FaunaAccessProviderView {
  readonly name: string;
  readonly issuer: string;
  readonly jwks_uri: string;
  readonly roles: readonly unknown[];
  readonly audience: string;
}

export interface FaunaServer {
  /** `http://127.0.0.1:<port>`: the driver's `endpoint`. */
  readonly url: string;
  /** The admin key's secret. */
  readonly secret: string;
  /** The audience access-provider JWTs must carry (`aud`): `https://db.fauna.com/db/<database id>`, as Fauna's (the prefix is fixed, self-hosted too). */
  readonly audience: string;
  readonly clock: FaunaClock;
  setFault(fault: FaunaFault | null): void;
  /** Queries received since start or `resetQueries()`. */
  readonly queries: readonly FaunaQueryRecord[];
  resetQueries(): void;
  documents(collection: string): readonly FaunaDocumentView[];
  tokens(): readonly FaunaTokenView[];
  accessProviders(): readonly FaunaAccessProviderView[];
  close(): Promise<void>;
}
