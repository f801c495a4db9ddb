import type { Cluster, Redis } from 'ioredis';
import { createGuard, type Guard, type RedisOperation } from './guard.js';
import { numberOption, requireOptionsObject } from '@tokenward/core/store';

/** An ioredis client: a single node (`new Redis(url)`) or a cluster (`new Cluster(nodes)`). */
export type RedisClient = Redis | Cluster;

export interface RedisStoreOptions {
  /** A connected ioredis client, owned by you (tokenward never closes it). */
  readonly client: RedisClient;
  /** Prepended to every key. Default `'tokenward:'`. */
  readonly prefix?: string;
  /** Longest wait for one Redis call; a slower call counts as failed. Default 500. */
  readonly timeoutMs?: number;
  /** After a failed call, Redis is skipped (in-memory behaviour) for this long. Default 5 000. */
  readonly retryAfterErrorMs?: number;
  /** Told about every call that failed or timed out (not the calls skipped after it). Default: nothing. */
  readonly onError?: (error: Error, operation: RedisOperation) => void;
}

export interface ResolvedRedisOptions {
  readonly client: RedisClient;
  readonly prefix: string;
  readonly guard: Guard;
}

export const DEFAULT_PREFIX = 'tokenward:';
export const DEFAULT_TIMEOUT_MS = 500;
export const DEFAULT_RETRY_AFTER_ERROR_MS = 5_000;

function duration(value: number | undefined, fallback: number, name: string): number {
  return numberOption(value, fallback, 'non-negative', `@tokenward/redis: ${name} must be a finite number ≥ 0`);
}

/** Validates options once, at startup: a mistake throws a `TypeError` instead of failing requests. */
export function resolveRedisOptions(options: RedisStoreOptions, what: string): ResolvedRedisOptions {
  requireOptionsObject(options, `@tokenward/redis: ${what} needs an options object`);
  const client = options.client as Partial<Redis> | null | undefined;
  if (typeof client !== 'object' || client === null || typeof client.get !== 'function' || typeof client.set !== 'function') {
    throw new TypeError(`@tokenward/redis: ${what} needs client: an ioredis client`);
  }
  if (options.prefix !== undefined && typeof options.prefix !== 'string') throw new TypeError('@tokenward/redis: prefix must be a string');
  if (options.onError !== undefined && typeof options.onError !== 'function')
    throw new TypeError('@tokenward/redis: onError must be a function');
  const timeoutMs = duration(options.timeoutMs, DEFAULT_TIMEOUT_MS, 'timeoutMs');
  if (timeoutMs === 0) throw new TypeError('@tokenward/redis: timeoutMs must be greater than 0');
  return {
    client: options.client,
    prefix: options.prefix ?? DEFAULT_PREFIX,
    guard: createGuard({
      timeoutMs,
      retryAfterErrorMs: duration(options.retryAfterErrorMs, DEFAULT_RETRY_AFTER_ERROR_MS, 'retryAfterErrorMs'),
      onError: options.onError,
    }),
  };
}
