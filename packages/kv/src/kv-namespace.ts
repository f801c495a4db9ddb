import { createStoreGuard, numberOption, requireOptionsObject } from '@tokenward/core/store';

/**
 * The part of a Workers KV namespace this package uses, written out so the package needs no Workers
 * types at runtime or in your build: a `KVNamespace` binding satisfies it as it is.
 */
export interface KvNamespaceLike {
  get(key: string): Promise<string | null>;
  put(key: string, value: string, options?: { expirationTtl?: number }): Promise<void>;
  delete(key: string): Promise<void>;
}

/** What a KV call was doing when it failed, for `onError`. */
export type KvOperation = 'get' | 'put' | 'lock' | 'unlock' | 'lookup' | 'revoke';

export interface KvStoreOptions {
  /** Prepended to every key. Default `'tokenward:'`. */
  readonly prefix?: string;
  /** Longest wait for one KV call; a slower call counts as failed. Default 1 000. */
  readonly timeoutMs?: number;
  /** After a failed call, KV is skipped (in-memory behaviour) for this long. Default 5 000. */
  readonly retryAfterErrorMs?: number;
  /** Told about every call that failed or timed out (not the calls skipped after it). Default: nothing. */
  readonly onError?: (error: Error, operation: KvOperation) => void;
}

/** Thrown (revoke) or reported (everything else) when KV fails or does not answer in time. */
export class KvStoreError extends Error {
  constructor(
    message: string,
    readonly operation: KvOperation,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'KvStoreError';
  }
}

/** KV refuses expirations closer than 60 seconds. */
export const KV_MIN_TTL_SEC = 60;
/** KV keys are at most 512 bytes; longer ones are replaced by a hash. */
const MAX_PLAIN_KEY_LENGTH = 480;

export interface ResolvedKv {
  readonly namespace: KvNamespaceLike;
  readonly prefix: string;
  key(kind: string, id: string): Promise<string>;
  soft<T>(operation: KvOperation, call: () => Promise<T>, fallback: T): Promise<T>;
  strict<T>(operation: KvOperation, call: () => Promise<T>): Promise<T>;
  /** Tells `onError` about a refused value: KV answered, so it is not skipped afterwards. */
  report(error: KvStoreError): void;
}

function duration(value: number | undefined, fallback: number, name: string, allowZero: boolean): number {
  const message = `@tokenward/kv: ${name} must be a finite number ${allowZero ? '≥ 0' : 'greater than 0'}`;
  return numberOption(value, fallback, allowZero ? 'non-negative' : 'positive', message);
}

async function sha256(text: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)));
  return Array.from(digest, (byte) => byte.toString(16).padStart(2, '0')).join('');
}

/** TTL in whole seconds, at least KV's minimum. */
export function kvTtlSec(ms: number): number {
  return Math.max(KV_MIN_TTL_SEC, Math.ceil(ms / 1000));
}

/**
 * Validates options once (a mistake throws a `TypeError` at startup) and returns the guarded KV:
 * every call bounded by `timeoutMs`, KV skipped for `retryAfterErrorMs` after a failure.
 */
export function resolveKv(namespace: KvNamespaceLike, options: KvStoreOptions, what: string): ResolvedKv {
  const candidate = namespace as Partial<KvNamespaceLike> | null | undefined;
  if (typeof candidate !== 'object' || candidate === null || typeof candidate.get !== 'function' || typeof candidate.put !== 'function') {
    throw new TypeError(`@tokenward/kv: ${what} needs a KV namespace binding (get, put, delete)`);
  }
  requireOptionsObject(options, `@tokenward/kv: ${what} options must be an object`);
  if (options.prefix !== undefined && typeof options.prefix !== 'string') throw new TypeError('@tokenward/kv: prefix must be a string');
  if (options.onError !== undefined && typeof options.onError !== 'function')
    throw new TypeError('@tokenward/kv: onError must be a function');
  const timeoutMs = duration(options.timeoutMs, 1_000, 'timeoutMs', false);
  const retryAfterErrorMs = duration(options.retryAfterErrorMs, 5_000, 'retryAfterErrorMs', true);
  const prefix = options.prefix ?? 'tokenward:';
  const guard = createStoreGuard({ label: 'kv', timeoutMs, retryAfterErrorMs, onError: options.onError, error: KvStoreError });

  return {
    namespace,
    prefix,
    async key(kind, id) {
      const plain = `${prefix}${kind}:${id}`;
      return plain.length <= MAX_PLAIN_KEY_LENGTH ? plain : `${prefix}${kind}:sha256:${await sha256(id)}`;
    },
    soft: guard.soft,
    strict: guard.strict,
    report: guard.report,
  };
}
