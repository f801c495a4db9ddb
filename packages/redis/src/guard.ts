/** What a call to Redis was doing when it failed, for `onError`. */
export type RedisOperation = 'get' | 'set' | 'lock' | 'unlock' | 'lookup' | 'revoke';

export interface GuardOptions {
  readonly timeoutMs: number;
  readonly retryAfterErrorMs: number;
  readonly onError: ((error: Error, operation: RedisOperation) => void) | undefined;
}

/** Thrown (revoke) or reported (everything else) when Redis fails, hangs or is being skipped after a failure. */
export class RedisStoreError extends Error {
  constructor(
    message: string,
    readonly operation: RedisOperation,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'RedisStoreError';
  }
}

export interface Guard {
  /** Runs a call bounded by `timeoutMs`; any failure is reported and answered with `fallback`. */
  soft<T>(operation: RedisOperation, call: () => Promise<T>, fallback: T): Promise<T>;
  /** Same bound, but a failure rejects (after being reported). */
  strict<T>(operation: RedisOperation, call: () => Promise<T>): Promise<T>;
  /** Tells `onError` about a refused value: Redis answered, so it is not skipped afterwards. */
  report(error: RedisStoreError): void;
}

/**
 * Bounds every Redis call and, after a failure, skips Redis for `retryAfterErrorMs`: while Redis is
 * down or hanging, verification runs at in-memory speed instead of paying the timeout on each call.
 */
export function createGuard(options: GuardOptions): Guard {
  let skipUntil = 0;

  function report(error: Error, operation: RedisOperation): void {
    try {
      options.onError?.(error, operation);
    } catch {
      // A throwing hook changes nothing.
    }
  }

  async function bounded<T>(operation: RedisOperation, call: () => Promise<T>): Promise<T> {
    if (Date.now() < skipUntil) {
      throw new RedisStoreError(`redis ${operation} skipped: redis failed less than ${options.retryAfterErrorMs} ms ago`, operation);
    }
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new RedisStoreError(`redis ${operation} did not answer within ${options.timeoutMs} ms`, operation)), options.timeoutMs);
    });
    try {
      return await Promise.race([Promise.resolve().then(call), timeout]);
    } catch (error) {
      skipUntil = Date.now() + options.retryAfterErrorMs;
      const failure = error instanceof RedisStoreError ? error : new RedisStoreError(`redis ${operation} failed`, operation, { cause: error });
      report(failure, operation);
      throw failure;
    } finally {
      clearTimeout(timer);
    }
  }

  return {
    async soft(operation, call, fallback) {
      try {
        return await bounded(operation, call);
      } catch {
        return fallback;
      }
    },
    strict: bounded,
    report: (error) => report(error, error.operation),
  };
}
