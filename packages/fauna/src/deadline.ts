/** A time budget shared by every step of one call: each step gets what is left, and nothing waits past the end. */
import { FaunaTokenError } from './errors.js';

export interface Deadline {
  /** Milliseconds left, never below 0. */
  remaining(): number;
  /** Runs `work` and rejects with `deadline_exceeded` if the budget ends first (the work itself is not cancelled). */
  race<T>(work: Promise<T>, what: string): Promise<T>;
}

export function createDeadline(budgetMs: number, now: () => number = Date.now): Deadline {
  const end = now() + budgetMs;
  const remaining = (): number => Math.max(0, end - now());
  return {
    remaining,
    race<T>(work: Promise<T>, what: string): Promise<T> {
      const left = remaining();
      let timer: ReturnType<typeof setTimeout> | undefined;
      const expired = new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new FaunaTokenError('deadline_exceeded', `${what} did not finish within the ${budgetMs} ms budget`)),
          left,
        );
      });
      // A late rejection of the abandoned work must not surface as an unhandled rejection.
      work.catch(() => undefined);
      return Promise.race([work, expired]).finally(() => clearTimeout(timer));
    },
  };
}
