import { randomId } from '../encoding.js';
import { ALG_ONLY, discovery, optionString } from './shared.js';
import type { ProviderDefinition } from './types.js';

const CLIENT_ID = '1234567890-tokenward.apps.googleusercontent.com';
const USER_SUB = '109876543210987654321';
const SERVICE_ACCOUNT = { id: '112233445566778899001', email: 'tokenward-sa@tokenward-test.iam.gserviceaccount.com' } as const;

/**
 * Google ID tokens: Sign in with Google (user, `aud` = the OAuth client id) and Google Cloud
 * service-account identity tokens (app, `aud` = the audience asked for).
 */
export const google: ProviderDefinition = {
  name: 'google',
  settingNames: ['audience', 'clientId'],
  jwk: ALG_ONLY,
  certificateSubject: () => 'accounts.google.com',
  mintsNbf: false,
  settings: (options) => {
    const clientId = optionString('google', 'clientId', options.clientId, CLIENT_ID);
    return { clientId, audience: optionString('google', 'audience', options.audience, clientId) };
  },
  issuer: (url) => url,
  jwksUri: ({ url }) => `${url}/oauth2/v3/certs`,
  endpoints: (ctx) => [
    { url: `${ctx.url}/oauth2/v3/certs`, kind: 'keys', format: 'jwks' },
    discovery(`${ctx.url}/.well-known/openid-configuration`, {
      issuer: ctx.issuer,
      jwks_uri: `${ctx.url}/oauth2/v3/certs`,
      authorization_endpoint: `${ctx.url}/o/oauth2/v2/auth`,
      device_authorization_endpoint: `${ctx.url}/device/code`,
      token_endpoint: `${ctx.url}/token`,
      userinfo_endpoint: `${ctx.url}/v1/userinfo`,
      revocation_endpoint: `${ctx.url}/revoke`,
      response_types_supported: [
        'code',
        'token',
        'id_token',
        'code token',
        'code id_token',
        'token id_token',
        'code token id_token',
        'none',
      ],
    }),
  ],
  header: ({ alg, kid }) => ({ alg, kid, typ: 'JWT' }),
  claims: (ctx, { profile, now, exp }) =>
    profile === 'app'
      ? {
          aud: ctx.audience,
          azp: SERVICE_ACCOUNT.id,
          email: SERVICE_ACCOUNT.email,
          email_verified: true,
          exp,
          iat: now,
          iss: ctx.issuer,
          sub: SERVICE_ACCOUNT.id,
        }
      : {
          iss: ctx.issuer,
          azp: ctx.clientId,
          aud: ctx.audience,
          sub: USER_SUB,
          email: 'alex@tokenward.test',
          email_verified: true,
          at_hash: randomId(16),
          name: 'Alex Tester',
          given_name: 'Alex',
          family_name: 'Tester',
          iat: now,
          exp,
        },
};
