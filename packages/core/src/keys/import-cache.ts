import type { JwsAlgorithm, SignatureBackend } from '../shared/types.js';
import type { KeyEntry, KeySet } from './key-set.js';

export type ImportOutcome = { readonly ok: true; readonly key: unknown } | { readonly ok: false; readonly error: unknown };

export interface ImportCache {
  /** The backend's imported form of a key for one algorithm, imported once (failures included). */
  importKey(entry: KeyEntry, alg: JwsAlgorithm): Promise<ImportOutcome>;
  /** The outcome of an import that has already settled, synchronously; undefined before that. */
  peek(entry: KeyEntry, alg: JwsAlgorithm): ImportOutcome | undefined;
  /** Forgets imports of keys that are no longer in the set. */
  retain(keySet: KeySet): void;
}

export function createImportCache(backend: SignatureBackend): ImportCache {
  // Keyed by fingerprint, then algorithm: the fingerprint is the same string on every call, so its hash
  // is computed once; building an "alg:fingerprint" key would hash the whole fingerprint per token.
  const imports = new Map<string, Map<JwsAlgorithm, Promise<ImportOutcome>>>();
  const settled = new Map<string, Map<JwsAlgorithm, ImportOutcome>>();
  let retained: KeySet | undefined;
  return {
    importKey(entry, alg) {
      let byAlg = imports.get(entry.fingerprint);
      if (byAlg === undefined) {
        byAlg = new Map();
        imports.set(entry.fingerprint, byAlg);
      }
      let outcome = byAlg.get(alg);
      if (outcome === undefined) {
        const pending = (async (): Promise<ImportOutcome> => {
          try {
            return { ok: true, key: await backend.importKey(entry.jwk, alg) };
          } catch (error) {
            return { ok: false, error };
          }
        })();
        byAlg.set(alg, pending);
        outcome = pending;
        void pending.then((result) => {
          // Only while the key is still retained: retain() may have dropped it meanwhile.
          if (imports.get(entry.fingerprint)?.get(alg) !== pending) return;
          let done = settled.get(entry.fingerprint);
          if (done === undefined) settled.set(entry.fingerprint, (done = new Map()));
          done.set(alg, result);
        });
      }
      return outcome;
    },
    peek(entry, alg) {
      return settled.get(entry.fingerprint)?.get(alg);
    },
    retain(keySet) {
      if (keySet === retained) return;
      retained = keySet;
      const live = new Set(keySet.entries.map((entry) => entry.fingerprint));
      for (const fingerprint of imports.keys()) {
        if (!live.has(fingerprint)) {
          imports.delete(fingerprint);
          settled.delete(fingerprint);
        }
      }
    },
  };
}
