import type { JwsAlgorithm, SignatureBackend } from '../types.js';
import type { KeyEntry, KeySet } from './key-set.js';

export type ImportOutcome = { readonly ok: true; readonly key: unknown } | { readonly ok: false; readonly error: unknown };

export interface ImportCache {
  /** The backend's imported form of a key for one algorithm, imported once (failures included). */
  importKey(entry: KeyEntry, alg: JwsAlgorithm): Promise<ImportOutcome>;
  /** Forgets imports of keys that are no longer in the set. */
  retain(keySet: KeySet): void;
}

export function createImportCache(backend: SignatureBackend): ImportCache {
  const imports = new Map<string, { fingerprint: string; outcome: Promise<ImportOutcome> }>();
  let retained: KeySet | undefined;
  return {
    importKey(entry, alg) {
      const id = `${alg}:${entry.fingerprint}`;
      let cached = imports.get(id);
      if (cached === undefined) {
        const outcome = (async (): Promise<ImportOutcome> => {
          try {
            return { ok: true, key: await backend.importKey(entry.jwk, alg) };
          } catch (error) {
            return { ok: false, error };
          }
        })();
        cached = { fingerprint: entry.fingerprint, outcome };
        imports.set(id, cached);
      }
      return cached.outcome;
    },
    retain(keySet) {
      if (keySet === retained) return;
      retained = keySet;
      const live = new Set(keySet.entries.map((entry) => entry.fingerprint));
      for (const [id, cached] of imports) if (!live.has(cached.fingerprint)) imports.delete(id);
    },
  };
}
