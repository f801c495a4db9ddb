/**
 * Finds the issuer configuration for `inspect` without a config file: the OpenID discovery document of
 * the expected issuer (`--issuer`) or of the token's own `iss`. Only that URL and the key URL it names
 * are contacted; the token itself is never sent.
 */
import { entra, oidc, type FetchLike, type IssuerConfig } from '@tokenward/core';
import { isAllowedUrl } from './fetch-once.js';

export interface DiscoveredIssuer {
  readonly configs: readonly IssuerConfig[];
  /** Human label: `Microsoft Entra ID`, or `OpenID provider`. */
  readonly kind: 'entra' | 'oidc';
  readonly discoveryUrl: string;
  readonly jwksUri: string;
}

/** Discovery or the network failed: exit code 2. */
export class DiscoveryError extends Error {
  override readonly name = 'DiscoveryError';
}

const GUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const ENTRA_V2_ISSUER = new RegExp(`^(.+)/(${GUID})/v2\\.0$`, 'i');
const ENTRA_V1_ISSUER = new RegExp(`^(.+)/(${GUID})/$`, 'i');
const ENTRA_KEYS = new RegExp(`^(.+)/(?:${GUID}|common|organizations)/discovery/(?:v2\\.0/)?keys(?:\\?.*)?$`, 'i');

/** Stands for the API's audience when none was given; shows up as "expected" in the Graph token check. */
export const AUDIENCE_NOT_GIVEN = 'your API (pass --audience)';

export function discoveryUrlFor(issuer: string): string {
  return `${issuer.replace(/\/$/, '')}/.well-known/openid-configuration`;
}

export interface DiscoverOptions {
  readonly issuer: string;
  readonly audience: readonly string[] | null;
  /** Entra: the tenant the API trusts; default the issuer's own. */
  readonly tenantId?: string;
  readonly fetch: FetchLike;
  readonly timeoutMs: number;
}

async function readDiscovery(url: string, fetch: FetchLike, timeoutMs: number): Promise<Record<string, unknown>> {
  if (!isAllowedUrl(url)) {
    throw new DiscoveryError(`refusing to contact ${url}: issuers must use https (http only on localhost)`);
  }
  let response: Response;
  try {
    response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs), headers: { accept: 'application/json' }, redirect: 'error' });
  } catch (error) {
    const reason = error instanceof Error && error.name === 'TimeoutError' ? `no answer within ${timeoutMs} ms` : 'the connection failed';
    throw new DiscoveryError(`could not fetch the discovery document ${url}: ${reason}`);
  }
  if (!response.ok) throw new DiscoveryError(`could not fetch the discovery document ${url}: HTTP ${response.status}`);
  try {
    const document: unknown = await response.json();
    if (typeof document === 'object' && document !== null && !Array.isArray(document)) return document as Record<string, unknown>;
  } catch {
    // reported below
  }
  throw new DiscoveryError(`the discovery document ${url} is not a JSON object`);
}

/**
 * Builds the issuer configs core should verify with: core's `entra()` preset when the issuer is shaped
 * like Entra ID (tenant GUID in the issuer, keys under `/discovery/`), so its tenant, Graph and per-key
 * issuer checks run; `oidc()` otherwise.
 */
export async function discoverIssuer(options: DiscoverOptions): Promise<DiscoveredIssuer> {
  const discoveryUrl = discoveryUrlFor(options.issuer);
  const document = await readDiscovery(discoveryUrl, options.fetch, options.timeoutMs);
  if (document.issuer !== options.issuer) {
    throw new DiscoveryError(
      `the discovery document ${discoveryUrl} names another issuer: expected ${options.issuer}, found ${JSON.stringify(document.issuer)}`,
    );
  }
  const jwksUri = document.jwks_uri;
  if (typeof jwksUri !== 'string' || !isAllowedUrl(jwksUri)) {
    throw new DiscoveryError(`the discovery document ${discoveryUrl} has no usable jwks_uri`);
  }
  // Audience null turns core's check off explicitly; entra() needs one first (it names the API in its Graph message).
  const audience = options.audience;
  const keysMatch = ENTRA_KEYS.exec(jwksUri);
  const v2 = ENTRA_V2_ISSUER.exec(options.issuer);
  const v1 = ENTRA_V1_ISSUER.exec(options.issuer);
  if (keysMatch && (v2 || v1)) {
    const authority = keysMatch[1] as string;
    const issuerTenant = ((v2 ?? v1) as RegExpExecArray)[2] as string;
    const configs = entra({
      tenantId: options.tenantId ?? issuerTenant,
      audience: audience ?? AUDIENCE_NOT_GIVEN,
      authority,
      ...(v1 ? { v1Authority: v1[1] as string } : {}),
    }).map((config) => (audience === null ? { ...config, audience: null } : config));
    return { configs, kind: 'entra', discoveryUrl, jwksUri };
  }
  const config = oidc({ issuer: options.issuer, audience: audience === null ? null : [...audience] });
  return { configs: [config], kind: 'oidc', discoveryUrl, jwksUri };
}
