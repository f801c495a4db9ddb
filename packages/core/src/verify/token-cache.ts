/**
 * The optional verified-token cache: a bounded LRU of tokens whose signature was verified, so a
 * token presented again skips the signature check — and only that. Every hit still resolves the
 * signing key (a key that left the JWKS rejects the token), and re-runs the time checks, per-call and
 * issuer checks and the revocation lookup. Authorization stays per request, in the caller.
 */

import { isPositiveNumber, isOptionsObject } from '../shared/options.js';
import { deepFreeze } from '../shared/deep-freeze.js';
import { rejectUnknownOptions } from '../authz/requirement-inputs.js';
import type { CompiledIssuer } from './issuer-registry.js';
import type { JwsAlgorithm, TokenCacheOptions, VerifiedToken } from '../shared/types.js';

export const DEFAULT_TOKEN_CACHE_ENTRIES = 1_000;

export interface CachedToken {
  readonly result: VerifiedToken;
  readonly issuer: CompiledIssuer;
  /** The backend's imported key that verified the signature: a hit is only valid while it is still the one. */
  readonly key: unknown;
  readonly kid: string | undefined;
  readonly alg: JwsAlgorithm;
}

export interface TokenCache {
  get(token: string): CachedToken | undefined;
  set(token: string, entry: CachedToken): void;
  delete(token: string): void;
}

/** A verified result shared by every request that presents the token again: frozen, so no request can change another's. */
export function freezeResult<T extends VerifiedToken>(result: T): T {
  deepFreeze(result.claims);
  deepFreeze(result.header);
  return Object.freeze(result);
}

export function createTokenCache(option: boolean | TokenCacheOptions | undefined): TokenCache | undefined {
  if (option === undefined || option === false) return undefined;
  const settings = option === true ? {} : option;
  if (!isOptionsObject(settings)) {
    throw new TypeError('tokenward: createVerifier: tokenCache must be true, false or { maxEntries }');
  }
  rejectUnknownOptions(settings, ['maxEntries'], 'createVerifier: tokenCache');
  const maxEntries = settings.maxEntries ?? DEFAULT_TOKEN_CACHE_ENTRIES;
  if (!isPositiveNumber(maxEntries, { integer: true })) {
    throw new TypeError('tokenward: createVerifier: tokenCache.maxEntries must be a positive integer');
  }
  // A Map iterates in insertion order: re-inserting on a hit keeps the least recently used first.
  const entries = new Map<string, CachedToken>();
  return {
    get(token) {
      const entry = entries.get(token);
      if (entry !== undefined) {
        entries.delete(token);
        entries.set(token, entry);
      }
      return entry;
    },
    set(token, entry) {
      entries.delete(token);
      if (entries.size >= maxEntries) entries.delete(entries.keys().next().value as string);
      entries.set(token, entry);
    },
    delete(token) {
      entries.delete(token);
    },
  };
}
