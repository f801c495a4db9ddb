import { createStoreGuard, type StoreGuard } from '@tokenward/core/store';

/** What a call to Redis was doing when it failed, for `onError`. */
export type RedisOperation = 'get' | 'set' | 'lock' | 'unlock' | 'lookup' | 'revoke' | 'replay';

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

export type Guard = StoreGuard<RedisOperation, RedisStoreError>;

/** Core's store guard, speaking Redis: every call bounded, Redis skipped for a while after a failure. */
export function createGuard(options: GuardOptions): Guard {
  return createStoreGuard({ label: 'redis', ...options, error: RedisStoreError });
}
