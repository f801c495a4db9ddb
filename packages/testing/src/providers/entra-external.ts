/**
 * Microsoft Entra External ID (customer, CIAM) tenants. Microsoft writes the issuer with the tenant id
 * as host, `https://{tenantId}.ciamlogin.com/{tenantId}/v2.0`, and serves metadata and keys under the
 * tenant's subdomain, `https://{subdomain}.ciamlogin.com/{tenantId}/v2.0/.well-known/openid-configuration`
 * and `…/{tenantId}/discovery/v2.0/keys`. The local issuer stands in for the subdomain host: it mints the
 * real issuer and serves the same paths on its own origin (give the preset `authority: issuer.url`).
 */
import { ENTRA_DEFAULTS, ENTRA_JWK, entraSettingsBase, tenantOf, v2KeysUri } from './entra-shared.js';
import { entra, entraHeader } from './entra.js';
import { discovery } from './shared.js';
import type { Endpoint, ProviderContext, ProviderDefinition } from './types.js';

export const externalIssuer = (tenant: string): string => `https://${tenant}.ciamlogin.com/${tenant}/v2.0`;

function endpoints(ctx: ProviderContext): Endpoint[] {
  const { url } = ctx;
  const tenant = tenantOf(ctx);
  return [
    { url: v2KeysUri(url, tenant), kind: 'keys', format: 'jwks', jwkIssuer: ctx.issuer },
    discovery(`${url}/${tenant}/v2.0/.well-known/openid-configuration`, {
      issuer: ctx.issuer,
      jwks_uri: v2KeysUri(url, tenant),
      authorization_endpoint: `${url}/${tenant}/oauth2/v2.0/authorize`,
      token_endpoint: `${url}/${tenant}/oauth2/v2.0/token`,
      end_session_endpoint: `${url}/${tenant}/oauth2/v2.0/logout`,
      userinfo_endpoint: `https://graph.microsoft.com/oidc/userinfo`,
      claims_supported: ['sub', 'iss', 'aud', 'exp', 'iat', 'nbf', 'oid', 'tid', 'ver', 'name', 'preferred_username'],
      tenant_region_scope: 'EU',
    }),
  ];
}

/** External ID access tokens: the v2 Entra shape under the ciamlogin.com issuer. */
export const entraExternal: ProviderDefinition = {
  name: 'entra-external',
  settingNames: ['audience', 'clientId', 'tenantId'],
  jwk: ENTRA_JWK,
  certificateSubject: () => 'accounts.accesscontrol.windows.net',
  mintsNbf: true,
  settings: (options) => entraSettingsBase('entra-external', options, ENTRA_DEFAULTS.apiClientId),
  issuer: (_url, s) => externalIssuer(s.tenantId ?? ''),
  jwksUri: (ctx) => v2KeysUri(ctx.url, tenantOf(ctx)),
  discoveryUrl: (ctx) => `${ctx.url}/${tenantOf(ctx)}/v2.0/.well-known/openid-configuration`,
  endpoints,
  header: entraHeader,
  claims: entra.claims,
};
