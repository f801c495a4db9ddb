import type { JwsAlgorithm } from '../shared/types.js';
import type { KeyEntry, KeySet } from './key-set.js';

export type KeySelection =
  | { readonly kind: 'found'; readonly entry: KeyEntry }
  /** No usable key has this kid (or, without a kid, no key can verify the algorithm). */
  | { readonly kind: 'missing' }
  /** The kid names only keys that were rejected when the set was loaded. */
  | { readonly kind: 'rejected'; readonly reason: string }
  /** Without a kid, several keys could verify the algorithm. */
  | { readonly kind: 'ambiguous'; readonly candidates: number }
  /** The kid's key exists but cannot verify this algorithm. */
  | { readonly kind: 'wrong-algorithm'; readonly allowed: readonly JwsAlgorithm[] };

/**
 * The algorithms a key verifies for an issuer: with no issuer list, the key's default (its own `alg`,
 * else one per key type); with one, the list narrowed to what the key could verify.
 */
export function algorithmsOf(entry: KeyEntry, issuerAlgorithms: readonly JwsAlgorithm[] | undefined): readonly JwsAlgorithm[] {
  return issuerAlgorithms === undefined ? entry.algorithms : entry.family.filter((alg) => issuerAlgorithms.includes(alg));
}

/**
 * Picks the one key a token names. Exactly one key is ever chosen: a token without a kid is
 * accepted only when a single key of the set can verify its algorithm. `issuerAlgorithms` is the
 * issuer's `algorithms` option (the token's `alg` is already known to be in it).
 */
export function selectKey(
  keySet: KeySet,
  kid: string | undefined,
  alg: JwsAlgorithm,
  issuerAlgorithms?: readonly JwsAlgorithm[],
): KeySelection {
  // The token's alg is in the issuer's list, so the family is the only narrowing left to apply.
  const verifies = (entry: KeyEntry): boolean => (issuerAlgorithms === undefined ? entry.algorithms : entry.family).includes(alg);
  if (kid === undefined) {
    const candidates = keySet.entries.filter(verifies);
    if (candidates.length === 1) return { kind: 'found', entry: candidates[0] as KeyEntry };
    return candidates.length === 0 ? { kind: 'missing' } : { kind: 'ambiguous', candidates: candidates.length };
  }
  const named = keySet.withKid(kid);
  if (named.length === 0) {
    const reason = keySet.rejectionOf(kid);
    return reason === undefined ? { kind: 'missing' } : { kind: 'rejected', reason };
  }
  const entry = named.find(verifies);
  if (entry !== undefined) return { kind: 'found', entry };
  return { kind: 'wrong-algorithm', allowed: [...new Set(named.flatMap((candidate) => algorithmsOf(candidate, issuerAlgorithms)))] };
}
