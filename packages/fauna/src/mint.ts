/** Minting and revoking Fauna tokens for identity documents, usable with or without Entra. */
import type { Client, QueryOptions } from 'fauna';
import { createDeadline, type Deadline } from './deadline.js';
import { FaunaTokenError, faunaCodeOf, RETRYABLE_FAUNA_CODES, toFaunaTokenError } from './errors.js';
import { ensureSchemaQuery, mintQuery, requireIdentifier, revokeQuery, type FqlArgument, type IdentitySchema } from './fql.js';

export const DEFAULT_COLLECTION = 'Customer';
export const DEFAULT_INDEX = 'byIdentity';
export const DEFAULT_IDENTITY_FIELD = 'identity';
export const DEFAULT_TTL_SEC = 3600;
export const DEFAULT_TOKEN_TAG = 'tokenward';
/** Longest identifier accepted (Fauna index terms are values; this keeps documents and logs sane). */
export const MAX_IDENTIFIER_LENGTH = 512;

export interface IdentitySchemaOptions {
  /** Collection of identity documents. Default `'Customer'`. */
  readonly collection?: string;
  /** Index on `identityField` (terms `[.identityField]`). Default `'byIdentity'`. */
  readonly index?: string;
  /** Field holding the identifier, under a unique constraint. Default `'identity'`. */
  readonly identityField?: string;
}

export interface MintSettings extends IdentitySchemaOptions {
  /** Lifetime of minted tokens in seconds (60 s to 30 days). Default `3600`. */
  readonly ttlSec?: number;
  /** Stored as `data.tag` on every minted token, for audit and for revoking only this package's tokens. Default `'tokenward'`. */
  readonly tokenTag?: string;
}

export interface MintOptions extends MintSettings {
  /** The user's identifier: the value of `identityField`. Never empty. */
  readonly identifier: string;
  /** Fields written when the identity document is created (never on later sign-ins). */
  readonly fields?: Readonly<Record<string, FqlArgument>>;
  /** Extra `data` stored on the token next to `tag`. */
  readonly tokenData?: Readonly<Record<string, FqlArgument>>;
  /** Time budget for the whole call including the one retry. Default: the client's query timeout applies per query. */
  readonly timeoutMs?: number;
}

export interface MintedToken {
  /** The token's secret: a password equivalent. Fauna shows it only now. */
  readonly secret: string;
  /** When Fauna deletes the token (its `ttl`), ISO 8601. */
  readonly expiresAt: string;
  readonly tokenId: string;
  /** Id of the identity document. */
  readonly documentId: string;
  /** `true` when this call created the identity document (first sign-in). */
  readonly created: boolean;
  /** Queries sent: 1, or 2 when the first hit a concurrent first sign-in. */
  readonly attempts: 1 | 2;
}

export interface ResolvedMintSettings extends IdentitySchema {
  readonly ttlSec: number;
  readonly tokenTag: string;
}

const SETTINGS = new Set(['collection', 'index', 'identityField', 'ttlSec', 'tokenTag']);

/** Validates the schema names, TTL and tag once (`TypeError` for any mistake). */
export function resolveMintSettings(options: MintSettings = {}, extra: readonly string[] = []): ResolvedMintSettings {
  for (const key of Object.keys(options)) {
    if (!SETTINGS.has(key) && !extra.includes(key)) throw new TypeError(`tokenward: fauna: unknown option '${key}'`);
  }
  const ttlSec = options.ttlSec ?? DEFAULT_TTL_SEC;
  if (!Number.isInteger(ttlSec) || ttlSec < 60 || ttlSec > 30 * 86_400)
    throw new TypeError('tokenward: fauna: ttlSec must be a whole number of seconds between 60 and 2592000 (30 days)');
  const tokenTag = options.tokenTag ?? DEFAULT_TOKEN_TAG;
  if (typeof tokenTag !== 'string' || tokenTag === '' || tokenTag.length > 64)
    throw new TypeError('tokenward: fauna: tokenTag must be a non-empty string of at most 64 characters');
  return Object.freeze({
    collection: requireIdentifier('collection', options.collection ?? DEFAULT_COLLECTION),
    index: requireIdentifier('index', options.index ?? DEFAULT_INDEX),
    identityField: requireIdentifier('identityField', options.identityField ?? DEFAULT_IDENTITY_FIELD),
    ttlSec,
    tokenTag,
  });
}

export function requireIdentifierValue(identifier: unknown): string {
  if (typeof identifier !== 'string' || identifier.trim() === '') {
    throw new FaunaTokenError(
      'identifier_missing',
      'the user has no identifier: expected a non-empty string, found none; no identity document was created',
    );
  }
  if (identifier.length > MAX_IDENTIFIER_LENGTH) {
    throw new FaunaTokenError(
      'identifier_missing',
      `the user's identifier is too long: expected at most ${MAX_IDENTIFIER_LENGTH} characters, found ${identifier.length}`,
    );
  }
  return identifier;
}

function timeString(value: unknown): string {
  const iso = (value as { isoString?: unknown } | null)?.isoString;
  if (typeof iso === 'string') return iso;
  if (value instanceof Date) return value.toISOString();
  throw new FaunaTokenError('fauna_unavailable', 'Fauna answered the mint query without a token ttl: expected a Time, found none');
}

/**
 * Query options for one attempt: a little less than the time left is sent as the query timeout, so Fauna
 * gives up (and says `time_out`) before the deadline would cut the wait. The margin (a tenth of the time
 * left, at least 50 ms, at most a fifth) carries Fauna's answer back and through a busy event loop; a
 * fixed 50 ms was too little on a loaded host, where the deadline then won and the precise `fauna_timeout`
 * became a bare `deadline_exceeded`.
 */
function attemptOptions(deadline: Deadline | undefined): QueryOptions | undefined {
  if (deadline === undefined) return undefined;
  const left = deadline.remaining();
  const margin = Math.min(Math.max(50, Math.floor(left / 10)), Math.floor(left / 5));
  return { query_timeout_ms: Math.max(1, left - margin) };
}

/**
 * Runs the mint transaction with prepared settings: one query, and one retry when a concurrent first
 * sign-in for the same user won the unique constraint (or the transaction was contended). Every Fauna
 * failure becomes a `FaunaTokenError`.
 */
export async function mintWith(
  client: Client,
  settings: ResolvedMintSettings,
  options: Omit<MintOptions, keyof MintSettings>,
  deadline?: Deadline,
): Promise<MintedToken> {
  const identifier = requireIdentifierValue(options.identifier);
  const query = mintQuery(settings, {
    identifier,
    fields: { ...options.fields, [settings.identityField]: identifier },
    ttlSec: settings.ttlSec,
    data: { ...options.tokenData, tag: settings.tokenTag },
  });
  for (const attempt of [1, 2] as const) {
    try {
      const pending = client.query(query, attemptOptions(deadline));
      const { data } = await (deadline ? deadline.race(pending, 'the Fauna mint query') : pending);
      if (typeof data?.secret !== 'string' || typeof data.id !== 'string' || typeof data.token !== 'string') {
        throw new FaunaTokenError(
          'fauna_unavailable',
          'Fauna answered the mint query in an unexpected shape: expected { id, token, secret, ttl }',
        );
      }
      return Object.freeze({
        secret: data.secret,
        expiresAt: timeString(data.ttl),
        tokenId: data.token,
        documentId: data.id,
        created: data.created === true,
        attempts: attempt,
      });
    } catch (error) {
      const code = faunaCodeOf(error);
      const canRetry =
        attempt === 1 && code !== undefined && RETRYABLE_FAUNA_CODES.has(code) && (deadline === undefined || deadline.remaining() > 0);
      if (!canRetry) throw toFaunaTokenError(error);
    }
  }
  /* c8 ignore next */
  throw new FaunaTokenError('fauna_conflict', 'unreachable');
}

/**
 * Finds or creates the identity document for `identifier` and creates a Fauna token for it with a TTL,
 * tagged for audit. Safe to call concurrently for the same new user: one document is created, never two.
 *
 * @example
 * const { secret, expiresAt } = await mintFaunaToken(fauna, { identifier: `${tid}:${oid}`, ttlSec: 3600 });
 */
export async function mintFaunaToken(client: Client, options: MintOptions): Promise<MintedToken> {
  if (typeof options !== 'object' || options === null) throw new TypeError('tokenward: fauna: mintFaunaToken(client, { identifier, … })');
  const { identifier, fields, tokenData, timeoutMs, ...settings } = options;
  const resolved = resolveMintSettings(settings);
  if (timeoutMs !== undefined && (typeof timeoutMs !== 'number' || !(timeoutMs > 0)))
    throw new TypeError('tokenward: fauna: timeoutMs must be a positive number');
  return mintWith(
    client,
    resolved,
    { identifier, ...(fields ? { fields } : {}), ...(tokenData ? { tokenData } : {}) },
    timeoutMs === undefined ? undefined : createDeadline(timeoutMs),
  );
}

export interface RevokeOptions extends IdentitySchemaOptions {
  readonly identifier: string;
  /** Only tokens minted with this tag (`data.tag`). Default: the package's tag, `'tokenward'`; `null` deletes every token of the user. */
  readonly tokenTag?: string | null;
}

/**
 * Deletes the user's outstanding Fauna tokens (by default only those this package minted) and resolves
 * how many were deleted. Existing secrets stop working at once. It scans the `Token` collection with
 * `Token.where`, so it needs a key that can read and delete tokens; call it on sign-out or on account
 * compromise, not per request.
 *
 * @example
 * await revokeFaunaTokens(fauna, { identifier: `${tid}:${oid}` });
 */
export async function revokeFaunaTokens(client: Client, options: RevokeOptions): Promise<number> {
  if (typeof options !== 'object' || options === null)
    throw new TypeError('tokenward: fauna: revokeFaunaTokens(client, { identifier, … })');
  const { identifier, tokenTag, ...schema } = options;
  const settings = resolveMintSettings(schema);
  if (tokenTag !== undefined && tokenTag !== null && (typeof tokenTag !== 'string' || tokenTag === ''))
    throw new TypeError('tokenward: fauna: tokenTag must be a non-empty string or null');
  try {
    const { data } = await client.query(
      revokeQuery(settings, { identifier: requireIdentifierValue(identifier), tag: tokenTag === undefined ? DEFAULT_TOKEN_TAG : tokenTag }),
    );
    return typeof data === 'number' ? data : 0;
  } catch (error) {
    throw toFaunaTokenError(error);
  }
}

/**
 * Creates the identity collection with its index and unique constraint if it does not exist (an existing
 * collection is left as it is). Needs an admin key. For FSL-managed schemas, see the README instead.
 *
 * @example
 * await ensureIdentitySchema(adminFauna); // Customer, index byIdentity on .identity, unique [.identity]
 */
export async function ensureIdentitySchema(client: Client, options: IdentitySchemaOptions = {}): Promise<{ created: boolean }> {
  const settings = resolveMintSettings(options);
  try {
    const { data } = await client.query(ensureSchemaQuery(settings));
    return { created: data === true };
  } catch (error) {
    throw toFaunaTokenError(error);
  }
}
