import { discovery, optionString } from './shared.js';
import type { ProviderDefinition } from './types.js';

const USER_SUB = 'auth0|65f0c1d2e3a4b5c6d7e8f901';
const PERMISSIONS = ['read:messages'];

/** Auth0 access tokens for a custom API (RBAC on, so `permissions` is present). */
export const auth0: ProviderDefinition = {
  name: 'auth0',
  settingNames: ['audience', 'clientId'],
  jwk: { alg: true, x5c: true, x5tS256: false },
  certificateSubject: (ctx) => new URL(ctx.url).hostname,
  mintsNbf: false,
  settings: (options) => ({
    audience: optionString('auth0', 'audience', options.audience, 'https://api.example.test'),
    clientId: optionString('auth0', 'clientId', options.clientId, 'k3YfLr7dP2QvTn8WbZx1HsJc6mAe9Ug4'),
  }),
  // Auth0's issuer is the tenant origin with a trailing slash.
  issuer: (url) => `${url}/`,
  jwksUri: ({ url }) => `${url}/.well-known/jwks.json`,
  endpoints: (ctx) => [
    { url: `${ctx.url}/.well-known/jwks.json`, kind: 'keys', format: 'jwks' },
    discovery(`${ctx.url}/.well-known/openid-configuration`, {
      issuer: ctx.issuer,
      jwks_uri: `${ctx.url}/.well-known/jwks.json`,
      authorization_endpoint: `${ctx.url}/authorize`,
      token_endpoint: `${ctx.url}/oauth/token`,
      device_authorization_endpoint: `${ctx.url}/oauth/device/code`,
      userinfo_endpoint: `${ctx.url}/userinfo`,
      mfa_challenge_endpoint: `${ctx.url}/mfa/challenge`,
      registration_endpoint: `${ctx.url}/oidc/register`,
      revocation_endpoint: `${ctx.url}/oauth/revoke`,
      end_session_endpoint: `${ctx.url}/oidc/logout`,
    }),
  ],
  header: ({ alg, kid }) => ({ alg, typ: 'JWT', kid }),
  claims: (ctx, { profile, now, exp }) =>
    profile === 'app'
      ? {
          iss: ctx.issuer,
          sub: `${ctx.clientId}@clients`,
          aud: ctx.audience,
          iat: now,
          exp,
          scope: PERMISSIONS.join(' '),
          gty: 'client-credentials',
          azp: ctx.clientId,
          permissions: [...PERMISSIONS],
        }
      : {
          iss: ctx.issuer,
          sub: USER_SUB,
          aud: [ctx.audience, `${ctx.url}/userinfo`],
          iat: now,
          exp,
          scope: `openid profile email ${PERMISSIONS.join(' ')}`,
          azp: ctx.clientId,
          permissions: [...PERMISSIONS],
        },
};
