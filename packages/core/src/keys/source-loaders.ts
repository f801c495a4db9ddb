import type { CertificateToJwk, PublicJwk } from '../shared/types.js';
import { freshnessMs, type FreshnessOptions } from '../http/cache-control.js';
import { fetchJson, type FetchJsonOptions } from '../http/fetch-json.js';
import { KeyFetchError } from '../http/key-fetch-error.js';
import type { RejectedKey } from './key-set.js';
import { describeUrl, isAllowedKeyUrl } from '../http/key-url.js';
import { certificatesToJwks } from './x509-to-jwk.js';

/** One successful load of a key source: the keys as published, and how long they are fresh. */
export interface LoadedKeys {
  readonly keys: readonly PublicJwk[];
  /** Keys dropped while converting the document (unreadable certificates). */
  readonly rejected: readonly RejectedKey[];
  readonly maxAgeMs: number;
}

/** Fetches one key source. Rejects with a {@link KeyFetchError}. */
export interface SourceLoader {
  /**
   * The store key: the configured URL. A discovery source appends `#issuer=<expected issuer>`,
   * because what it stores was checked against that issuer.
   */
  readonly storeId: string;
  /** For messages: `JWKS at https://host/path`. */
  readonly label: string;
  load(): Promise<LoadedKeys>;
}

export interface FetchedDocument {
  readonly body: unknown;
  readonly maxAgeMs: number;
}

export type DocumentFetcher = (url: string, what: string) => Promise<FetchedDocument>;

export function createDocumentFetcher(options: FetchJsonOptions & FreshnessOptions): DocumentFetcher {
  return async (url, what) => {
    const { body, cacheControl } = await fetchJson(url, what, options);
    return { body, maxAgeMs: freshnessMs(cacheControl, options) };
  };
}

function isJsonObject(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

async function loadJwkSet(uri: string, fetchDocument: DocumentFetcher): Promise<LoadedKeys> {
  const { body, maxAgeMs } = await fetchDocument(uri, 'JWKS');
  if (!isJsonObject(body) || !Array.isArray(body.keys)) {
    throw new KeyFetchError(`JWKS at ${describeUrl(uri)} is not a JWK Set (no "keys" array)`);
  }
  // Non-objects cannot be keys; dropping them here keeps the stored set a list of JWKs.
  const keys = body.keys.filter(isJsonObject) as PublicJwk[];
  const rejected = body.keys.filter((key) => !isJsonObject(key)).map(() => ({ kid: undefined, reason: 'it is not a JSON object' }));
  return { keys, rejected, maxAgeMs };
}

/** A JWK Set (RFC 7517) at a fixed URL. */
export function jwksLoader(uri: string, fetchDocument: DocumentFetcher): SourceLoader {
  return { storeId: uri, label: `JWKS at ${describeUrl(uri)}`, load: () => loadJwkSet(uri, fetchDocument) };
}

/** A `{ kid: PEM certificate }` document, converted to RS256 JWKs. */
export function x509Loader(uri: string, fetchDocument: DocumentFetcher, convert: CertificateToJwk): SourceLoader {
  const label = `certificates at ${describeUrl(uri)}`;
  return {
    storeId: uri,
    label,
    async load() {
      const { body, maxAgeMs } = await fetchDocument(uri, 'certificates');
      if (!isJsonObject(body)) throw new KeyFetchError(`${label} are not a JSON object of kid to PEM certificate`);
      return { ...(await certificatesToJwks(body, convert)), maxAgeMs };
    },
  };
}

/**
 * An OpenID Provider configuration whose `jwks_uri` holds the keys. The document must name
 * exactly the configured issuer (OpenID Connect Discovery 1.0 §4.3; a tenant template is compared
 * as written) and a `jwks_uri` that passes the URL rule. The document is cached by its own
 * Cache-Control, so an unknown kid refetches only the JWKS.
 */
export function discoveryLoader(url: string, expectedIssuer: string, fetchDocument: DocumentFetcher, now: () => number): SourceLoader {
  const label = `discovery document at ${describeUrl(url)}`;
  let known: { jwksUri: string; expiresAt: number } | undefined;

  async function discover(): Promise<{ jwksUri: string; expiresAt: number }> {
    const { body, maxAgeMs } = await fetchDocument(url, 'discovery document');
    if (!isJsonObject(body)) throw new KeyFetchError(`${label} is not a JSON object`);
    if (body.issuer !== expectedIssuer) {
      throw new KeyFetchError(`${label} names another issuer than the one configured`, {
        expected: expectedIssuer,
        found: typeof body.issuer === 'string' ? body.issuer : 'none',
      });
    }
    if (typeof body.jwks_uri !== 'string') throw new KeyFetchError(`${label} has no "jwks_uri"`);
    let jwksUri: URL;
    try {
      jwksUri = new URL(body.jwks_uri);
    } catch {
      throw new KeyFetchError(`${label} has an invalid "jwks_uri"`);
    }
    if (!isAllowedKeyUrl(jwksUri)) {
      throw new KeyFetchError(`${label} names a "jwks_uri" that is not an allowed key URL (https only): ${describeUrl(jwksUri)}`);
    }
    return { jwksUri: jwksUri.href, expiresAt: now() + maxAgeMs };
  }

  return {
    storeId: `${url}#issuer=${encodeURIComponent(expectedIssuer)}`,
    label,
    async load() {
      if (known === undefined || now() >= known.expiresAt) known = await discover();
      return loadJwkSet(known.jwksUri, fetchDocument);
    },
  };
}
