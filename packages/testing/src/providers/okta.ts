import { randomId } from '../encoding.js';
import { ALG_ONLY, discovery, optionString } from './shared.js';
import type { ProviderDefinition } from './types.js';

const UID = '00u1a2b3c4TokenWard7e8';
const USER_SUB = 'alex@tokenward.test';

/** Okta access tokens from the `default` custom authorization server. */
export const okta: ProviderDefinition = {
  name: 'okta',
  settingNames: ['audience', 'clientId'],
  jwk: ALG_ONLY,
  certificateSubject: () => 'okta',
  mintsNbf: false,
  settings: (options) => ({
    audience: optionString('okta', 'audience', options.audience, 'api://default'),
    clientId: optionString('okta', 'clientId', options.clientId, '0oa1b2c3d4TokenWard5d6'),
  }),
  issuer: (url) => `${url}/oauth2/default`,
  jwksUri: (ctx) => `${ctx.issuer}/v1/keys`,
  endpoints: (ctx) => {
    const fields = {
      issuer: ctx.issuer,
      jwks_uri: `${ctx.issuer}/v1/keys`,
      authorization_endpoint: `${ctx.issuer}/v1/authorize`,
      token_endpoint: `${ctx.issuer}/v1/token`,
      userinfo_endpoint: `${ctx.issuer}/v1/userinfo`,
      introspection_endpoint: `${ctx.issuer}/v1/introspect`,
      revocation_endpoint: `${ctx.issuer}/v1/revoke`,
      end_session_endpoint: `${ctx.issuer}/v1/logout`,
    };
    return [
      { url: `${ctx.issuer}/v1/keys`, kind: 'keys', format: 'jwks' },
      discovery(`${ctx.issuer}/.well-known/openid-configuration`, fields),
      // RFC 8414 metadata, which Okta serves for custom authorization servers too.
      discovery(`${ctx.issuer}/.well-known/oauth-authorization-server`, fields),
    ];
  },
  // Okta's access token headers carry only kid and alg.
  header: ({ alg, kid }) => ({ kid, alg }),
  claims: (ctx, { profile, now, exp }) =>
    profile === 'app'
      ? {
          ver: 1,
          jti: `AT.${randomId(32)}`,
          iss: ctx.issuer,
          aud: ctx.audience,
          iat: now,
          exp,
          cid: ctx.clientId,
          scp: ['read'],
          sub: ctx.clientId,
        }
      : {
          ver: 1,
          jti: `AT.${randomId(32)}`,
          iss: ctx.issuer,
          aud: ctx.audience,
          iat: now,
          exp,
          cid: ctx.clientId,
          uid: UID,
          scp: ['openid', 'profile'],
          auth_time: now,
          sub: USER_SUB,
        },
};
