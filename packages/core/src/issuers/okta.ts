import type { IssuerConfig } from '../types.js';
import { hostFromDomain, requireString, trimSlash, withOverrides, type IssuerOverrides } from './shared.js';

export interface OktaOptions extends IssuerOverrides {
  /** Okta domain, e.g. `example.okta.com`. */
  readonly domain: string;
  /** Custom authorization server id. Default `default`; `null` for the org authorization server. */
  readonly authorizationServerId?: string | null;
  /** The authorization server's audience, e.g. `api://default`. */
  readonly audience: string | readonly string[];
  /** Replaces `https://{domain}` (a local issuer in tests). */
  readonly authority?: string;
}

/**
 * Okta access tokens from a custom authorization server (or the org server).
 *
 * @example
 * okta({ domain: 'example.okta.com', audience: 'api://default' })
 */
export function okta(options: OktaOptions): IssuerConfig {
  const { domain, authorizationServerId = 'default', audience, authority, ...overrides } = options;
  const base = authority ? trimSlash(requireString('okta', 'authority', authority)) : hostFromDomain('okta', domain);
  const issuer = authorizationServerId === null ? base : `${base}/oauth2/${requireString('okta', 'authorizationServerId', authorizationServerId)}`;
  const keysUri = authorizationServerId === null ? `${base}/oauth2/v1/keys` : `${issuer}/v1/keys`;
  return withOverrides(
    {
      name: 'okta',
      issuer,
      audience,
      algorithms: ['RS256'],
      keySource: { kind: 'jwks', uri: keysUri },
      principal: (claims) => ({ appOnly: claims.uid === undefined && claims.sub === claims.cid }),
    },
    overrides,
  );
}
