import type { JwsAlgorithm } from '../types.js';
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
 * Picks the one key a token names. Exactly one key is ever chosen: a token without a kid is
 * accepted only when a single key of the set can verify its algorithm.
 */
export function selectKey(keySet: KeySet, kid: string | undefined, alg: JwsAlgorithm): KeySelection {
  if (kid === undefined) {
    const candidates = keySet.entries.filter((entry) => entry.algorithms.includes(alg));
    if (candidates.length === 1) return { kind: 'found', entry: candidates[0] as KeyEntry };
    return candidates.length === 0 ? { kind: 'missing' } : { kind: 'ambiguous', candidates: candidates.length };
  }
  const named = keySet.withKid(kid);
  if (named.length === 0) {
    const reason = keySet.rejectionOf(kid);
    return reason === undefined ? { kind: 'missing' } : { kind: 'rejected', reason };
  }
  const entry = named.find((candidate) => candidate.algorithms.includes(alg));
  if (entry !== undefined) return { kind: 'found', entry };
  return { kind: 'wrong-algorithm', allowed: [...new Set(named.flatMap((candidate) => candidate.algorithms))] };
}
