import { ALG_ONLY, discovery, discoveryUrlOf, optionString } from './shared.js';
import type { ProviderDefinition } from './types.js';

const USER_SUB = 'user-1234';

/** A plain OpenID Provider: issuer = origin, RFC 8414-style endpoints. */
export const generic: ProviderDefinition = {
  name: 'generic',
  settingNames: ['audience', 'clientId'],
  jwk: ALG_ONLY,
  certificateSubject: () => 'tokenward test issuer',
  mintsNbf: false,
  settings: (options) => ({
    audience: optionString('generic', 'audience', options.audience, 'https://api.example.test'),
    clientId: optionString('generic', 'clientId', options.clientId, 'tokenward-client'),
  }),
  issuer: (url) => url,
  jwksUri: ({ url }) => `${url}/.well-known/jwks.json`,
  endpoints: (ctx) => [
    { url: `${ctx.url}/.well-known/jwks.json`, kind: 'keys', format: 'jwks' },
    discovery(discoveryUrlOf(ctx.issuer), {
      issuer: ctx.issuer,
      jwks_uri: `${ctx.url}/.well-known/jwks.json`,
      authorization_endpoint: `${ctx.url}/authorize`,
      token_endpoint: `${ctx.url}/token`,
      userinfo_endpoint: `${ctx.url}/userinfo`,
    }),
  ],
  header: ({ alg, kid }) => ({ alg, typ: 'JWT', kid }),
  claims: (ctx, { profile, now, exp }) =>
    profile === 'app'
      ? { iss: ctx.issuer, sub: ctx.clientId, aud: ctx.audience, iat: now, exp, scope: 'read', client_id: ctx.clientId }
      : { iss: ctx.issuer, sub: USER_SUB, aud: ctx.audience, iat: now, exp, scope: 'openid profile read' },
};
