import { isSupportedAlgorithm, SUPPORTED_ALGORITHMS } from '../crypto/algorithms.js';
import { AlgorithmNotAllowedError, JwksUnavailableError, KeyNotFoundError } from '../shared/errors.js';
import type { CertificateToJwk, IssuerConfig, JwksOptions, JwsAlgorithm, PublicJwk, SignatureBackend } from '../shared/types.js';
import { createImportCache, type ImportCache, type ImportOutcome } from './import-cache.js';
import type { KeyFetchError } from '../http/key-fetch-error.js';
import {
  createKeySetCache,
  createStaticKeySetCache,
  KeysUnavailable,
  type CachedSet,
  type KeepAlive,
  type KeySetCache,
} from './key-set-cache.js';
import { resolveJwksOptions, type ResolvedJwksOptions } from './options.js';
import type { KeyEntry } from './key-set.js';
import { selectKey, type KeySelection } from './select-key.js';
import {
  createDocumentFetcher,
  discoveryLoader,
  jwksLoader,
  x509Loader,
  type DocumentFetcher,
  type SourceLoader,
} from './source-loaders.js';
import type { Observer } from '../observe/events.js';

export interface ResolvedKey {
  readonly jwk: PublicJwk;
  /** The key as imported by the signature backend. */
  readonly key: unknown;
  readonly alg: JwsAlgorithm;
  readonly kid: string | undefined;
}

export interface KeyResolver {
  /** Finds the key for this token header among the issuer's keys; throws KeyNotFoundError, JwksUnavailableError or AlgorithmNotAllowedError. */
  resolve(issuer: IssuerConfig, kid: string | undefined, alg: JwsAlgorithm, keepAlive?: KeepAlive): Promise<ResolvedKey>;
  /**
   * The key, synchronously, when nothing needs to happen first: the set is fresh in memory and the key
   * was imported before. `undefined` otherwise (including every failure): then call `resolve`.
   */
  peek(issuer: IssuerConfig, kid: string | undefined, alg: JwsAlgorithm, keepAlive?: KeepAlive): ResolvedKey | undefined;
  /** Prefetches every issuer's keys (startup); rejects with JwksUnavailableError naming the failing issuers. */
  warm(issuers: readonly IssuerConfig[]): Promise<void>;
}

export interface KeyResolverOptions {
  readonly jwks?: JwksOptions;
  readonly backend: SignatureBackend;
  readonly now: () => number;
  /** Reads the keys of x509 sources (Firebase); required only when an issuer has one. */
  readonly certificateToJwk?: CertificateToJwk;
  /** The runtime lets work outlive the request that started it (not Cloudflare Workers). Default `true`. */
  readonly backgroundOutlivesRequest?: boolean;
  /** Told of key fetches and the caches' decisions. Default: no one. */
  readonly observer?: Observer;
}

interface Source {
  readonly label: string;
  readonly cache: KeySetCache;
  readonly imports: ImportCache;
}

function issuerString(issuer: IssuerConfig): string {
  return typeof issuer.issuer === 'string' ? issuer.issuer : issuer.issuer.template;
}

function unavailable(issuer: IssuerConfig, error: KeysUnavailable): JwksUnavailableError {
  const { failure } = error;
  return new JwksUnavailableError(`the keys of issuer ${issuer.name} are unavailable: ${failure.message}`, {
    cause: failure,
    retryAfterSec: error.retryAfterSec,
    ...(failure.expected === undefined ? {} : { expected: failure.expected }),
    ...(failure.found === undefined ? {} : { found: failure.found }),
  });
}

function selectionError(
  issuer: IssuerConfig,
  kid: string | undefined,
  alg: JwsAlgorithm,
  selection: Exclude<KeySelection, { kind: 'found' }>,
  set: CachedSet,
  refreshFailure: KeyFetchError | undefined,
): Error {
  const name = issuer.name;
  const knownKids = set.keySet.entries.flatMap((entry) => (entry.kid === undefined ? [] : [entry.kid]));
  switch (selection.kind) {
    case 'wrong-algorithm': {
      return new AlgorithmNotAllowedError(`the key the token names cannot verify ${alg}`, {
        claim: 'alg',
        expected: selection.allowed,
        found: alg,
      });
    }
    case 'rejected':
      return new KeyNotFoundError(`issuer ${name} published the key the token names, but it cannot be used: ${selection.reason}`, {
        claim: 'kid',
        found: kid,
      });
    case 'ambiguous':
      return new KeyNotFoundError(
        `the token has no kid and ${selection.candidates} keys of issuer ${name} could verify ${alg}; without a kid none is chosen`,
        { claim: 'kid', found: 'none' },
      );
    case 'missing': {
      const refresh = refreshFailure === undefined ? '' : ` (refreshing its keys failed: ${refreshFailure.message})`;
      const message =
        kid === undefined
          ? `the token has no kid and no key of issuer ${name} can verify ${alg}${refresh}`
          : `issuer ${name} has no key with the token's kid${refresh}`;
      return new KeyNotFoundError(message, {
        claim: 'kid',
        expected: knownKids,
        found: kid ?? 'none',
        ...(refreshFailure === undefined ? {} : { cause: refreshFailure }),
      });
    }
  }
}

function isAllowedAlgorithm(issuer: IssuerConfig, alg: JwsAlgorithm): boolean {
  return isSupportedAlgorithm(alg) && (issuer.algorithms === undefined || issuer.algorithms.includes(alg));
}

function checkAlgorithm(issuer: IssuerConfig, alg: JwsAlgorithm): void {
  if (!isAllowedAlgorithm(issuer, alg)) {
    throw new AlgorithmNotAllowedError('the token is signed with an algorithm this issuer does not allow', {
      claim: 'alg',
      expected: issuer.algorithms ?? SUPPORTED_ALGORITHMS,
      found: String(alg),
    });
  }
}

/**
 * The key subsystem: per key source an in-memory cache with single-flight fetches, a cooldown on
 * unknown kids, exponential backoff, stale-if-error and an optional shared store; per key and
 * algorithm one import. Sources are identified by their URL, so issuers sharing a JWKS share
 * its cache (Entra v1 and v2, multi-tenant `common`).
 *
 * @example
 * const keys = createKeyResolver({ backend: webCryptoBackend, now: Date.now });
 * const { key } = await keys.resolve(issuer, header.kid, 'RS256');
 */
export function createKeyResolver(options: KeyResolverOptions): KeyResolver {
  const { backend, now } = options;
  const jwks: ResolvedJwksOptions = resolveJwksOptions(options.jwks);
  const fetchDocument: DocumentFetcher = createDocumentFetcher(jwks);
  const cacheOptions = { ...jwks, backgroundOutlivesRequest: options.backgroundOutlivesRequest ?? true, observer: options.observer };
  const remoteSources = new Map<string, Source>();
  const staticSources = new WeakMap<readonly PublicJwk[], Source>();
  const sourceByIssuer = new WeakMap<IssuerConfig, Source>();

  function remote(id: string, makeLoader: () => SourceLoader): Source {
    let source = remoteSources.get(id);
    if (source === undefined) {
      const loader = makeLoader();
      source = { label: loader.label, cache: createKeySetCache(loader, cacheOptions, now), imports: createImportCache(backend) };
      remoteSources.set(id, source);
    }
    return source;
  }

  function createSource(issuer: IssuerConfig): Source {
    const keySource = issuer.keySource;
    switch (keySource.kind) {
      case 'jwks':
        return remote(`jwks ${keySource.uri}`, () => jwksLoader(keySource.uri, fetchDocument));
      case 'x509': {
        const convert = options.certificateToJwk;
        if (convert === undefined) throw new TypeError(`tokenward: issuer ${issuer.name}'s x509 key source needs a certificate reader`);
        return remote(`x509 ${keySource.uri}`, () => x509Loader(keySource.uri, fetchDocument, convert));
      }
      case 'discovery': {
        // The expected issuer is part of the identity: the document is checked against it.
        const expected = issuerString(issuer);
        return remote(`discovery ${keySource.url} ${expected}`, () => discoveryLoader(keySource.url, expected, fetchDocument, now));
      }
      case 'static': {
        let source = staticSources.get(keySource.keys);
        if (source === undefined) {
          source = { label: 'static keys', cache: createStaticKeySetCache(keySource.keys), imports: createImportCache(backend) };
          staticSources.set(keySource.keys, source);
        }
        return source;
      }
      default:
        throw new TypeError(`tokenward: issuer ${issuer.name} has an unknown keySource kind`);
    }
  }

  function sourceOf(issuer: IssuerConfig): Source {
    let source = sourceByIssuer.get(issuer);
    if (source === undefined) {
      source = createSource(issuer);
      sourceByIssuer.set(issuer, source);
    }
    return source;
  }

  async function currentSet(issuer: IssuerConfig, source: Source, keepAlive?: KeepAlive): Promise<CachedSet> {
    try {
      return await source.cache.current(keepAlive);
    } catch (error) {
      throw error instanceof KeysUnavailable ? unavailable(issuer, error) : error;
    }
  }

  function resolvedKey(
    issuer: IssuerConfig,
    kid: string | undefined,
    alg: JwsAlgorithm,
    entry: KeyEntry,
    imported: ImportOutcome,
  ): ResolvedKey {
    if (!imported.ok) {
      throw new KeyNotFoundError(`issuer ${issuer.name}'s key the token names could not be imported for ${alg}`, {
        claim: 'kid',
        found: kid ?? 'none',
        cause: imported.error,
      });
    }
    return { jwk: entry.jwk, key: imported.key, alg, kid: entry.kid };
  }

  return {
    peek(issuer, kid, alg, keepAlive) {
      if (!isAllowedAlgorithm(issuer, alg)) return undefined;
      const source = sourceOf(issuer);
      const current = source.cache.current(keepAlive);
      if (current instanceof Promise) {
        // Nobody waits on this one; resolve() will ask again and report any failure.
        current.catch(() => undefined);
        return undefined;
      }
      const selection = selectKey(current.keySet, kid, alg, issuer.algorithms);
      if (selection.kind !== 'found') return undefined;
      source.imports.retain(current.keySet);
      const imported = source.imports.peek(selection.entry, alg);
      return imported?.ok === true ? resolvedKey(issuer, kid, alg, selection.entry, imported) : undefined;
    },

    async resolve(issuer, kid, alg, keepAlive) {
      checkAlgorithm(issuer, alg);
      const source = sourceOf(issuer);
      let set = await currentSet(issuer, source, keepAlive);
      let selection = selectKey(set.keySet, kid, alg, issuer.algorithms);
      let refreshFailure: KeyFetchError | undefined;
      if (selection.kind === 'missing') {
        const outcome = await source.cache.refreshAfterMiss(kid);
        refreshFailure = outcome.failure;
        if (outcome.refreshed !== undefined) {
          set = outcome.refreshed;
          selection = selectKey(set.keySet, kid, alg, issuer.algorithms);
        }
      }
      if (selection.kind !== 'found') throw selectionError(issuer, kid, alg, selection, set, refreshFailure);
      source.imports.retain(set.keySet);
      return resolvedKey(issuer, kid, alg, selection.entry, await source.imports.importKey(selection.entry, alg));
    },

    async warm(issuers) {
      const problems: { line: string; retryAfterSec: number | undefined; error: unknown }[] = [];
      await Promise.all(
        issuers.map(async (issuer) => {
          const source = sourceOf(issuer);
          try {
            const set = await currentSet(issuer, source);
            if (set.keySet.entries.length === 0) {
              const rejected = set.keySet.rejected;
              const why = rejected.length === 0 ? '' : ` (${rejected.length} rejected, e.g. ${rejected[0]?.reason})`;
              const message = `${source.label} has no usable key${why}`;
              problems.push({ line: `${issuer.name}: ${message}`, retryAfterSec: undefined, error: new Error(message) });
            }
          } catch (error) {
            const retryAfterSec = error instanceof JwksUnavailableError ? error.retryAfterSec : undefined;
            const reason = error instanceof JwksUnavailableError && error.cause instanceof Error ? error.cause.message : 'unexpected error';
            problems.push({ line: `${issuer.name}: ${reason}`, retryAfterSec, error });
          }
        }),
      );
      if (problems.length === 0) return;
      const lines = [...new Set(problems.map((problem) => problem.line))];
      const retries = problems.flatMap((problem) => (problem.retryAfterSec === undefined ? [] : [problem.retryAfterSec]));
      throw new JwksUnavailableError(
        `could not load the keys of ${lines.length === 1 ? 'an issuer' : `${lines.length} issuers`}: ${lines.join('; ')}`,
        {
          cause: problems.length === 1 ? problems[0]?.error : new AggregateError(problems.map((problem) => problem.error)),
          ...(retries.length === 0 ? {} : { retryAfterSec: Math.min(...retries) }),
        },
      );
    },
  };
}
