import { ClaimInvalidError } from '../shared/errors.js';
import type { ClaimCheck, IssuerConfig } from '../shared/types.js';
import { hostFromDomain, requireString, trimSlash, withOverrides, type IssuerOverrides } from './shared.js';

export interface OktaOptions extends IssuerOverrides {
  /** Okta domain, e.g. `example.okta.com`. */
  readonly domain: string;
  /** Custom authorization server id. Default `default`; `null` for the org authorization server. */
  readonly authorizationServerId?: string | null;
  /** The authorization server's audience, e.g. `api://default`. */
  readonly audience: string | readonly string[];
  /** Client application(s) allowed to call, checked against the token's `cid`. Omit to accept every client. */
  readonly clientId?: string | readonly string[];
  /** Replaces `https://{domain}` (a local issuer in tests). */
  readonly authority?: string;
}

function clientIdIn(allowed: ReadonlySet<string>): ClaimCheck {
  return (claims) => {
    if (typeof claims.cid !== 'string' || !allowed.has(claims.cid)) {
      throw new ClaimInvalidError('the token was issued to a client application that is not allowed', {
        claim: 'cid',
        expected: [...allowed],
        found: typeof claims.cid === 'string' ? claims.cid : 'none',
      });
    }
  };
}

/**
 * Okta access tokens from a custom authorization server (or the org server).
 *
 * @example
 * okta({ domain: 'example.okta.com', audience: 'api://default' })
 */
export function okta(options: OktaOptions): IssuerConfig {
  const { domain, authorizationServerId = 'default', audience, clientId, authority, ...overrides } = options;
  const clients = clientId === undefined ? undefined : typeof clientId === 'string' ? [clientId] : [...clientId];
  if (clients && (clients.length === 0 || clients.some((c) => typeof c !== 'string' || c.length === 0))) {
    throw new TypeError('tokenward: okta() clientId must be a non-empty string or list');
  }
  const base = authority ? trimSlash(requireString('okta', 'authority', authority)) : hostFromDomain('okta', domain);
  const issuer =
    authorizationServerId === null ? base : `${base}/oauth2/${requireString('okta', 'authorizationServerId', authorizationServerId)}`;
  const keysUri = authorizationServerId === null ? `${base}/oauth2/v1/keys` : `${issuer}/v1/keys`;
  return withOverrides(
    {
      name: 'okta',
      issuer,
      audience,
      algorithms: ['RS256'],
      keySource: { kind: 'jwks', uri: keysUri },
      checks: clients ? [clientIdIn(new Set(clients))] : [],
      principal: (claims) => ({ appOnly: claims.uid === undefined && claims.sub === claims.cid }),
    },
    overrides,
  );
}
