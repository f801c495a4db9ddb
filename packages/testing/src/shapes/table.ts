/**
 * Documented token shapes per preset: a valid token, and one token per documented rule broken, each
 * with the page it comes from. Core runs every row through its presets; an adapter or an app can too.
 */
import { SOURCES } from './sources.js';
import type { ProviderTokenShape } from './types.js';

const OTHER_TENANT = '0e3d2c1b-aaaa-4bbb-8ccc-ddddeeeeffff';
const CONSUMER_TENANT = '9188040d-6c67-4c5b-b112-36a304b66dad';
const S = SOURCES;

const entra: ProviderTokenShape[] = [
  { preset: 'entra', description: 'v2.0 delegated access token', issuer: { provider: 'entra' }, expected: 'accepted', source: S.entraAccessTokens },
  { preset: 'entra', description: 'v2.0 app-only token (client credentials: roles, idtyp app)', issuer: { provider: 'entra' }, mint: { profile: 'app' }, expected: 'accepted', source: S.entraClaims },
  { preset: 'entra', description: 'v1.0 access token (issuer https://sts.windows.net/{tid}/)', issuer: { provider: 'entra-v1' }, expected: 'accepted', source: S.entraAccessTokens },
  { preset: 'entra', description: 'v1.0 token where only v2.0 is accepted (tokenVersions [2])', issuer: { provider: 'entra-v1' }, presetOptions: { tokenVersions: [2] }, expected: 'issuer_not_allowed', source: S.entraAccessTokens },
  { preset: 'entra', description: "aud is another API's", issuer: { provider: 'entra' }, claims: { aud: 'api://another-api' }, expected: 'audience_mismatch', source: S.entraAccessTokens },
  { preset: 'entra', description: 'a Microsoft Graph token (aud 00000003-0000-0000-c000-000000000000)', issuer: { provider: 'entra' }, claims: { aud: '00000003-0000-0000-c000-000000000000' }, expected: 'audience_mismatch', source: S.entraAccessTokens },
  { preset: 'entra', description: "iss is another tenant's issuer", issuer: { provider: 'entra' }, claims: { iss: `{url}/${OTHER_TENANT}/v2.0`, tid: OTHER_TENANT }, expected: 'issuer_not_allowed', source: S.entraAccessTokens },
  { preset: 'entra', description: "tid is another tenant's under this tenant's issuer", issuer: { provider: 'entra' }, claims: { tid: OTHER_TENANT }, expected: 'tenant_not_allowed', source: S.entraClaims },
  { preset: 'entra', description: 'expired (exp in the past)', issuer: { provider: 'entra' }, mint: { expiresInSec: -3600 }, expected: 'token_expired', source: S.entraClaims },
  { preset: 'entra', description: 'not yet valid (nbf in the future)', issuer: { provider: 'entra' }, mint: { notBeforeSec: 3600 }, expected: 'token_not_yet_valid', source: S.entraClaims },
  { preset: 'entra', description: 'signed PS256 with an Entra key, which names no alg (Entra signs RS256)', issuer: { provider: 'entra', algorithms: ['RS256', 'PS256'] }, mint: { alg: 'PS256' }, expected: 'algorithm_not_allowed', source: S.entraSigningKeys },
  { preset: 'entra', description: 'organizations: a work account of any tenant', issuer: { provider: 'entra', tenantId: OTHER_TENANT }, presetOptions: { tenantId: 'organizations', allowedTenants: null }, expected: 'accepted', source: S.entraAuthority },
  { preset: 'entra', description: 'organizations: a personal Microsoft account (consumer tenant)', issuer: { provider: 'entra', tenantId: CONSUMER_TENANT }, presetOptions: { tenantId: 'organizations', allowedTenants: null }, expected: 'tenant_not_allowed', source: S.entraIdTokenClaims },
  { preset: 'entra', description: 'common: a personal Microsoft account', issuer: { provider: 'entra', tenantId: CONSUMER_TENANT }, presetOptions: { tenantId: 'common', allowedTenants: null }, expected: 'accepted', source: S.entraAuthority },
  { preset: 'entra', description: 'consumers: a personal Microsoft account', issuer: { provider: 'entra', tenantId: CONSUMER_TENANT }, presetOptions: { tenantId: 'consumers' }, expected: 'accepted', source: S.entraAuthority },
  { preset: 'entra', description: 'consumers: a work account under the consumer issuer', issuer: { provider: 'entra' }, presetOptions: { tenantId: 'consumers' }, claims: { iss: `{url}/${CONSUMER_TENANT}/v2.0` }, expected: 'tenant_not_allowed', source: S.entraIdTokenClaims },
  { preset: 'entra', description: 'External ID: access token with issuer https://{tenantId}.ciamlogin.com/{tenantId}/v2.0', issuer: { provider: 'entra-external' }, presetOptions: { external: { subdomain: 'contoso' } }, expected: 'accepted', source: S.entraExternal },
  { preset: 'entra', description: 'External ID: issuer under the subdomain host instead of the tenant id', issuer: { provider: 'entra-external' }, presetOptions: { external: { subdomain: 'contoso' } }, claims: { iss: 'https://contoso.ciamlogin.com/{tenantId}/v2.0' }, expected: 'issuer_not_allowed', source: S.entraExternal },
];

const auth0: ProviderTokenShape[] = [
  { preset: 'auth0', description: 'access token for a custom API (RBAC permissions)', issuer: { provider: 'auth0' }, expected: 'accepted', source: S.auth0Validate },
  { preset: 'auth0', description: 'machine-to-machine token (gty client-credentials)', issuer: { provider: 'auth0' }, mint: { profile: 'app' }, expected: 'accepted', source: S.auth0M2M },
  { preset: 'auth0', description: "aud is another API's identifier", issuer: { provider: 'auth0' }, claims: { aud: 'https://another-api.example' }, expected: 'audience_mismatch', source: S.auth0Validate },
  { preset: 'auth0', description: 'iss without the trailing slash Auth0 writes', issuer: { provider: 'auth0' }, claims: { iss: '{url}' }, expected: 'issuer_not_allowed', source: S.auth0Validate },
  { preset: 'auth0', description: 'expired', issuer: { provider: 'auth0' }, mint: { expiresInSec: -3600 }, expected: 'token_expired', source: S.auth0Validate },
  { preset: 'auth0', description: 'signed PS256 while the tenant signs RS256 (the default)', issuer: { provider: 'auth0', algorithms: ['RS256', 'PS256'] }, mint: { alg: 'PS256' }, expected: 'algorithm_not_allowed', source: S.auth0Algorithms },
  { preset: 'auth0', description: 'signed PS256 by a tenant configured for PS256 (algorithms [PS256])', issuer: { provider: 'auth0', algorithms: ['PS256'] }, presetOptions: { algorithms: ['PS256'] }, expected: 'accepted', source: S.auth0Algorithms },
];

const cognito: ProviderTokenShape[] = [
  { preset: 'cognito', description: 'access token of an allowed app client', issuer: { provider: 'cognito' }, expected: 'accepted', source: S.cognitoVerify },
  { preset: 'cognito', description: 'client-credentials access token', issuer: { provider: 'cognito' }, mint: { profile: 'app' }, expected: 'accepted', source: S.cognitoAccess },
  { preset: 'cognito', description: 'ID token where an access token is expected (token_use id)', issuer: { provider: 'cognito' }, claims: { token_use: 'id' }, expected: 'claim_invalid', source: S.cognitoVerify },
  { preset: 'cognito', description: 'access token of another app client (client_id)', issuer: { provider: 'cognito' }, claims: { client_id: 'another-app-client' }, expected: 'claim_invalid', source: S.cognitoVerify },
  { preset: 'cognito', description: 'ID token of an allowed app client (tokenUse id, aud)', issuer: { provider: 'cognito' }, presetOptions: { tokenUse: 'id' }, claims: { token_use: 'id' }, expected: 'accepted', source: S.cognitoVerify },
  { preset: 'cognito', description: 'ID token of another app client (aud)', issuer: { provider: 'cognito' }, presetOptions: { tokenUse: 'id' }, claims: { token_use: 'id', aud: 'another-app-client' }, expected: 'audience_mismatch', source: S.cognitoVerify },
  { preset: 'cognito', description: "iss is another user pool's", issuer: { provider: 'cognito' }, claims: { iss: '{url}/us-east-1_Another' }, expected: 'issuer_not_allowed', source: S.cognitoVerify },
  { preset: 'cognito', description: 'expired', issuer: { provider: 'cognito' }, mint: { expiresInSec: -3600 }, expected: 'token_expired', source: S.cognitoVerify },
];

const firebase: ProviderTokenShape[] = [
  { preset: 'firebase', description: 'ID token of the project', issuer: { provider: 'firebase' }, expected: 'accepted', source: S.firebaseVerify },
  { preset: 'firebase', description: 'aud is another project', issuer: { provider: 'firebase' }, claims: { aud: 'another-project' }, expected: 'audience_mismatch', source: S.firebaseVerify },
  { preset: 'firebase', description: 'iss is another project', issuer: { provider: 'firebase' }, claims: { iss: '{url}/another-project' }, expected: 'issuer_not_allowed', source: S.firebaseVerify },
  { preset: 'firebase', description: 'sub is empty', issuer: { provider: 'firebase' }, claims: { sub: '' }, expected: 'claim_invalid', source: S.firebaseVerify },
  { preset: 'firebase', description: 'auth_time in the future', issuer: { provider: 'firebase' }, claimsFromNowSec: { auth_time: 3600 }, expected: 'claim_invalid', source: S.firebaseVerify },
  { preset: 'firebase', description: 'expired', issuer: { provider: 'firebase' }, mint: { expiresInSec: -3600 }, expected: 'token_expired', source: S.firebaseVerify },
];

const google: ProviderTokenShape[] = [
  { preset: 'google', description: 'Sign in with Google ID token', issuer: { provider: 'google' }, expected: 'accepted', source: S.googleVerify },
  { preset: 'google', description: 'service-account identity token', issuer: { provider: 'google' }, mint: { profile: 'app' }, expected: 'accepted', source: S.googleOidc },
  { preset: 'google', description: 'iss in the legacy form without https://', issuer: { provider: 'google' }, claims: { iss: '{host}' }, expected: 'accepted', source: S.googleVerify },
  { preset: 'google', description: "aud is another client's", issuer: { provider: 'google' }, claims: { aud: 'another-client.apps.googleusercontent.com' }, expected: 'audience_mismatch', source: S.googleVerify },
  { preset: 'google', description: 'iss is not Google', issuer: { provider: 'google' }, claims: { iss: 'https://accounts.google.com.evil.example' }, expected: 'issuer_not_allowed', source: S.googleVerify },
  { preset: 'google', description: 'hd is the allowed Workspace domain', issuer: { provider: 'google' }, presetOptions: { hostedDomain: 'example.com' }, claims: { hd: 'example.com' }, expected: 'accepted', source: S.googleOidc },
  { preset: 'google', description: 'hd is another Workspace domain', issuer: { provider: 'google' }, presetOptions: { hostedDomain: 'example.com' }, claims: { hd: 'other.example' }, expected: 'claim_invalid', source: S.googleOidc },
  { preset: 'google', description: 'expired', issuer: { provider: 'google' }, mint: { expiresInSec: -3600 }, expected: 'token_expired', source: S.googleVerify },
];

const okta: ProviderTokenShape[] = [
  { preset: 'okta', description: 'access token of the default custom authorization server', issuer: { provider: 'okta' }, expected: 'accepted', source: S.oktaValidate },
  { preset: 'okta', description: 'client-credentials access token', issuer: { provider: 'okta' }, mint: { profile: 'app' }, expected: 'accepted', source: S.oktaTokens },
  { preset: 'okta', description: "aud is another authorization server's", issuer: { provider: 'okta' }, claims: { aud: 'api://another' }, expected: 'audience_mismatch', source: S.oktaValidate },
  { preset: 'okta', description: 'cid is another client application', issuer: { provider: 'okta' }, claims: { cid: '0oaAnotherClient' }, expected: 'claim_invalid', source: S.oktaValidate },
  { preset: 'okta', description: "iss is the org authorization server's", issuer: { provider: 'okta' }, claims: { iss: '{url}' }, expected: 'issuer_not_allowed', source: S.oktaValidate },
  { preset: 'okta', description: 'expired', issuer: { provider: 'okta' }, mint: { expiresInSec: -3600 }, expected: 'token_expired', source: S.oktaValidate },
];

const keycloak: ProviderTokenShape[] = [
  { preset: 'keycloak', description: 'access token (typ Bearer)', issuer: { provider: 'keycloak' }, expected: 'accepted', source: S.keycloakTokenUtil },
  { preset: 'keycloak', description: 'service-account access token', issuer: { provider: 'keycloak' }, mint: { profile: 'app' }, expected: 'accepted', source: S.keycloakAdmin },
  { preset: 'keycloak', description: 'ID token presented as a bearer token (typ ID)', issuer: { provider: 'keycloak' }, claims: { typ: 'ID' }, expected: 'claim_invalid', source: S.keycloakTokenUtil },
  { preset: 'keycloak', description: 'refresh token presented as a bearer token (typ Refresh)', issuer: { provider: 'keycloak' }, claims: { typ: 'Refresh' }, expected: 'claim_invalid', source: S.keycloakTokenUtil },
  { preset: 'keycloak', description: 'no typ claim', issuer: { provider: 'keycloak' }, omit: ['typ'], expected: 'claim_invalid', source: S.keycloakTokenUtil },
  { preset: 'keycloak', description: "aud is another client's", issuer: { provider: 'keycloak' }, claims: { aud: 'another-client' }, expected: 'audience_mismatch', source: S.keycloakAdmin },
  { preset: 'keycloak', description: "iss is another realm's", issuer: { provider: 'keycloak' }, claims: { iss: '{url}/realms/another' }, expected: 'issuer_not_allowed', source: S.keycloakAdmin },
  { preset: 'keycloak', description: 'signed ES256 while the realm default is RS256', issuer: { provider: 'keycloak', algorithms: ['RS256', 'ES256'] }, mint: { alg: 'ES256' }, expected: 'algorithm_not_allowed', source: S.keycloakAdmin },
  { preset: 'keycloak', description: 'signed ES256 by a realm configured for ES256 (algorithms [ES256])', issuer: { provider: 'keycloak', algorithms: ['ES256'] }, presetOptions: { algorithms: ['ES256'] }, expected: 'accepted', source: S.keycloakAdmin },
  { preset: 'keycloak', description: 'expired', issuer: { provider: 'keycloak' }, mint: { expiresInSec: -3600 }, expected: 'token_expired', source: S.keycloakAdmin },
];

const generic: ProviderTokenShape[] = [
  { preset: 'oidc', description: 'access token of a discovered issuer', issuer: { provider: 'generic' }, expected: 'accepted', source: S.rfc9068 },
  { preset: 'oidc', description: "aud is another resource's", issuer: { provider: 'generic' }, claims: { aud: 'https://another.example' }, expected: 'audience_mismatch', source: S.rfc9068 },
  { preset: 'oidc', description: 'iss differs from the discovered issuer', issuer: { provider: 'generic' }, claims: { iss: '{url}/other' }, expected: 'issuer_not_allowed', source: S.oidcCore },
  { preset: 'oidc', description: 'expired', issuer: { provider: 'generic' }, mint: { expiresInSec: -3600 }, expected: 'token_expired', source: S.rfc9068 },
  { preset: 'oidc', description: 'not yet valid (nbf in the future)', issuer: { provider: 'generic' }, mint: { notBeforeSec: 3600 }, expected: 'token_not_yet_valid', source: S.rfc9068 },
  { preset: 'jwks', description: 'access token verified through a known JWKS URL', issuer: { provider: 'generic' }, expected: 'accepted', source: S.rfc9068 },
  { preset: 'jwks', description: "aud is another resource's", issuer: { provider: 'generic' }, claims: { aud: 'https://another.example' }, expected: 'audience_mismatch', source: S.rfc9068 },
  { preset: 'keys', description: 'token verified with static public keys', issuer: { provider: 'generic' }, expected: 'accepted', source: S.rfc9068 },
  { preset: 'keys', description: 'RSA key without alg: RS256 only by default, so PS256 is refused', issuer: { provider: 'entra', algorithms: ['RS256', 'PS256'] }, mint: { alg: 'PS256' }, expected: 'algorithm_not_allowed', source: S.rfc8725 },
  { preset: 'keys', description: 'RSA key without alg: PS256 when algorithms lists it', issuer: { provider: 'entra', algorithms: ['PS256'] }, presetOptions: { algorithms: ['PS256'] }, expected: 'accepted', source: S.rfc8725 },
  { preset: 'keys', description: "P-384 key without alg verifies its curve's algorithm (ES384)", issuer: { provider: 'entra', algorithms: ['ES384'] }, expected: 'accepted', source: S.rfc8725 },
];

/** Every row, grouped by preset. */
export const PROVIDER_TOKEN_SHAPES: readonly ProviderTokenShape[] = Object.freeze([...entra, ...auth0, ...cognito, ...firebase, ...google, ...okta, ...keycloak, ...generic]);
