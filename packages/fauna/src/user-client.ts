/**
 * Queries on behalf of the signed-in user: the shared client, with the user's own secret per query, so
 * Fauna applies the user's role. No client (and no connection) per request.
 */
import {
  ClaimInvalidError,
  decodeUnverified,
  extractBearerToken,
  TokenMalformedError,
  type HeadersInput,
  type UnverifiedToken,
  type VerifiedToken,
} from '@tokenward/core';
import type { Client, Query, QueryOptions, QuerySuccess, QueryValue } from 'fauna';
import { FAUNA_AUDIENCE_PREFIX } from './access-provider.js';
import { DEFAULT_CLAIM_NAME } from './claims-provider.js';

/** The shared client bound to one user's secret. */
export interface FaunaUserClient {
  /** `client.query(query, { ...options, secret })` with the user's secret. */
  query<T extends QueryValue>(query: Query<T>, options?: Omit<QueryOptions, 'secret'>): Promise<QuerySuccess<T>>;
}

function bind(client: Client, secret: string): FaunaUserClient {
  return {
    query: (query, options) => client.query(query, { ...options, secret }),
  };
}

/**
 * Flow 1: the Fauna token secret the claims provider put into the verified Entra token.
 *
 * @example
 * const token = await verifier.authenticate(request);
 * const { data } = await asFaunaUser(fauna, token).query(fql`Query.identity()`);
 */
export function asFaunaUser(client: Client, token: VerifiedToken, options: { readonly claim?: string } = {}): FaunaUserClient {
  const claim = options.claim ?? DEFAULT_CLAIM_NAME;
  const secret = token.claims[claim];
  if (typeof secret !== 'string' || secret === '') {
    throw new ClaimInvalidError(
      `the token carries no Fauna secret: expected a ${claim} claim, found ${secret === undefined ? 'none' : typeof secret}`,
      { claim, expected: 'a Fauna token secret', found: secret === undefined ? 'none' : typeof secret },
    );
  }
  return bind(client, secret);
}

/**
 * Whether `jwt` is the token `token` was verified from: the same header and the same claims, member for
 * member (a `VerifiedToken` keeps no copy of its raw token, so its parsed parts are compared).
 */
function isVerifiedToken(jwt: string, token: VerifiedToken): boolean {
  let decoded: UnverifiedToken;
  try {
    decoded = decodeUnverified(jwt);
  } catch (error) {
    if (error instanceof TokenMalformedError) return false;
    throw error;
  }
  return JSON.stringify(decoded.header) === JSON.stringify(token.header) && JSON.stringify(decoded.claims) === JSON.stringify(token.claims);
}

/**
 * Flow 2: the verified IdP JWT itself as the Fauna secret (an access provider must trust its issuer, and
 * its `aud` must include the access provider's audience, and no other `https://db.fauna.com/db/` one: a
 * `ClaimInvalidError` otherwise, before Fauna is asked). Pass the request the token was verified from:
 * the raw JWT is read from its Authorization header and must be the one `token` describes.
 *
 * @example
 * const token = await verifier.authenticate(request);
 * const { data } = await asFaunaJwtUser(fauna, request, token).query(fql`Query.token()`);
 */
export function asFaunaJwtUser(client: Client, request: HeadersInput, token: VerifiedToken): FaunaUserClient {
  const jwt = extractBearerToken(request);
  if (!isVerifiedToken(jwt, token)) {
    throw new ClaimInvalidError(
      'the Authorization header carries another token than the verified one: expected the same header and claims',
      { expected: 'the verified token', found: 'another token' },
    );
  }
  // Fauna finds the database from the one `aud` with its prefix; none, or two, and it refuses the JWT.
  const aud = token.claims.aud;
  const faunaAudiences = (Array.isArray(aud) ? aud : [aud]).filter(
    (value): value is string => typeof value === 'string' && value.startsWith(FAUNA_AUDIENCE_PREFIX),
  );
  if (faunaAudiences.length !== 1) {
    throw new ClaimInvalidError(
      `the token cannot be a Fauna secret: expected exactly one audience starting with ${FAUNA_AUDIENCE_PREFIX} (the access provider's audience), found ${faunaAudiences.length}`,
      {
        claim: 'aud',
        expected: `one ${FAUNA_AUDIENCE_PREFIX}<database id> audience`,
        found: `${faunaAudiences.length}`,
      },
    );
  }
  return bind(client, jwt);
}

/**
 * The shared client bound to any secret you hold (a token secret from `mintFaunaToken`).
 *
 * @example
 * const { data } = await withFaunaSecret(fauna, minted.secret).query(fql`Query.identity()`);
 */
export function withFaunaSecret(client: Client, secret: string): FaunaUserClient {
  if (typeof secret !== 'string' || secret === '') throw new TypeError('tokenward: fauna: secret must be a non-empty string');
  return bind(client, secret);
}
