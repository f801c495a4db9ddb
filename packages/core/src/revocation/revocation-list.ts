import type { JwtClaims, RevocationClaim, RevocationList, RevocationStore, RevokeOptions } from '../shared/types.js';
import { encodeBase64Url } from '../token/base64url.js';
import { bounded as boundedCall } from '../shared/bounded.js';
import { createMemoryRevocationStore } from './memory-revocation-store.js';
import { numberOption, requireOptionsObject } from '../shared/options.js';

export interface RevocationListOptions {
  /** Where entries live. Default: in memory (this process only). */
  readonly store?: RevocationStore;
  /** Claims looked up for every verified token. Default `['jti', 'sid', 'sub']`. */
  readonly claims?: readonly RevocationClaim[];
  /** Longest wait for one store call; a slower answer counts as "not revoked". Default 1 000. */
  readonly timeoutMs?: number;
  /**
   * Seconds an entry outlives the time it was revoked until, so a token accepted within the clock
   * tolerance after its `exp` is still refused. Default 300 (the largest tolerance worth configuring).
   */
  readonly graceSec?: number;
  /** Called when a lookup fails or times out (the token is then accepted). Default: nothing. */
  readonly onError?: (error: unknown) => void;
  /** Clock in epoch milliseconds. Default `Date.now`. */
  readonly now?: () => number;
}

const ALL_CLAIMS: readonly RevocationClaim[] = ['jti', 'sid', 'sub'];
const DEFAULT_TIMEOUT_MS = 1_000;
const DEFAULT_GRACE_SEC = 300;

/**
 * The store key of one entry: the claim name and a SHA-256 of issuer and value. Fixed length (fits
 * Workers KV's key limit), unambiguous across issuers, and it keeps subjects out of the store.
 *
 * @example
 * await revocationKey('jti', 'https://login.example.com/', '5f1c…'); // 'jti.q0Vd…'
 */
export async function revocationKey(claim: RevocationClaim, issuer: string, value: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(JSON.stringify([issuer, value])));
  return `${claim}.${encodeBase64Url(new Uint8Array(digest))}`;
}

function claimValue(claims: JwtClaims, claim: RevocationClaim): string | undefined {
  const value = claims[claim];
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

function positive(value: number | undefined, fallback: number, name: string, allowZero = false): number {
  const message = `tokenward: revocation ${name} must be a finite number ${allowZero ? '≥ 0' : 'greater than 0'}`;
  return numberOption(value, fallback, allowZero ? 'non-negative' : 'positive', message);
}

/**
 * A denylist of tokens (`jti`), sessions (`sid`) or subjects (`sub`), per issuer, for
 * `createVerifier({ revocation })`. Entries expire with the revoked token. Lookups never reject: a
 * store that fails or hangs past `timeoutMs` answers "not revoked" (and calls `onError`), so an
 * outage never rejects valid tokens.
 *
 * @example
 * const revocation = createRevocationList();
 * const verifier = createVerifier({ issuers, revocation });
 * await revocation.revoke(token.claims);                 // this token, until its exp
 * await revocation.revoke(token.claims, { by: 'sid' });  // every token of its session
 */
export function createRevocationList(options: RevocationListOptions = {}): RevocationList {
  requireOptionsObject(options, 'tokenward: createRevocationList needs an options object');
  const store = options.store ?? createMemoryRevocationStore(options.now === undefined ? {} : { now: options.now });
  if (typeof store.has !== 'function' || typeof store.add !== 'function') {
    throw new TypeError('tokenward: revocation store must have has(keys) and add(key, expiresAtMs) methods');
  }
  const checked = options.claims ?? ALL_CLAIMS;
  if (!Array.isArray(checked) || checked.length === 0 || checked.some((claim) => !ALL_CLAIMS.includes(claim))) {
    throw new TypeError(`tokenward: revocation claims must be a non-empty list of ${ALL_CLAIMS.join(', ')}`);
  }
  const timeoutMs = positive(options.timeoutMs, DEFAULT_TIMEOUT_MS, 'timeoutMs');
  const graceSec = positive(options.graceSec, DEFAULT_GRACE_SEC, 'graceSec', true);
  const now = options.now ?? Date.now;
  const onError = options.onError;

  const bounded = <T>(call: () => T | Promise<T>): Promise<T> =>
    boundedCall(timeoutMs, call, () => new Error(`the revocation store did not answer within ${timeoutMs} ms`));

  return {
    async isRevoked(claims) {
      const issuer = claims.iss;
      if (typeof issuer !== 'string') return false;
      const lookups = checked.flatMap((claim) => {
        const value = claimValue(claims, claim);
        return value === undefined ? [] : [revocationKey(claim, issuer, value)];
      });
      if (lookups.length === 0) return false;
      try {
        const keys = await Promise.all(lookups);
        return (await bounded(() => store.has(keys))) === true;
      } catch (error) {
        // Fail open: an unreachable denylist must not turn every valid token away.
        try {
          onError?.(error);
        } catch {
          // A throwing hook changes nothing.
        }
        return false;
      }
    },

    async revoke(claims, revokeOptions: RevokeOptions = {}) {
      const by = revokeOptions.by ?? 'jti';
      if (!ALL_CLAIMS.includes(by)) throw new TypeError(`tokenward: revoke by must be one of ${ALL_CLAIMS.join(', ')}`);
      const issuer = claims.iss;
      const value = claimValue(claims, by);
      if (typeof issuer !== 'string' || issuer.length === 0) throw new TypeError('tokenward: cannot revoke a token without iss');
      if (value === undefined) throw new TypeError(`tokenward: cannot revoke by ${by}: the token has no ${by}`);
      const untilSec = revokeOptions.untilSec ?? claims.exp;
      if (typeof untilSec !== 'number' || !Number.isFinite(untilSec)) {
        throw new TypeError('tokenward: cannot revoke a token without exp; pass untilSec');
      }
      const expiresAtMs = (untilSec + graceSec) * 1000;
      if (expiresAtMs <= now()) return; // Nothing left to deny: the token cannot verify any more.
      const key = await revocationKey(by, issuer, value);
      await bounded(() => store.add(key, expiresAtMs));
    },
  };
}
