import type { IssuerConfig } from '../shared/types.js';
import { hostFromDomain, requireString, trimSlash, withOverrides, type IssuerOverrides } from './shared.js';

export interface Auth0Options extends IssuerOverrides {
  /** Tenant domain (`example.us.auth0.com`) or custom domain. */
  readonly domain: string;
  /** The API identifier configured in Auth0, which Auth0 puts in `aud`. */
  readonly audience: string | readonly string[];
  /** Replaces `https://{domain}` (a local issuer in tests). */
  readonly authority?: string;
}

/**
 * Auth0 access tokens. Auth0's issuer ends with a slash (`https://example.us.auth0.com/`); delegated
 * permissions arrive in `scope` and, with RBAC, `permissions`; client-credentials tokens carry `gty`.
 *
 * @example
 * auth0({ domain: 'example.us.auth0.com', audience: 'https://api.example.com' })
 */
export function auth0(options: Auth0Options): IssuerConfig {
  const { domain, audience, authority, ...overrides } = options;
  const base = authority ? trimSlash(requireString('auth0', 'authority', authority)) : hostFromDomain('auth0', domain);
  return withOverrides(
    {
      name: 'auth0',
      issuer: `${base}/`,
      audience,
      // Auth0 signs with RS256 unless the tenant's API is switched to PS256: then pass algorithms: ['PS256'].
      algorithms: ['RS256'],
      keySource: { kind: 'jwks', uri: `${base}/.well-known/jwks.json` },
      principal: (claims) => ({ appOnly: claims.gty === 'client-credentials' }),
    },
    overrides,
  );
}
