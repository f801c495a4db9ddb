import { ClaimInvalidError } from '../shared/errors.js';
import type { ClaimCheck, IssuerConfig, JwtClaims } from '../shared/types.js';
import { requireString, trimSlash, withOverrides, type IssuerOverrides } from './shared.js';

const USER_POOL_ID = /^([a-z]{2}-(?:[a-z]+-)+\d)_[0-9A-Za-z]+$/;

export interface CognitoOptions extends IssuerOverrides {
  /** e.g. `eu-west-1_AbC123xyz`; the region is read from it. */
  readonly userPoolId: string;
  /** Which Cognito token your API takes (`token_use`). Access tokens are what APIs should accept. */
  readonly tokenUse: 'access' | 'id';
  /**
   * App client ids allowed: checked against `client_id` (access tokens) or `aud` (id tokens).
   * `null` accepts every app client of the pool, explicitly.
   */
  readonly clientId: string | readonly string[] | null;
  /** Replaces `https://cognito-idp.{region}.amazonaws.com` (a local issuer in tests). */
  readonly authority?: string;
}

function tokenUseIs(expected: 'access' | 'id'): ClaimCheck {
  return (claims) => {
    if (claims.token_use !== expected) {
      throw new ClaimInvalidError(`expected a Cognito ${expected} token`, {
        claim: 'token_use',
        expected,
        found: typeof claims.token_use === 'string' ? claims.token_use : 'none',
      });
    }
  };
}

function clientIdIn(allowed: ReadonlySet<string>): ClaimCheck {
  return (claims) => {
    if (typeof claims.client_id !== 'string' || !allowed.has(claims.client_id)) {
      throw new ClaimInvalidError('the token was issued to an app client that is not allowed', {
        claim: 'client_id',
        expected: [...allowed],
        found: typeof claims.client_id === 'string' ? claims.client_id : 'none',
      });
    }
  };
}

function groupsOf(claims: JwtClaims): string[] {
  const groups = claims['cognito:groups'];
  return Array.isArray(groups) ? groups.filter((g): g is string => typeof g === 'string') : [];
}

/**
 * Amazon Cognito user pools. Access tokens have no `aud`: the app client is checked through
 * `client_id`, and `token_use` keeps id tokens from being used as access tokens.
 *
 * @example
 * cognito({ userPoolId: 'eu-west-1_AbC123xyz', tokenUse: 'access', clientId: '3k2j…' })
 */
export function cognito(options: CognitoOptions): IssuerConfig {
  const { userPoolId, tokenUse, clientId, authority, ...overrides } = options;
  const match = USER_POOL_ID.exec(requireString('cognito', 'userPoolId', userPoolId));
  if (!match) throw new TypeError('tokenward: cognito() userPoolId must look like <region>_<id>, e.g. eu-west-1_AbC123xyz');
  if (tokenUse !== 'access' && tokenUse !== 'id') throw new TypeError('tokenward: cognito() tokenUse must be "access" or "id"');
  if (clientId === undefined) {
    throw new TypeError('tokenward: cognito() needs clientId (an app client id or list), or null to accept every app client explicitly');
  }
  const clients = clientId === null ? null : typeof clientId === 'string' ? [clientId] : [...clientId];
  if (clients && (clients.length === 0 || clients.some((c) => typeof c !== 'string' || c.length === 0))) {
    throw new TypeError('tokenward: cognito() clientId must be a non-empty string or list');
  }
  const base = trimSlash(authority ?? `https://cognito-idp.${match[1]}.amazonaws.com`);
  const issuer = `${base}/${userPoolId}`;
  const checks: ClaimCheck[] = [tokenUseIs(tokenUse)];
  if (tokenUse === 'access' && clients) checks.push(clientIdIn(new Set(clients)));
  return withOverrides(
    {
      name: 'cognito',
      issuer,
      // Id tokens carry the app client in `aud`; access tokens carry no `aud` at all.
      audience: tokenUse === 'id' ? clients : null,
      algorithms: ['RS256'],
      keySource: { kind: 'jwks', uri: `${issuer}/.well-known/jwks.json` },
      checks,
      principal: (claims) => ({
        groups: groupsOf(claims),
        appOnly: tokenUse === 'access' && claims.username === undefined && claims.sub === claims.client_id,
      }),
    },
    overrides,
  );
}
