import { randomUuid } from '../encoding.js';
import { ALG_ONLY, discovery, optionString } from './shared.js';
import type { ProviderDefinition } from './types.js';

const USER_POOL_ID = /^[a-z]{2}-(?:[a-z]+-)+\d_[0-9A-Za-z]+$/;
const USER_SUB = 'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d';
const USERNAME = 'alex';

/**
 * Amazon Cognito user pools. Access tokens (the default) carry no `aud`: the app client is in
 * `client_id`. Mint `{ token_use: 'id' }` for an id token, whose `aud` is the app client.
 */
export const cognito: ProviderDefinition = {
  name: 'cognito',
  settingNames: ['clientId', 'userPoolId'],
  jwk: ALG_ONLY,
  certificateSubject: () => 'cognito-idp.amazonaws.com',
  mintsNbf: false,
  settings: (options) => {
    if (options.audience !== undefined) {
      throw new TypeError(
        "@tokenward/testing: createTestIssuer({ provider: 'cognito' }) takes no audience: access tokens have no aud, and id tokens carry the app client (set clientId)",
      );
    }
    const userPoolId = optionString('cognito', 'userPoolId', options.userPoolId, 'us-east-1_Example');
    if (!USER_POOL_ID.test(userPoolId)) {
      throw new TypeError(
        "@tokenward/testing: createTestIssuer({ provider: 'cognito' }) userPoolId must look like <region>_<id>, e.g. us-east-1_Example",
      );
    }
    const clientId = optionString('cognito', 'clientId', options.clientId, '3k2j1h5g4f3d2s1a0p9o8i7u6y');
    return { userPoolId, clientId, audience: clientId };
  },
  issuer: (url, s) => `${url}/${s.userPoolId ?? ''}`,
  jwksUri: (ctx) => `${ctx.issuer}/.well-known/jwks.json`,
  endpoints: (ctx) => [
    { url: `${ctx.issuer}/.well-known/jwks.json`, kind: 'keys', format: 'jwks' },
    discovery(`${ctx.issuer}/.well-known/openid-configuration`, {
      issuer: ctx.issuer,
      jwks_uri: `${ctx.issuer}/.well-known/jwks.json`,
      authorization_endpoint: `${ctx.url}/oauth2/authorize`,
      token_endpoint: `${ctx.url}/oauth2/token`,
      userinfo_endpoint: `${ctx.url}/oauth2/userInfo`,
      revocation_endpoint: `${ctx.url}/oauth2/revoke`,
      end_session_endpoint: `${ctx.url}/logout`,
      scopes_supported: ['openid', 'email', 'phone', 'profile'],
      response_types_supported: ['code', 'token'],
      token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
    }),
  ],
  // Cognito's headers carry only kid and alg.
  header: ({ alg, kid }) => ({ kid, alg }),
  claims: (ctx, { profile, now, exp, requested }) => {
    const ids = { origin_jti: randomUuid(), event_id: randomUuid(), jti: randomUuid() };
    if (requested.token_use === 'id') {
      return {
        sub: USER_SUB,
        'cognito:groups': ['readers'],
        email_verified: true,
        iss: ctx.issuer,
        'cognito:username': USERNAME,
        origin_jti: ids.origin_jti,
        aud: ctx.clientId,
        event_id: ids.event_id,
        token_use: 'id',
        auth_time: now,
        exp,
        iat: now,
        jti: ids.jti,
        email: 'alex@tokenward.test',
      };
    }
    if (profile === 'app') {
      return {
        sub: ctx.clientId,
        token_use: 'access',
        scope: 'resource-server/read',
        auth_time: now,
        iss: ctx.issuer,
        exp,
        iat: now,
        version: 2,
        jti: ids.jti,
        client_id: ctx.clientId,
      };
    }
    return {
      sub: USER_SUB,
      'cognito:groups': ['readers'],
      iss: ctx.issuer,
      version: 2,
      client_id: ctx.clientId,
      origin_jti: ids.origin_jti,
      event_id: ids.event_id,
      token_use: 'access',
      scope: 'aws.cognito.signin.user.admin',
      auth_time: now,
      exp,
      iat: now,
      jti: ids.jti,
      username: USERNAME,
    };
  },
};
