/**
 * True for any thenable, not only a native promise: checks, stores and backends are user code, and a
 * value from another realm, a promise library or a lazy query builder is not `instanceof Promise`.
 * One property read, so the synchronous verify path stays cheap. Await it with `Promise.resolve(value)`,
 * never by calling its `then` directly.
 */
export function isPromiseLike<T>(value: T | PromiseLike<T>): value is PromiseLike<T> {
  return typeof (value as { readonly then?: unknown } | null | undefined)?.then === 'function';
}
