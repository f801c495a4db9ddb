import { StoredKeySetRejection } from '../shared/stored-key-set-rejection.js';
import type { CachedKeySet, PublicJwk, StoredKeySetProblem } from '../shared/types.js';

export { StoredKeySetRejection };
import { canonicalJson, NotCanonicalizable } from './canonical-json.js';
import type { StoreIntegrity } from './store-integrity.js';

/**
 * How far ahead of this instance's clock a stored `fetchedAt` may lie: the clock difference two
 * instances of a fleet may have. An entry dated later is refused, so it cannot pin its keys.
 */
export const STORE_CLOCK_SKEW_MS = 60_000;

export interface StoredEntryLimits {
  readonly sourceId: string;
  readonly now: number;
  readonly maxStoredKeys: number;
  readonly maxStoredBytes: number;
  /** `maxCacheMaxAgeMs`, or `cacheMaxAgeMs` when that is longer. */
  readonly maxLifetimeMs: number;
  readonly integrity: StoreIntegrity | undefined;
}

/** An entry's fields that the tag and the size bound cover, in one spelling. */
export function canonicalBody(keys: readonly PublicJwk[], fetchedAt: number, expiresAt: number): string {
  return canonicalJson({ expiresAt, fetchedAt, keys });
}

function utf8Length(text: string): number {
  return new TextEncoder().encode(text).length;
}

/**
 * Bytes of the whole entry serialised as JSON (a store's `JSON.stringify` gives as many): the
 * canonical body, plus `,"tag":"…"` when tagged (`tag` sorts last, just before the closing brace).
 */
export function serializedBytes(body: string, tag: string | undefined): number {
  return utf8Length(body) + (tag === undefined ? 0 : utf8Length(`,"tag":${JSON.stringify(tag)}`));
}

function hasShape(value: unknown): value is CachedKeySet {
  const candidate = value as Partial<CachedKeySet> | null;
  return (
    typeof candidate === 'object' &&
    candidate !== null &&
    Array.isArray(candidate.keys) &&
    Number.isFinite(candidate.fetchedAt) &&
    Number.isFinite(candidate.expiresAt) &&
    (candidate.tag === undefined || typeof candidate.tag === 'string')
  );
}

/**
 * Decides whether a value read from a store may be used, cheapest checks first: its shape and
 * size, its tag (when integrity is on), then its times. Returns the entry, or why it was refused.
 * Its keys are validated afterwards like fetched ones.
 */
export async function checkStoredEntry(value: unknown, limits: StoredEntryLimits): Promise<CachedKeySet | StoredKeySetRejection> {
  const refuse = (reason: StoredKeySetProblem, message: string) =>
    new StoredKeySetRejection(reason, limits.sourceId, `stored key set refused: ${message}`);
  if (!hasShape(value)) return refuse('not_a_key_set', 'expected { keys: [...], fetchedAt, expiresAt }');
  if (value.keys.length > limits.maxStoredKeys) {
    return refuse('too_large', `expected at most ${limits.maxStoredKeys} keys, found ${value.keys.length}`);
  }
  let body: string;
  try {
    body = canonicalBody(value.keys, value.fetchedAt, value.expiresAt);
  } catch (error) {
    if (error instanceof NotCanonicalizable) return refuse('not_a_key_set', `its keys hold ${error.message}`);
    throw error;
  }
  const bytes = serializedBytes(body, value.tag);
  if (bytes > limits.maxStoredBytes) return refuse('too_large', `expected at most ${limits.maxStoredBytes} bytes, found ${bytes}`);
  if (limits.integrity !== undefined) {
    if (value.tag === undefined) return refuse('unsigned', 'expected an integrity tag (jwks.storeIntegrity is on), found none');
    if (!(await limits.integrity.verify(limits.sourceId, body, value.tag))) {
      return refuse('tag_mismatch', 'its integrity tag was not made by any configured secret for this entry');
    }
  }
  if (value.fetchedAt > limits.now + STORE_CLOCK_SKEW_MS) {
    return refuse(
      'dated_in_future',
      `expected fetchedAt at most ${STORE_CLOCK_SKEW_MS} ms ahead of now, found ${value.fetchedAt - limits.now} ms ahead`,
    );
  }
  if (value.expiresAt - value.fetchedAt > limits.maxLifetimeMs) {
    return refuse(
      'lifetime_too_long',
      `expected a lifetime of at most ${limits.maxLifetimeMs} ms (maxCacheMaxAgeMs), found ${value.expiresAt - value.fetchedAt} ms`,
    );
  }
  return value;
}

/**
 * Where the fleet's failure marker for a source lives in the store: beside its entry, under an id no
 * key source has (those are https URLs), so writing a marker never touches the stored keys.
 */
export function failureMarkerId(sourceId: string): string {
  return `fetch-failure:${sourceId}`;
}

/** A marker is `{ keys: [], fetchedAt, expiresAt, tag? }`: a hundred-odd bytes; a larger value is no marker. */
export const MAX_FAILURE_MARKER_BYTES = 512;

/** A failed fleet fetch as a marker records it: when it failed and when the fleet may try again. */
export interface FailureMarker {
  readonly failedAt: number;
  readonly retryAt: number;
}

/**
 * Decides whether a value read under {@link failureMarkerId} is a failure marker: a key set with no
 * keys whose `fetchedAt` is the failure and `expiresAt` the retry time, tagged when integrity is on
 * (the tag names the marker's id, so neither an entry's tag nor a marker's verifies the other).
 * It carries no keys, so a marker, forged or not, can at most delay fetching; the cache bounds that.
 */
export async function checkFailureMarker(
  value: unknown,
  limits: Pick<StoredEntryLimits, 'sourceId' | 'now' | 'integrity'>,
): Promise<FailureMarker | StoredKeySetRejection> {
  const refuse = (reason: StoredKeySetProblem, message: string) =>
    new StoredKeySetRejection(reason, limits.sourceId, `stored fetch failure marker refused: ${message}`);
  if (!hasShape(value) || value.keys.length > 0 || value.expiresAt < value.fetchedAt) {
    return refuse('not_a_key_set', 'expected { keys: [], fetchedAt, expiresAt } with expiresAt at or after fetchedAt');
  }
  const body = canonicalBody([], value.fetchedAt, value.expiresAt);
  if (serializedBytes(body, value.tag) > MAX_FAILURE_MARKER_BYTES)
    return refuse('too_large', `expected at most ${MAX_FAILURE_MARKER_BYTES} bytes`);
  if (limits.integrity !== undefined) {
    if (value.tag === undefined) return refuse('unsigned', 'expected an integrity tag (jwks.storeIntegrity is on), found none');
    if (!(await limits.integrity.verify(limits.sourceId, body, value.tag))) {
      return refuse('tag_mismatch', 'its integrity tag was not made by any configured secret for this marker');
    }
  }
  if (value.fetchedAt > limits.now + STORE_CLOCK_SKEW_MS) {
    return refuse(
      'dated_in_future',
      `expected a failure at most ${STORE_CLOCK_SKEW_MS} ms ahead of now, found ${value.fetchedAt - limits.now} ms ahead`,
    );
  }
  return { failedAt: value.fetchedAt, retryAt: value.expiresAt };
}
