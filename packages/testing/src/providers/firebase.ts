import { discovery, optionString } from './shared.js';
import type { ProviderDefinition } from './types.js';

const UID = 'tWcQm4Nf9zPqR2sLx7VbK1yHd3E2';
const EMAIL = 'alex@tokenward.test';
const PROJECT_ID = /^[A-Za-z0-9][A-Za-z0-9-]*$/;

export const FIREBASE_X509_PATH = '/robot/v1/metadata/x509/securetoken@system.gserviceaccount.com';
export const FIREBASE_JWK_PATH = '/service_accounts/v1/jwk/securetoken@system.gserviceaccount.com';

/**
 * Firebase Authentication ID tokens. Keys are Google's x509 map (`{ kid: PEM }`); discovery points
 * at the same keys as a JWKS, as securetoken.google.com does.
 */
export const firebase: ProviderDefinition = {
  name: 'firebase',
  settingNames: ['projectId'],
  onlyAlgorithms: ['RS256'],
  jwk: { alg: true, x5c: false, x5tS256: false },
  certificateSubject: () => 'securetoken.system.gserviceaccount.com',
  mintsNbf: false,
  settings: (options) => {
    for (const name of ['audience', 'clientId'] as const) {
      if (options[name] !== undefined) {
        throw new TypeError(
          `@tokenward/testing: createTestIssuer({ provider: 'firebase' }) takes no ${name}: Firebase ID tokens carry the project id in aud (set projectId)`,
        );
      }
    }
    const projectId = optionString('firebase', 'projectId', options.projectId, 'tokenward-test');
    if (!PROJECT_ID.test(projectId))
      throw new TypeError("@tokenward/testing: createTestIssuer({ provider: 'firebase' }) projectId must be letters, digits and dashes");
    return { projectId, audience: projectId, clientId: projectId };
  },
  issuer: (url, s) => `${url}/${s.projectId ?? ''}`,
  jwksUri: ({ url }) => `${url}${FIREBASE_X509_PATH}`,
  endpoints: (ctx) => [
    { url: `${ctx.url}${FIREBASE_X509_PATH}`, kind: 'keys', format: 'x509' },
    { url: `${ctx.url}${FIREBASE_JWK_PATH}`, kind: 'keys', format: 'jwks' },
    discovery(`${ctx.issuer}/.well-known/openid-configuration`, {
      issuer: ctx.issuer,
      jwks_uri: `${ctx.url}${FIREBASE_JWK_PATH}`,
      authorization_endpoint: `${ctx.url}/o/oauth2/v2/auth`,
      token_endpoint: `${ctx.url}/token`,
      response_types_supported: ['id_token'],
      scopes_supported: ['openid'],
      token_endpoint_auth_methods_supported: [],
      grant_types_supported: [],
    }),
  ],
  header: ({ alg, kid }) => ({ alg, kid, typ: 'JWT' }),
  claims: (ctx, { profile, now, exp }) => {
    if (profile === 'app') {
      throw new TypeError(
        "@tokenward/testing: firebase has no app-only tokens (Firebase ID tokens always identify a user); use profile 'user'",
      );
    }
    return {
      iss: ctx.issuer,
      aud: ctx.projectId,
      auth_time: now,
      user_id: UID,
      sub: UID,
      iat: now,
      exp,
      email: EMAIL,
      email_verified: true,
      firebase: { identities: { email: [EMAIL] }, sign_in_provider: 'password' },
    };
  },
};
