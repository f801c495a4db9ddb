import { expect } from 'vitest';
import { isTokenwardError, type TokenwardErrorUnion } from '../../src/index.js';

/** The typed error a verification rejected with; fails the test when it resolved or threw anything untyped. */
export async function rejection(promise: PromiseLike<unknown>): Promise<TokenwardErrorUnion> {
  try {
    await promise;
  } catch (error) {
    expect(isTokenwardError(error)).toBe(true);
    return error as TokenwardErrorUnion;
  }
  throw new Error('expected a rejection');
}
