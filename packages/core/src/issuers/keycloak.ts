import { ClaimInvalidError } from '../shared/errors.js';
import type { ClaimCheck, IssuerConfig, JwtClaims } from '../shared/types.js';
import { requireString, trimSlash, withOverrides, type IssuerOverrides } from './shared.js';

export interface KeycloakOptions extends IssuerOverrides {
  /** Server URL, e.g. `https://sso.example.com` (add `/auth` for Keycloak before 17). */
  readonly baseUrl: string;
  readonly realm: string;
  /** Accepted `aud` values (add an audience mapper to the client scope in Keycloak). */
  readonly audience: string | readonly string[];
  /** Client whose `resource_access` roles become principal roles (besides realm roles). Default: the token's `azp`. */
  readonly clientId?: string;
}

function rolesOf(value: unknown): string[] {
  if (typeof value !== 'object' || value === null) return [];
  const roles = (value as { roles?: unknown }).roles;
  return Array.isArray(roles) ? roles.filter((r): r is string => typeof r === 'string') : [];
}

function keycloakRoles(claims: JwtClaims, clientId: string | undefined): string[] {
  const client = clientId ?? (typeof claims.azp === 'string' ? claims.azp : undefined);
  const resourceAccess = claims.resource_access;
  const clientRoles =
    client && typeof resourceAccess === 'object' && resourceAccess !== null && Object.hasOwn(resourceAccess, client)
      ? rolesOf((resourceAccess as Record<string, unknown>)[client])
      : [];
  return [...new Set([...rolesOf(claims.realm_access), ...clientRoles])];
}

/**
 * Keycloak writes the token's kind into the `typ` claim (`Bearer`, `ID`, `Refresh`, `Logout` …); its own
 * adapters accept only `Bearer` as an access token, so an ID token whose `aud` happens to match is refused.
 */
const bearerTokenOnly: ClaimCheck = (claims) => {
  if (claims.typ !== 'Bearer') {
    const found = typeof claims.typ === 'string' ? claims.typ : 'none';
    throw new ClaimInvalidError('expected a Keycloak access token (typ "Bearer")', { claim: 'typ', expected: 'Bearer', found });
  }
};

/**
 * Keycloak realms. Only access tokens (`typ` claim `Bearer`) are accepted. Roles are read from `realm_access` and the client's `resource_access`.
 *
 * @example
 * keycloak({ baseUrl: 'https://sso.example.com', realm: 'main', audience: 'orders-api' })
 */
export function keycloak(options: KeycloakOptions): IssuerConfig {
  const { baseUrl, realm, audience, clientId, ...overrides } = options;
  const issuer = `${trimSlash(requireString('keycloak', 'baseUrl', baseUrl))}/realms/${encodeURIComponent(requireString('keycloak', 'realm', realm))}`;
  return withOverrides(
    {
      name: 'keycloak',
      issuer,
      audience,
      // The realm default; a realm set to another algorithm (ES256, PS256 …) is matched with `algorithms`.
      algorithms: ['RS256'],
      keySource: { kind: 'jwks', uri: `${issuer}/protocol/openid-connect/certs` },
      checks: [bearerTokenOnly],
      principal: (claims) => ({
        roles: keycloakRoles(claims, clientId),
        // Client-credentials tokens belong to the client's service-account user.
        appOnly: typeof claims.preferred_username === 'string' && claims.preferred_username.startsWith('service-account-'),
      }),
    },
    overrides,
  );
}
