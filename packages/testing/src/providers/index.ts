import type { TestProvider } from '../types.js';
import { auth0 } from './auth0.js';
import { cognito } from './cognito.js';
import { entraExternal } from './entra-external.js';
import { entraV1 } from './entra-v1.js';
import { entra } from './entra.js';
import { firebase } from './firebase.js';
import { generic } from './generic.js';
import { google } from './google.js';
import { keycloak } from './keycloak.js';
import { okta } from './okta.js';
import type { ProviderDefinition } from './types.js';

export const PROVIDERS: Readonly<Record<TestProvider, ProviderDefinition>> = {
  generic,
  entra,
  'entra-v1': entraV1,
  'entra-external': entraExternal,
  auth0,
  cognito,
  firebase,
  google,
  okta,
  keycloak,
};

export function providerDefinition(name: unknown): ProviderDefinition {
  if (typeof name !== 'string' || !Object.hasOwn(PROVIDERS, name)) {
    throw new TypeError(
      `@tokenward/testing: createTestIssuer() provider must be one of ${Object.keys(PROVIDERS).join(', ')}; got ${JSON.stringify(name)}`,
    );
  }
  return PROVIDERS[name as TestProvider];
}
