import { randomUuid } from '../encoding.js';
import { discovery, optionString } from './shared.js';
import type { ProviderDefinition } from './types.js';

const USER_SUB = 'f1e2d3c4-b5a6-4978-8695-a4b3c2d1e0f9';
const SERVICE_ACCOUNT_SUB = 'c9d8e7f6-a5b4-4c3d-9e2f-1a0b9c8d7e6f';
const SESSION = '5a6b7c8d-9e0f-4a1b-8c2d-3e4f5a6b7c8d';

/** Keycloak realm access tokens (user via a browser login; app via a service account). */
export const keycloak: ProviderDefinition = {
  name: 'keycloak',
  settingNames: ['audience', 'clientId', 'realm'],
  jwk: { alg: true, x5c: true, x5tS256: true },
  certificateSubject: (ctx) => ctx.realm ?? 'keycloak',
  mintsNbf: false,
  settings: (options) => ({
    realm: optionString('keycloak', 'realm', options.realm, 'tokenward'),
    audience: optionString('keycloak', 'audience', options.audience, 'account'),
    clientId: optionString('keycloak', 'clientId', options.clientId, 'tokenward-app'),
  }),
  issuer: (url, s) => `${url}/realms/${encodeURIComponent(s.realm ?? '')}`,
  jwksUri: (ctx) => `${ctx.issuer}/protocol/openid-connect/certs`,
  endpoints: (ctx) => {
    const oidc = `${ctx.issuer}/protocol/openid-connect`;
    return [
      { url: `${oidc}/certs`, kind: 'keys', format: 'jwks' },
      discovery(`${ctx.issuer}/.well-known/openid-configuration`, {
        issuer: ctx.issuer,
        jwks_uri: `${oidc}/certs`,
        authorization_endpoint: `${oidc}/auth`,
        token_endpoint: `${oidc}/token`,
        introspection_endpoint: `${oidc}/token/introspect`,
        userinfo_endpoint: `${oidc}/userinfo`,
        end_session_endpoint: `${oidc}/logout`,
        revocation_endpoint: `${oidc}/revoke`,
      }),
    ];
  },
  header: ({ alg, kid }) => ({ alg, typ: 'JWT', kid }),
  claims: (ctx, { profile, now, exp }) => {
    const realmRoles = [`default-roles-${ctx.realm ?? ''}`, 'offline_access', 'uma_authorization'];
    const account = { roles: ['manage-account', 'manage-account-links', 'view-profile'] };
    const common = { exp, iat: now, jti: randomUuid(), iss: ctx.issuer, aud: ctx.audience };
    if (profile === 'app') {
      return {
        ...common,
        sub: SERVICE_ACCOUNT_SUB,
        typ: 'Bearer',
        azp: ctx.clientId,
        acr: '1',
        realm_access: { roles: realmRoles },
        resource_access: { [ctx.clientId]: { roles: ['uma_protection'] }, account },
        scope: 'profile email',
        email_verified: false,
        clientHost: '127.0.0.1',
        preferred_username: `service-account-${ctx.clientId}`,
        clientAddress: '127.0.0.1',
        client_id: ctx.clientId,
      };
    }
    return {
      ...common,
      sub: USER_SUB,
      typ: 'Bearer',
      azp: ctx.clientId,
      sid: SESSION,
      acr: '1',
      realm_access: { roles: realmRoles },
      resource_access: { [ctx.clientId]: { roles: ['user'] }, account },
      scope: 'openid profile email',
      email_verified: true,
      name: 'Alex Tester',
      preferred_username: 'alex',
      given_name: 'Alex',
      family_name: 'Tester',
      email: 'alex@tokenward.test',
    };
  },
};
