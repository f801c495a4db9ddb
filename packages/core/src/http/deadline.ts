/**
 * One time limit shared by every step of a request (connect, headers, each body chunk). The abort
 * signal cancels the request; `race` makes each step give up even if the fetch in use ignores it.
 */
export interface Deadline {
  readonly signal: AbortSignal;
  readonly expired: boolean;
  readonly error: Error;
  race<T>(step: Promise<T>): Promise<T>;
  clear(): void;
}

export function startDeadline(timeoutMs: number, timeoutError: () => Error): Deadline {
  const controller = new AbortController();
  let expired = false;
  let error: Error | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      expired = true;
      error = timeoutError();
      reject(error);
      controller.abort(error);
    }, timeoutMs);
  });
  // Nobody may be racing when the timer fires; that is not an unhandled rejection.
  timeout.catch(() => undefined);
  return {
    signal: controller.signal,
    get expired() {
      return expired;
    },
    get error() {
      return error ?? timeoutError();
    },
    race: (step) => Promise.race([step, timeout]),
    clear: () => clearTimeout(timer),
  };
}
