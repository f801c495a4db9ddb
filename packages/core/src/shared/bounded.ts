/**
 * Runs `call` and rejects with `timeoutError()` if it has not settled within `timeoutMs`; a call
 * that throws synchronously rejects too. The call itself is not cancelled (store clients take no
 * signal), and its late rejection is swallowed so it never surfaces as an unhandled rejection.
 */
export function bounded<T>(timeoutMs: number, call: () => T | Promise<T>, timeoutError: () => Error): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const work = Promise.resolve().then(call);
  work.catch(() => undefined);
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(timeoutError()), timeoutMs);
  });
  return Promise.race([work, expired]).finally(() => clearTimeout(timer));
}
