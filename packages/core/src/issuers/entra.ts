import { AudienceMismatchError, IssuerNotAllowedError, TenantNotAllowedError } from '../shared/errors.js';
import { formatList, formatValue } from '../shared/format.js';
import { stringList } from '../shared/options.js';
import type { ClaimCheck, IssuerConfig, JwtClaims, PublicJwk } from '../shared/types.js';
import { requireString, trimSlash, withOverrides, type IssuerOverrides } from './shared.js';
import { TENANT_PLACEHOLDER } from '../shared/entra-issuer.js';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MULTI_TENANT = new Set(['organizations', 'common']);
/** A DNS label: an External ID tenant's subdomain of ciamlogin.com. */
const SUBDOMAIN = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/i;

/** The tenant of personal Microsoft accounts: the `tid` of every consumer token. */
export const MICROSOFT_CONSUMER_TENANT_ID = '9188040d-6c67-4c5b-b112-36a304b66dad';

/** Microsoft Graph's app id and resource URIs in the public and national clouds: tokens for Graph, not for an API. */
export const MICROSOFT_GRAPH_AUDIENCES: ReadonlySet<string> = new Set([
  '00000003-0000-0000-c000-000000000000',
  'https://graph.microsoft.com',
  'https://graph.microsoft.us',
  'https://dod-graph.microsoft.us',
  'https://microsoftgraph.chinacloudapi.cn',
]);

export { TENANT_PLACEHOLDER, parseEntraIssuer, type EntraIssuerParts } from '../shared/entra-issuer.js';
const TENANT_ID = '([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})';

function escapeRegExp(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/**
 * Matches a token's `iss` against a tenant template: `false` when it is not this issuer; throws
 * TenantNotAllowedError when it is, but its `tid` differs from the tenant in `iss` or is not allowed.
 */
export type IssuerMatcher = (iss: string, claims: JwtClaims) => boolean;

/**
 * Checks a tenant template and its `allowedTenants` and returns the rule that matches tokens to it.
 * Every tenant rule lives here: the issuer registry only knows that some issuers are matched by a
 * rule rather than by one string. `fail` throws the registry's configuration error.
 */
export function compileTenantTemplate(template: string, allowedTenants: unknown, fail: (message: string) => never): IssuerMatcher {
  if (!template.includes(TENANT_PLACEHOLDER)) fail(`an issuer template must contain ${TENANT_PLACEHOLDER}`);
  if (allowedTenants === undefined) {
    fail('a multi-tenant issuer needs allowedTenants (a list of tenant ids, or null to accept every tenant explicitly)');
  }
  let allowed: ReadonlySet<string> | null = null;
  if (allowedTenants !== null) {
    const list = stringList(allowedTenants);
    if (!list || list.length === 0) fail('allowedTenants must be a non-empty array of tenant ids, or null');
    allowed = new Set(list.map((t) => t.toLowerCase()));
  }
  return tenantIssuerMatcher(template, allowed);
}

function tenantIssuerMatcher(template: string, allowedTenants: ReadonlySet<string> | null): IssuerMatcher {
  const pattern = new RegExp(`^${escapeRegExp(template).replace(escapeRegExp(TENANT_PLACEHOLDER), TENANT_ID)}$`);
  return (iss, claims) => {
    const match = pattern.exec(iss);
    if (!match) return false;
    const tenant = match[1] as string;
    if (claims.tid !== tenant) {
      const tid = typeof claims.tid === 'string' ? formatValue(claims.tid) : 'none';
      throw new TenantNotAllowedError(`the token's tenant ("tid") does not match its issuer: expected ${tenant}, found ${tid}`, {
        claim: 'tid',
        expected: tenant,
        found: typeof claims.tid === 'string' ? claims.tid : 'none',
      });
    }
    if (allowedTenants && !allowedTenants.has(tenant)) {
      throw new TenantNotAllowedError(
        `the token comes from a tenant that is not allowed: expected ${formatList([...allowedTenants])}, found ${tenant}`,
        {
          claim: 'tid',
          expected: [...allowedTenants],
          found: tenant,
        },
      );
    }
    return true;
  };
}

/** A Microsoft Entra External ID (customer, CIAM) tenant, found under `https://{subdomain}.ciamlogin.com`. */
export interface EntraExternalOptions {
  /** The tenant's subdomain: `contoso` for `contoso.ciamlogin.com`. */
  readonly subdomain: string;
}

export interface EntraOptions extends IssuerOverrides {
  /**
   * Your tenant id (GUID); `organizations` (work and school accounts of many tenants), `common` (those
   * and personal Microsoft accounts) or `consumers` (personal Microsoft accounts only).
   */
  readonly tenantId: string;
  /**
   * Set for an External ID tenant: tokens carry `https://{tenantId}.ciamlogin.com/{tenantId}/v2.0`
   * and keys are fetched from `https://{subdomain}.ciamlogin.com/{tenantId}/discovery/v2.0/keys`.
   */
  readonly external?: EntraExternalOptions;
  /** Your API's client id and/or App ID URI (`api://…`), as Entra puts them in `aud`. */
  readonly audience: string | readonly string[];
  /** Multi-tenant only: tenants allowed to call, or `null` to accept every tenant explicitly. */
  readonly allowedTenants?: readonly string[] | null;
  /**
   * Token versions accepted (the app registration's `accessTokenAcceptedVersion`). Default: both; `[2]`
   * for `consumers` and External ID tenants, which Microsoft issues only as v2.
   */
  readonly tokenVersions?: readonly (1 | 2)[];
  /**
   * v2 authority. Default `https://login.microsoftonline.com`; Azure Government
   * `https://login.microsoftonline.us`, Azure China `https://login.chinacloudapi.cn`, or a local issuer in
   * tests. With `external`, where keys are fetched from (default `https://{subdomain}.ciamlogin.com`); the
   * issuer stays Microsoft's `https://{tenantId}.ciamlogin.com/{tenantId}/v2.0`.
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
        "this is a Microsoft Graph access token: it is meant for Microsoft Graph, not for your API. Request a token for your API's scope (for example api://<client-id>/.default)",
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
      throw new IssuerNotAllowedError(
        `the signing key belongs to another issuer: expected ${formatValue(keyIssuer)}, found ${formatValue(String(claims.iss))}`,
        { claim: 'iss', expected: keyIssuer, found: String(claims.iss) },
      );
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

function notConsumer(claims: JwtClaims): void {
  if (typeof claims.tid === 'string' && claims.tid.toLowerCase() === MICROSOFT_CONSUMER_TENANT_ID) {
    throw new TenantNotAllowedError(
      "the token is a personal Microsoft account's (consumer tenant): tenantId 'organizations' accepts work and school accounts only; use 'common' to accept personal accounts too",
      { claim: 'tid', expected: 'a work or school tenant', found: claims.tid },
    );
  }
}

/** Where a config's tokens come from: the issuers per version, the key set, and the tenant rule. */
interface EntraShape {
  readonly issuers: readonly string[];
  readonly templated: boolean;
  readonly keysUri: string;
  readonly checks: readonly ClaimCheck[];
}

function fail(message: string): never {
  throw new TypeError(`tokenward: entra() ${message}`);
}

function versionsFor(tokenVersions: readonly (1 | 2)[] | undefined, v2Only: string | undefined): readonly (1 | 2)[] {
  const versions = tokenVersions ?? (v2Only === undefined ? [1, 2] : [2]);
  if (!Array.isArray(versions) || versions.length === 0 || versions.some((v) => v !== 1 && v !== 2))
    fail('tokenVersions must list 1, 2 or both');
  if (v2Only !== undefined && versions.includes(1)) fail(`tokenVersions: ${v2Only} issues v2 tokens only`);
  return versions;
}

function externalShape(options: EntraOptions, appQuery: string): EntraShape {
  const { tenantId, external, authority, v1Authority, tokenVersions, allowedTenants } = options;
  if (!GUID.test(tenantId)) fail("with external needs tenantId as the External ID tenant's GUID");
  if (allowedTenants !== undefined) fail('with external takes no allowedTenants (an External ID tenant is a single tenant)');
  if (v1Authority !== undefined) fail('with external takes no v1Authority (External ID issues v2 tokens only)');
  const subdomain = requireString('entra', 'external.subdomain', external?.subdomain);
  if (!SUBDOMAIN.test(subdomain)) fail(`external.subdomain must be the tenant's subdomain of ciamlogin.com, such as "contoso"`);
  versionsFor(tokenVersions, 'an External ID tenant');
  const tenant = tenantId.toLowerCase();
  const host = trimSlash(authority ?? `https://${subdomain.toLowerCase()}.ciamlogin.com`);
  return {
    issuers: [`https://${tenant}.ciamlogin.com/${tenant}/v2.0`],
    templated: false,
    keysUri: `${host}/${tenant}/discovery/v2.0/keys${appQuery}`,
    checks: [tenantMatches(tenant)],
  };
}

function workforceShape(options: EntraOptions, appQuery: string): EntraShape {
  const { tenantId, allowedTenants, authority, v1Authority, tokenVersions } = options;
  const lower = tenantId.toLowerCase();
  const multiTenant = MULTI_TENANT.has(lower);
  const consumers = lower === 'consumers';
  if (!multiTenant && !consumers && !GUID.test(tenantId)) {
    fail('needs tenantId as a GUID (tenant names are not in tokens), or "organizations", "common" or "consumers"');
  }
  if (!multiTenant && allowedTenants !== undefined) fail('allowedTenants applies only to tenantId "organizations" or "common"');
  if (
    lower === 'organizations' &&
    Array.isArray(allowedTenants) &&
    allowedTenants.some((t) => typeof t === 'string' && t.toLowerCase() === MICROSOFT_CONSUMER_TENANT_ID)
  ) {
    fail(
      'allowedTenants names the consumer tenant, which "organizations" never accepts: use tenantId "common" to accept personal Microsoft accounts',
    );
  }
  const v2 = trimSlash(authority ?? 'https://login.microsoftonline.com');
  if (/^https?:\/\/[^/?#]*\.ciamlogin\.com(?::\d+)?(?:[/?#]|$)/i.test(v2)) {
    fail(
      'authority is an External ID (ciamlogin.com) host: its tokens are issued by https://{tenantId}.ciamlogin.com/{tenantId}/v2.0; use external: { subdomain } instead',
    );
  }
  const v1 = trimSlash(v1Authority ?? 'https://sts.windows.net');
  const versions = versionsFor(tokenVersions, consumers ? 'tenantId "consumers"' : undefined);
  const tenant = multiTenant ? TENANT_PLACEHOLDER : consumers ? MICROSOFT_CONSUMER_TENANT_ID : lower;
  const keyTenant = multiTenant ? 'common' : consumers ? 'consumers' : tenant;
  return {
    issuers: versions.map((version) => (version === 2 ? `${v2}/${tenant}/v2.0` : `${v1}/${tenant}/`)),
    templated: multiTenant,
    keysUri: `${v2}/${keyTenant}/discovery/v2.0/keys${appQuery}`,
    checks: multiTenant ? (lower === 'organizations' ? [notConsumer] : []) : [tenantMatches(tenant)],
  };
}

/**
 * Microsoft Entra ID (v1 and v2 access tokens, workforce, consumer and External ID tenants, national
 * clouds). Returns one issuer config per accepted token version.
 *
 * @example
 * entra({ tenantId: '72f988bf-86f1-41af-91ab-2d7cd011db47', audience: ['api://my-api', '6e7a…'] })
 * entra({ tenantId: '…', audience: '…', external: { subdomain: 'contoso' } })
 */
export function entra(options: EntraOptions): IssuerConfig[] {
  // The shapes read the Entra options themselves; what remains must be an override.
  const {
    tenantId,
    audience,
    allowedTenants,
    tokenVersions: _versions,
    authority,
    v1Authority: _v1,
    signingKeyAppId,
    external,
    ...overrides
  } = options;
  requireString('entra', 'tenantId', tenantId);
  if (authority !== undefined) requireString('entra', 'authority', authority);
  const appQuery = signingKeyAppId ? `?appid=${encodeURIComponent(requireString('entra', 'signingKeyAppId', signingKeyAppId))}` : '';
  const shape = external === undefined ? workforceShape(options, appQuery) : externalShape(options, appQuery);
  const configured = new Set(typeof audience === 'string' ? [audience] : (audience ?? []));
  const v2Authority = trimSlash(authority ?? 'https://login.microsoftonline.com');
  const keySource = { kind: 'jwks', uri: shape.keysUri } as const;

  return shape.issuers.map((issuer) =>
    withOverrides(
      {
        name: 'entra',
        issuer: shape.templated ? { template: issuer } : issuer,
        ...(shape.templated ? { allowedTenants: allowedTenants === undefined ? undefined : allowedTenants } : {}),
        audience,
        algorithms: ['RS256'],
        keySource,
        precheck: rejectGraphTokens(configured),
        keyCheck: keyIssuerCheck(v2Authority),
        checks: [...shape.checks],
        principal: (claims) => ({
          subject: typeof claims.oid === 'string' ? claims.oid : typeof claims.sub === 'string' ? claims.sub : undefined,
          appOnly: claims.idtyp === 'app' || (claims.scp === undefined && Array.isArray(claims.roles)),
        }),
      },
      overrides,
    ),
  );
}
