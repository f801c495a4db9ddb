import { bounded } from '../shared/bounded.js';

export interface StoreGuardOptions<Operation extends string, Failure extends Error & { readonly operation: Operation }> {
  /** Names the store in messages: `redis`, `kv`. */
  readonly label: string;
  readonly timeoutMs: number;
  readonly retryAfterErrorMs: number;
  readonly onError: ((error: Error, operation: Operation) => void) | undefined;
  /** The package's own error class, so users keep seeing the one they catch. */
  readonly error: new (message: string, operation: Operation, options?: { cause?: unknown }) => Failure;
}

export interface StoreGuard<Operation extends string, Failure extends Error> {
  /** Runs a call bounded by `timeoutMs`; any failure is reported and answered with `fallback`. */
  soft<T>(operation: Operation, call: () => Promise<T>, fallback: T): Promise<T>;
  /** Same bound, but a failure rejects (after being reported). */
  strict<T>(operation: Operation, call: () => Promise<T>): Promise<T>;
  /** Tells `onError` about a refused value: the store answered, so it is not skipped afterwards. */
  report(error: Failure): void;
}

/**
 * Bounds every call to a shared store and, after a failure, skips the store for `retryAfterErrorMs`:
 * while it is down or hanging, verification runs at in-memory speed instead of paying the timeout
 * on each call. Every failure becomes one typed error, given to `onError` (a throwing hook changes
 * nothing).
 *
 * @example
 * const guard = createStoreGuard({ label: 'redis', timeoutMs: 500, retryAfterErrorMs: 5_000, onError, error: RedisStoreError });
 * const value = await guard.soft('get', () => client.get(key), undefined);
 */
export function createStoreGuard<Operation extends string, Failure extends Error & { readonly operation: Operation }>(
  options: StoreGuardOptions<Operation, Failure>,
): StoreGuard<Operation, Failure> {
  const { label, timeoutMs, retryAfterErrorMs, onError, error: StoreError } = options;
  let skipUntil = 0;
  const make = (message: string, operation: Operation, cause?: { cause?: unknown }): Failure => new StoreError(message, operation, cause);

  function report(failure: Failure): void {
    try {
      onError?.(failure, failure.operation);
    } catch {
      // A throwing hook changes nothing.
    }
  }

  async function strict<T>(operation: Operation, call: () => Promise<T>): Promise<T> {
    if (Date.now() < skipUntil)
      throw make(`${label} ${operation} skipped: ${label} failed less than ${retryAfterErrorMs} ms ago`, operation);
    try {
      return await bounded(timeoutMs, call, () => make(`${label} ${operation} did not answer within ${timeoutMs} ms`, operation));
    } catch (error) {
      skipUntil = Date.now() + retryAfterErrorMs;
      const failure = error instanceof StoreError ? error : make(`${label} ${operation} failed`, operation, { cause: error });
      report(failure);
      throw failure;
    }
  }

  return {
    async soft(operation, call, fallback) {
      try {
        return await strict(operation, call);
      } catch {
        return fallback;
      }
    },
    strict,
    report,
  };
}
