import type { ShapeSource } from './types.js';

/** Documentation pages the shapes are taken from. */
export const SOURCES = {
  entraAccessTokens: {
    title: 'Microsoft identity platform: Access tokens (validate tokens, v1.0 and v2.0 issuers, claims)',
    url: 'https://learn.microsoft.com/en-us/entra/identity-platform/access-tokens',
  },
  entraClaims: {
    title: 'Microsoft identity platform: Access token claims reference (tid, ver, iss, aud)',
    url: 'https://learn.microsoft.com/en-us/entra/identity-platform/access-token-claims-reference',
  },
  entraIdTokenClaims: {
    title: 'Microsoft identity platform: ID token claims reference (tid 9188040d-6c67-4c5b-b112-36a304b66dad for personal accounts)',
    url: 'https://learn.microsoft.com/en-us/entra/identity-platform/id-token-claims-reference',
  },
  entraAuthority: {
    title: 'Microsoft identity platform: Application configuration options (authority: common, organizations, consumers)',
    url: 'https://learn.microsoft.com/en-us/entra/identity-platform/msal-client-application-configuration',
  },
  entraSigningKeys: {
    title: 'Microsoft identity platform: Signing key rollover (RS256 keys without alg, per-key issuer)',
    url: 'https://learn.microsoft.com/en-us/entra/identity-platform/signing-key-rollover',
  },
  entraExternal: {
    title:
      'Microsoft Entra External ID for external tenants (issuer https://{tenantId}.ciamlogin.com/{tenantId}/v2.0, metadata under {subdomain}.ciamlogin.com)',
    url: 'https://learn.microsoft.com/en-us/entra/external-id/customers/',
  },
  auth0Validate: {
    title: 'Auth0: Validate Access Tokens',
    url: 'https://auth0.com/docs/secure/tokens/access-tokens/validate-access-tokens',
  },
  auth0Algorithms: {
    title: 'Auth0: Signing Algorithms (RS256 default)',
    url: 'https://auth0.com/docs/get-started/applications/signing-algorithms',
  },
  auth0M2M: {
    title: 'Auth0: Client Credentials Flow (gty client-credentials)',
    url: 'https://auth0.com/docs/get-started/authentication-and-authorization-flow/client-credentials-flow',
  },
  cognitoVerify: {
    title: 'Amazon Cognito: Verifying a JSON Web Token',
    url: 'https://docs.aws.amazon.com/cognito/latest/developerguide/amazon-cognito-user-pools-using-tokens-verifying-a-jwt.html',
  },
  cognitoAccess: {
    title: 'Amazon Cognito: Understanding the access token',
    url: 'https://docs.aws.amazon.com/cognito/latest/developerguide/amazon-cognito-user-pools-using-the-access-token.html',
  },
  firebaseVerify: {
    title: 'Firebase: Verify ID Tokens (verify ID tokens using a third-party JWT library)',
    url: 'https://firebase.google.com/docs/auth/admin/verify-id-tokens',
  },
  googleVerify: {
    title: 'Google Identity: Verify the Google ID token on your server side',
    url: 'https://developers.google.com/identity/gsi/web/guides/verify-google-id-token',
  },
  googleOidc: {
    title: 'Google Identity: OpenID Connect (validating an ID token, hd claim)',
    url: 'https://developers.google.com/identity/openid-connect/openid-connect',
  },
  oktaValidate: { title: 'Okta: Validate access tokens', url: 'https://developer.okta.com/docs/guides/validate-access-tokens/go/main/' },
  oktaTokens: {
    title: 'Okta: OpenID Connect & OAuth 2.0 API (access token claims cid, uid, scp)',
    url: 'https://developer.okta.com/docs/api/openapi/okta-oauth/guides/overview/',
  },
  keycloakTokenUtil: {
    title: 'Keycloak: TokenUtil (token types Bearer, ID, Refresh; adapters accept Bearer as access token)',
    url: 'https://github.com/keycloak/keycloak/blob/main/core/src/main/java/org/keycloak/util/TokenUtil.java',
  },
  keycloakAdmin: {
    title: 'Keycloak Server Administration Guide: realm keys (RS256 default), audience',
    url: 'https://www.keycloak.org/docs/latest/server_admin/',
  },
  oidcCore: {
    title: 'OpenID Connect Core 1.0 §3.1.3.7 ID Token Validation',
    url: 'https://openid.net/specs/openid-connect-core-1_0.html#IDTokenValidation',
  },
  rfc9068: { title: 'RFC 9068 §4 Validating JWT Access Tokens', url: 'https://www.rfc-editor.org/rfc/rfc9068#section-4' },
  rfc8725: {
    title: 'RFC 8725 §3.1 Perform Algorithm Verification (each key used with exactly one algorithm)',
    url: 'https://www.rfc-editor.org/rfc/rfc8725#section-3.1',
  },
} as const satisfies Record<string, ShapeSource>;
