import { AudienceMismatchError, IssuerNotAllowedError, TenantNotAllowedError } from '../errors.js';
import { formatValue } from '../format.js';
import type { IssuerConfig, JwtClaims, PublicJwk } from '../types.js';
import { requireString, trimSlash, withOverrides, type IssuerOverrides } from './shared.js';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MULTI_TENANT = new Set(['organizations', 'common']);

/** Microsoft Graph's app id and resource URIs in the public and national clouds: tokens for Graph, not for an API. */
export const MICROSOFT_GRAPH_AUDIENCES: ReadonlySet<string> = new Set([
  '00000003-0000-0000-c000-000000000000',
  'https://graph.microsoft.com',
  'https://graph.microsoft.us',
  'https://dod-graph.microsoft.us',
  'https://microsoftgraph.chinacloudapi.cn',
]);

export interface EntraOptions extends IssuerOverrides {
  /** Your tenant id (GUID), or `organizations` / `common` to accept work accounts from many tenants. */
  readonly tenantId: string;
  /** Your API's client id and/or App ID URI (`api://…`), as Entra puts them in `aud`. */
  readonly audience: string | readonly string[];
  /** Multi-tenant only: tenants allowed to call, or `null` to accept every tenant explicitly. */
  readonly allowedTenants?: readonly string[] | null;
  /** Token versions accepted (the app registration's `accessTokenAcceptedVersion`). Default: both. */
  readonly tokenVersions?: readonly (1 | 2)[];
  /**
   * v2 authority. Default `https://login.microsoftonline.com`; Azure Government
   * `https://login.microsoftonline.us`, Azure China `https://login.chinacloudapi.cn`, an external
   * tenant `https://{subdomain}.ciamlogin.com`, or a local issuer in tests.
   */
  readonly authority?: string;
  /** v1 authority. Default `https://sts.windows.net` (`https://sts.chinacloudapi.cn` in Azure China). */
  readonly v1Authority?: string;
  /** Set when your app registration uses app-specific signing keys: keys are fetched with `?appid=`. */
  readonly signingKeyAppId?: string;
}

function audiences(claims: JwtClaims): string[] {
  const aud = claims.aud;
  return typeof aud === 'string' ? [aud] : Array.isArray(aud) ? aud.filter((v): v is string => typeof v === 'string') : [];
}

function rejectGraphTokens(configured: ReadonlySet<string>) {
  return (claims: JwtClaims): void => {
    const found = audiences(claims);
    if (found.some((aud) => MICROSOFT_GRAPH_AUDIENCES.has(aud.replace(/\/$/, '')) && !configured.has(aud))) {
      throw new AudienceMismatchError(
        'this is a Microsoft Graph access token: it is meant for Microsoft Graph, not for your API. Request a token for your API\'s scope (for example api://<client-id>/.default)',
        { claim: 'aud', expected: [...configured], found },
      );
    }
  };
}

/** Entra publishes, on each key, the issuer allowed to use it; a key must not verify another issuer's tokens. */
function keyIssuerCheck(v2Authority: string) {
  return (key: PublicJwk, claims: JwtClaims): void => {
    if (typeof key.issuer !== 'string' || typeof claims.tid !== 'string') return;
    const keyIssuer = key.issuer.replace('{tenantid}', claims.tid);
    const expected = claims.ver === '1.0' ? `${v2Authority}/${claims.tid}/v2.0` : claims.iss;
    if (keyIssuer !== expected) {
      throw new IssuerNotAllowedError(`the signing key belongs to another issuer: expected ${formatValue(keyIssuer)}, found ${formatValue(String(claims.iss))}`, { claim: 'iss', expected: keyIssuer, found: String(claims.iss) });
    }
  };
}

function tenantMatches(tenantId: string) {
  return (claims: JwtClaims): void => {
    if (claims.tid !== tenantId) {
      const found = typeof claims.tid === 'string' ? formatValue(claims.tid) : 'none';
      throw new TenantNotAllowedError(`the token comes from another tenant: expected ${tenantId}, found ${found}`, {
        claim: 'tid',
        expected: tenantId,
        found: typeof claims.tid === 'string' ? claims.tid : 'none',
      });
    }
  };
}

/**
 * Microsoft Entra ID (v1 and v2 access tokens, workforce and external tenants, national clouds).
 * Returns one issuer config per accepted token version.
 *
 * @example
 * entra({ tenantId: '72f988bf-86f1-41af-91ab-2d7cd011db47', audience: ['api://my-api', '6e7a…'] })
 */
export function entra(options: EntraOptions): IssuerConfig[] {
  const { tenantId, audience, allowedTenants, tokenVersions = [1, 2], authority, v1Authority, signingKeyAppId, ...overrides } = options;
  requireString('entra', 'tenantId', tenantId);
  const multiTenant = MULTI_TENANT.has(tenantId.toLowerCase());
  if (!multiTenant && !GUID.test(tenantId)) {
    throw new TypeError('tokenward: entra() needs tenantId as a GUID (tenant names are not in tokens), or "organizations"/"common"');
  }
  if (!multiTenant && allowedTenants !== undefined) {
    throw new TypeError('tokenward: entra() allowedTenants applies only to tenantId "organizations" or "common"');
  }
  if (!Array.isArray(tokenVersions) || tokenVersions.length === 0 || tokenVersions.some((v) => v !== 1 && v !== 2)) {
    throw new TypeError('tokenward: entra() tokenVersions must list 1, 2 or both');
  }
  const configured = new Set(typeof audience === 'string' ? [audience] : (audience ?? []));
  const v2 = trimSlash(authority ?? 'https://login.microsoftonline.com');
  const v1 = trimSlash(v1Authority ?? 'https://sts.windows.net');
  const tenant = multiTenant ? '{tenantid}' : tenantId.toLowerCase();
  const keyTenant = multiTenant ? 'common' : tenant;
  const appQuery = signingKeyAppId ? `?appid=${encodeURIComponent(requireString('entra', 'signingKeyAppId', signingKeyAppId))}` : '';
  const keySource = { kind: 'jwks', uri: `${v2}/${keyTenant}/discovery/v2.0/keys${appQuery}` } as const;

  const issuers = tokenVersions.map((version) => (version === 2 ? `${v2}/${tenant}/v2.0` : `${v1}/${tenant}/`));
  return issuers.map((issuer) =>
    withOverrides(
      {
        name: 'entra',
        issuer: multiTenant ? { template: issuer } : issuer,
        ...(multiTenant ? { allowedTenants: allowedTenants === undefined ? undefined : allowedTenants } : {}),
        audience,
        algorithms: ['RS256'],
        keySource,
        precheck: rejectGraphTokens(configured),
        keyCheck: keyIssuerCheck(v2),
        checks: multiTenant ? [] : [tenantMatches(tenant)],
        principal: (claims) => ({
          subject: typeof claims.oid === 'string' ? claims.oid : typeof claims.sub === 'string' ? claims.sub : undefined,
          appOnly: claims.idtyp === 'app' || (claims.scp === undefined && Array.isArray(claims.roles)),
        }),
      },
      overrides,
    ),
  );
}
