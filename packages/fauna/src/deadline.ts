/** A time budget shared by every step of one call: each step gets what is left, and nothing waits past the end. */
import { bounded } from '@tokenward/core/store';
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
    race: (work, what) =>
      bounded(
        remaining(),
        () => work,
        () => new FaunaTokenError('deadline_exceeded', `${what} did not finish within the ${budgetMs} ms budget`),
      ),
  };
}
