import type { TestAlgorithm } from '../types.js';
import type { DiscoveryEndpoint, JwkStyle } from './types.js';

export const ALG_ONLY: JwkStyle = { alg: true, x5c: false, x5tS256: false };

export function optionString(provider: string, name: string, value: unknown, fallback: string): string {
  if (value === undefined) return fallback;
  if (typeof value !== 'string' || value.trim().length === 0) {
    throw new TypeError(`@tokenward/testing: createTestIssuer({ provider: '${provider}' }) ${name} must be a non-empty string`);
  }
  return value;
}

export function trimSlash(url: string): string {
  return url.endsWith('/') ? url.slice(0, -1) : url;
}

/** OpenID Connect Discovery 1.0 §4: the document lives under the issuer, without a doubled slash. */
export function discoveryUrlOf(issuer: string): string {
  return `${trimSlash(issuer)}/.well-known/openid-configuration`;
}

export interface DiscoveryFields {
  readonly issuer: string;
  readonly jwks_uri: string;
  readonly authorization_endpoint: string;
  readonly token_endpoint: string;
  readonly [field: string]: unknown;
}

/** An OpenID Provider Metadata document with the fields every provider shares. */
export function discovery(url: string, fields: DiscoveryFields): DiscoveryEndpoint {
  return {
    url,
    kind: 'discovery',
    document: (algorithms: readonly TestAlgorithm[]) => ({
      response_types_supported: ['code', 'id_token', 'code id_token', 'token id_token'],
      subject_types_supported: ['public'],
      scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
      token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post', 'private_key_jwt'],
      grant_types_supported: ['authorization_code', 'refresh_token', 'client_credentials'],
      ...fields,
      id_token_signing_alg_values_supported: [...algorithms],
    }),
  };
}
