import type { FetchLike } from '../shared/types.js';

/** Looked up at call time, so a `fetch` installed or replaced after startup is the one used. */
export const defaultFetch: FetchLike = (input, init) => {
  if (typeof globalThis.fetch !== 'function') {
    return Promise.reject(new TypeError('tokenward: this runtime has no global fetch; pass jwks.fetch'));
  }
  return globalThis.fetch(input, init);
};
