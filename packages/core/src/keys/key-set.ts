import { algorithmsForKey, defaultAlgorithmsForKey } from '../crypto/algorithms.js';
import type { JwsAlgorithm, PublicJwk } from '../shared/types.js';
import { whyKeyIsUnusable } from './check-public-key.js';

/** A usable key with what the hot path needs precomputed. */
export interface KeyEntry {
  readonly jwk: PublicJwk;
  readonly kid: string | undefined;
  /** What the key verifies when its issuer lists no `algorithms`: its own `alg`, else one per key type. */
  readonly algorithms: readonly JwsAlgorithm[];
  /** Everything the key could verify (its type's family, or its own `alg`): the most an issuer's `algorithms` can widen it to. */
  readonly family: readonly JwsAlgorithm[];
  /** Identifies the key material, so an unchanged key keeps its imported form across refreshes. */
  readonly fingerprint: string;
}

/** A key that was left out, and why (told to callers whose token names its `kid`). */
export interface RejectedKey {
  readonly kid: string | undefined;
  readonly reason: string;
}

export interface KeySet {
  readonly entries: readonly KeyEntry[];
  readonly rejected: readonly RejectedKey[];
  withKid(kid: string): readonly KeyEntry[];
  /** Why a key with this kid was left out, when no usable key has it. */
  rejectionOf(kid: string): string | undefined;
}

function fingerprintOf(jwk: PublicJwk): string {
  return [jwk.kty, jwk.crv, jwk.n, jwk.e, jwk.x, jwk.y].map((part) => (typeof part === 'string' ? part : '')).join('.');
}

function overlaps(a: readonly JwsAlgorithm[], b: readonly JwsAlgorithm[]): boolean {
  return a.some((alg) => b.includes(alg));
}

/**
 * Validates each key of a fetched set and indexes the usable ones by kid. Unusable keys are
 * rejected one by one, with a reason. When two keys share a kid and could verify the same
 * algorithm, the first one published wins and the later one is rejected; keys sharing a kid but
 * not an algorithm (an RSA and an EC key named alike) are both kept and told apart by the token's `alg`.
 */
export function buildKeySet(keys: readonly unknown[], alreadyRejected: readonly RejectedKey[] = []): KeySet {
  const entries: KeyEntry[] = [];
  const rejected: RejectedKey[] = [...alreadyRejected];
  const byKid = new Map<string, KeyEntry[]>();
  for (const candidate of keys) {
    const reason = whyKeyIsUnusable(candidate);
    const kid = typeof (candidate as PublicJwk | null)?.kid === 'string' ? (candidate as PublicJwk).kid : undefined;
    if (reason !== undefined) {
      rejected.push({ kid, reason });
      continue;
    }
    const jwk = Object.freeze({ ...(candidate as PublicJwk) });
    const entry: KeyEntry = {
      jwk,
      kid,
      algorithms: defaultAlgorithmsForKey(jwk),
      family: algorithmsForKey(jwk),
      fingerprint: fingerprintOf(jwk),
    };
    const sameKid = kid === undefined ? entries.filter((e) => e.kid === undefined) : (byKid.get(kid) ?? []);
    if (sameKid.some((other) => other.fingerprint === entry.fingerprint && overlaps(other.family, entry.family))) continue;
    if (kid !== undefined && sameKid.some((other) => overlaps(other.family, entry.family))) {
      rejected.push({ kid, reason: 'another key with the same "kid" and algorithm comes first in the set' });
      continue;
    }
    entries.push(entry);
    if (kid !== undefined) byKid.set(kid, [...sameKid, entry]);
  }
  return {
    entries,
    rejected,
    withKid: (kid) => byKid.get(kid) ?? [],
    rejectionOf: (kid) => (byKid.has(kid) ? undefined : rejected.find((r) => r.kid === kid)?.reason),
  };
}
