/**
 * OpenAPI security from the verifier's issuers and a route's requirement: a security scheme per issuer
 * (`components.securitySchemes`) and an operation's `security`, so the scopes a route enforces are the
 * ones its documentation (and Swagger UI's Authorize dialog) shows.
 */

import type { RequirementOptions } from '../authz/authorization.js';
import type { IssuerConfig } from '../shared/types.js';

/** An OpenAPI 3.x security scheme object, of the kinds tokenward describes. */
export type OpenApiSecurityScheme =
  | {
      readonly type: 'oauth2';
      readonly description: string;
      readonly flows: {
        readonly authorizationCode: {
          readonly authorizationUrl: string;
          readonly tokenUrl: string;
          readonly scopes: Readonly<Record<string, string>>;
        };
      };
    }
  | { readonly type: 'openIdConnect'; readonly description: string; readonly openIdConnectUrl: string }
  | { readonly type: 'http'; readonly scheme: 'bearer'; readonly bearerFormat: 'JWT'; readonly description: string };

/** One entry of an operation's `security` list: scheme name → scopes the operation needs. */
export type OpenApiSecurityRequirement = Record<string, string[]>;

export interface OpenApiSecurityOptions {
  /** Descriptions of scopes, by the scope names your routes require (`Orders.Read`), for the scheme's scope list. */
  readonly scopes?: Readonly<Record<string, string>>;
  /**
   * Entra: the Application ID URI scopes are requested under (`api://orders/Orders.Read`). Default: the
   * issuer's first `api://` audience, else `api://<client id>` for a client id audience.
   */
  readonly scopePrefix?: string;
}

/** What these functions accept as issuers: a verifier's `issuers`, presets as listed in `createVerifier`, or the verifier. */
export type OpenApiIssuers = readonly (IssuerConfig | readonly IssuerConfig[])[] | { readonly issuers: readonly IssuerConfig[] };

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ENTRA_KEYS = /^(https?:\/\/[^?#]+)\/discovery\/v2\.0\/keys(?:\?.*)?$/;
const DPOP_NOTE = 'Tokens bound with DPoP (RFC 9449) are accepted with Authorization: DPoP and a DPoP proof header.';

function issuerList(issuers: OpenApiIssuers): IssuerConfig[] {
  const list = Array.isArray(issuers)
    ? (issuers as readonly (IssuerConfig | readonly IssuerConfig[])[])
    : (issuers as { issuers: readonly IssuerConfig[] }).issuers;
  if (!Array.isArray(list)) throw new TypeError('tokenward: openApi: expected the issuers (or the verifier), found something else');
  return (list as readonly (IssuerConfig | readonly IssuerConfig[])[]).flat() as IssuerConfig[];
}

/** One scheme per issuer name: Entra's v1 and v2 configs are one scheme, several Auth0 tenants get `auth0`, `auth0_2`, … */
function named(issuers: OpenApiIssuers): Array<readonly [string, IssuerConfig]> {
  const seen = new Map<string, IssuerConfig>();
  const names: Array<readonly [string, IssuerConfig]> = [];
  for (const issuer of issuerList(issuers)) {
    const sameSource = [...seen.entries()].find(
      ([, known]) => known.name === issuer.name && JSON.stringify(known.keySource) === JSON.stringify(issuer.keySource),
    );
    if (sameSource !== undefined) continue;
    const base = issuer.name.replace(/[^A-Za-z0-9._-]/g, '_') || 'bearer';
    let name = base;
    for (let n = 2; seen.has(name); n++) name = `${base}_${n}`;
    seen.set(name, issuer);
    names.push([name, issuer]);
  }
  return names;
}

function entraBase(issuer: IssuerConfig): string | undefined {
  if (issuer.name !== 'entra' || issuer.keySource.kind !== 'jwks') return undefined;
  return ENTRA_KEYS.exec(issuer.keySource.uri)?.[1];
}

// Presets of OpenID providers, whose discovery document sits at the issuer (OpenID Connect Discovery §4).
const OPENID_PROVIDERS = new Set(['auth0', 'okta', 'keycloak', 'cognito', 'google', 'oidc']);

function discoveryUrlOf(issuer: IssuerConfig): string | undefined {
  if (issuer.keySource.kind === 'discovery') return issuer.keySource.url;
  if (!OPENID_PROVIDERS.has(issuer.name) || typeof issuer.issuer !== 'string' || !issuer.issuer.startsWith('https://')) return undefined;
  return `${issuer.issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`;
}

function scopePrefixOf(issuer: IssuerConfig, options: OpenApiSecurityOptions | undefined): string | undefined {
  if (options?.scopePrefix !== undefined) return options.scopePrefix.replace(/\/+$/, '');
  const audiences = issuer.audience === null ? [] : typeof issuer.audience === 'string' ? [issuer.audience] : issuer.audience;
  const uri = audiences.find((audience) => audience.startsWith('api://'));
  if (uri !== undefined) return uri.replace(/\/+$/, '');
  const clientId = audiences.find((audience) => GUID.test(audience));
  return clientId === undefined ? undefined : `api://${clientId}`;
}

function scopeName(scope: string, prefix: string | undefined): string {
  return prefix === undefined || scope.includes('://') || scope.startsWith('openid') ? scope : `${prefix}/${scope}`;
}

function schemeFor(issuer: IssuerConfig, scopes: readonly string[], options: OpenApiSecurityOptions | undefined): OpenApiSecurityScheme {
  const base = entraBase(issuer);
  if (base !== undefined) {
    const prefix = scopePrefixOf(issuer, options);
    const described = Object.fromEntries(
      scopes.map((scope) => [scopeName(scope, prefix), options?.scopes?.[scope] ?? `the ${scope} scope`] as const),
    );
    return {
      type: 'oauth2',
      description: `Microsoft Entra ID access tokens (Authorization: Bearer). ${DPOP_NOTE}`,
      flows: {
        authorizationCode: { authorizationUrl: `${base}/oauth2/v2.0/authorize`, tokenUrl: `${base}/oauth2/v2.0/token`, scopes: described },
      },
    };
  }
  const discovery = discoveryUrlOf(issuer);
  if (discovery !== undefined) {
    return {
      type: 'openIdConnect',
      description: `Access tokens of ${issuer.name} (Authorization: Bearer). ${DPOP_NOTE}`,
      openIdConnectUrl: discovery,
    };
  }
  return { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: `JWT access tokens of ${issuer.name}. ${DPOP_NOTE}` };
}

function scopesOf(requirement: unknown): readonly string[] {
  if (typeof requirement !== 'object' || requirement === null) return [];
  const scopes = (requirement as RequirementOptions).scopes;
  if (typeof scopes === 'string') return [scopes];
  return Array.isArray(scopes) ? scopes.filter((scope): scope is string => typeof scope === 'string') : [];
}

/**
 * `components.securitySchemes` for the issuers: Entra as an OAuth 2.0 authorization-code flow on its
 * authorize and token endpoints (scopes under the API's Application ID URI), issuers with a discovery
 * document as OpenID Connect, others as HTTP Bearer (JWT). `routes` are the requirements of your routes,
 * so the schemes list every scope they need.
 *
 * @example
 * openapi: { components: { securitySchemes: openApiSecuritySchemes(issuers, [{ scopes: 'Orders.Read' }]) } }
 */
export function openApiSecuritySchemes(
  issuers: OpenApiIssuers,
  routes: readonly unknown[] = [],
  options?: OpenApiSecurityOptions,
): Record<string, OpenApiSecurityScheme> {
  const scopes = [...new Set([...Object.keys(options?.scopes ?? {}), ...routes.flatMap(scopesOf)])];
  return Object.fromEntries(named(issuers).map(([name, issuer]) => [name, schemeFor(issuer, scopes, options)]));
}

/**
 * An operation's `security` for a route requirement (`true` or a check: a token with no particular
 * scope): one entry per issuer, any of which grants access; scopes only for OAuth 2.0 and OpenID
 * Connect schemes (OpenAPI 3.0 requires an empty list for HTTP Bearer).
 *
 * @example
 * app.get('/orders', { schema: { security: openApiSecurity(issuers, { scopes: 'Orders.Read' }) } }, handler);
 */
export function openApiSecurity(
  issuers: OpenApiIssuers,
  requirement?: unknown,
  options?: OpenApiSecurityOptions,
): OpenApiSecurityRequirement[] {
  const scopes = scopesOf(requirement);
  return named(issuers).map(([name, issuer]) => {
    const scheme = schemeFor(issuer, [], options);
    if (scheme.type === 'http') return { [name]: [] };
    const prefix = scheme.type === 'oauth2' ? scopePrefixOf(issuer, options) : undefined;
    return { [name]: scopes.map((scope) => scopeName(scope, prefix)) };
  });
}
