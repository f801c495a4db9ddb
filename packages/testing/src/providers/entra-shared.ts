/**
 * Routes Entra serves for both token versions. Keys live under the v2 authority
 * (`/{tenant}/discovery/v2.0/keys`, also `/common/…`, `/organizations/…` and `/consumers/…`), and each JWK names the
 * issuer allowed to use it. Discovery exists for v2 (`/{tenant}/v2.0/…`) and v1 (`/{tenant}/…`).
 */
import { randomId } from '../encoding.js';
import { discovery, optionString } from './shared.js';
import type { Endpoint, JwkStyle, ProviderContext, ProviderSettings } from './types.js';
import type { TestIssuerOptions } from '../types.js';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The tenant of personal Microsoft accounts: `tid` of every consumer token, and the issuer of `/consumers`. */
export const MICROSOFT_CONSUMER_TENANT_ID = '9188040d-6c67-4c5b-b112-36a304b66dad';

export const ENTRA_DEFAULTS = {
  tenantId: '8eaef023-2b34-4da1-9baa-8bc8c9d6a490',
  /** The API's app registration (client id): `aud` of v2 tokens. */
  apiClientId: '6e74172b-be56-4843-9ff4-e66a39bb12e3',
  /** The calling client app: `azp` / `appid`. */
  clientId: 'b8f3c1d2-7a4e-4c9b-9d1f-2e3a4b5c6d7e',
  userOid: '2c4f1e3a-9b8d-4e7f-a6c5-1d2e3f4a5b6c',
  /** Pairwise `sub` of the user for the API (v2). */
  userSub: 'kQ7mN2pR5sT8vX1yZ4bC6dF9gH3jL0nP2qS5uW8xA1c',
  appOid: '7d1e2f3a-4b5c-4d6e-8f9a-0b1c2d3e4f5a',
  name: 'Alex Tester',
  username: 'alex@tokenward.test',
} as const;

export const ENTRA_JWK: JwkStyle = { alg: false, x5c: true, x5tS256: false };

export function entraTenant(provider: string, options: TestIssuerOptions): string {
  const tenantId = optionString(provider, 'tenantId', options.tenantId, ENTRA_DEFAULTS.tenantId);
  if (!GUID.test(tenantId))
    throw new TypeError(`@tokenward/testing: createTestIssuer({ provider: '${provider}' }) tenantId must be a GUID`);
  // Entra writes tenant ids in lower case in `iss` and `tid`; the entra preset lower-cases them too.
  return tenantId.toLowerCase();
}

export function entraSettingsBase(provider: string, options: TestIssuerOptions, defaultAudience: string): ProviderSettings {
  return {
    tenantId: entraTenant(provider, options),
    audience: optionString(provider, 'audience', options.audience, defaultAudience),
    clientId: optionString(provider, 'clientId', options.clientId, ENTRA_DEFAULTS.clientId),
  };
}

export function tenantOf(ctx: ProviderContext): string {
  if (ctx.tenantId === undefined) throw new Error('entra issuer without tenantId');
  return ctx.tenantId;
}

export const v2Issuer = (url: string, tenant: string): string => `${url}/${tenant}/v2.0`;
export const v1Issuer = (url: string, tenant: string): string => `${url}/sts/${tenant}/`;
export const v2KeysUri = (url: string, tenant: string): string => `${url}/${tenant}/discovery/v2.0/keys`;
export const v1KeysUri = (url: string, tenant: string): string => `${url}/${tenant}/discovery/keys`;

export function entraEndpoints(ctx: ProviderContext): Endpoint[] {
  const { url } = ctx;
  const tenant = tenantOf(ctx);
  const template = `${url}/{tenantid}/v2.0`;
  const keys: Endpoint[] = [
    { url: v2KeysUri(url, tenant), kind: 'keys', format: 'jwks', jwkIssuer: v2Issuer(url, tenant) },
    { url: v2KeysUri(url, 'common'), kind: 'keys', format: 'jwks', jwkIssuer: template },
    { url: v2KeysUri(url, 'organizations'), kind: 'keys', format: 'jwks', jwkIssuer: template },
    // Personal accounts: one fixed tenant, so the keys name its issuer, not a template.
    { url: v2KeysUri(url, 'consumers'), kind: 'keys', format: 'jwks', jwkIssuer: v2Issuer(url, MICROSOFT_CONSUMER_TENANT_ID) },
    { url: v1KeysUri(url, tenant), kind: 'keys', format: 'jwks', jwkIssuer: v2Issuer(url, tenant) },
    { url: v1KeysUri(url, 'common'), kind: 'keys', format: 'jwks', jwkIssuer: template },
  ];
  const v2Doc = (segment: string, issuer: string, jwksUri: string) =>
    discovery(`${url}/${segment}/v2.0/.well-known/openid-configuration`, {
      issuer,
      jwks_uri: jwksUri,
      authorization_endpoint: `${url}/${segment}/oauth2/v2.0/authorize`,
      token_endpoint: `${url}/${segment}/oauth2/v2.0/token`,
      device_authorization_endpoint: `${url}/${segment}/oauth2/v2.0/devicecode`,
      end_session_endpoint: `${url}/${segment}/oauth2/v2.0/logout`,
      userinfo_endpoint: `${url}/oidc/userinfo`,
      request_uri_parameter_supported: false,
      claims_supported: ['sub', 'iss', 'aud', 'exp', 'iat', 'nbf', 'oid', 'tid', 'ver', 'name', 'preferred_username'],
      tenant_region_scope: 'EU',
      cloud_instance_name: new URL(url).host,
    });
  const v1Doc = (at: string) =>
    discovery(at, {
      issuer: v1Issuer(url, tenant),
      jwks_uri: v1KeysUri(url, tenant),
      authorization_endpoint: `${url}/${tenant}/oauth2/authorize`,
      token_endpoint: `${url}/${tenant}/oauth2/token`,
      end_session_endpoint: `${url}/${tenant}/oauth2/logout`,
      userinfo_endpoint: `${url}/${tenant}/openid/userinfo`,
      claims_supported: ['sub', 'iss', 'aud', 'exp', 'iat', 'nbf', 'oid', 'tid', 'ver', 'upn', 'unique_name'],
    });
  return [
    ...keys,
    v2Doc(tenant, v2Issuer(url, tenant), v2KeysUri(url, tenant)),
    v2Doc('common', template, v2KeysUri(url, 'common')),
    v2Doc('organizations', template, v2KeysUri(url, 'organizations')),
    v2Doc('consumers', v2Issuer(url, MICROSOFT_CONSUMER_TENANT_ID), v2KeysUri(url, 'consumers')),
    v1Doc(`${url}/${tenant}/.well-known/openid-configuration`),
    v1Doc(`${v1Issuer(url, tenant)}.well-known/openid-configuration`),
  ];
}

/** Opaque values Entra puts in every token. */
export function entraOpaque(): { aio: string; uti: string; rh: string } {
  return { aio: randomId(48), uti: randomId(16), rh: `0.A${randomId(36)}.` };
}
