import type { IssuerConfig, PublicJwk } from '../shared/types.js';
import { requireString, withOverrides, type IssuerOverrides } from './shared.js';

export interface JwksIssuerOptions extends IssuerOverrides {
  readonly issuer: string;
  readonly jwksUri: string;
  readonly audience: string | readonly string[] | null;
}

/**
 * An issuer with a known JWKS URL and no discovery document.
 *
 * @example
 * jwks({ issuer: 'https://auth.example.com', jwksUri: 'https://auth.example.com/keys.json', audience: 'my-api' })
 */
export function jwks(options: JwksIssuerOptions): IssuerConfig {
  const { issuer, jwksUri, audience, ...overrides } = options;
  requireString('jwks', 'issuer', issuer);
  requireString('jwks', 'jwksUri', jwksUri);
  return withOverrides({ name: 'jwks', issuer, audience, keySource: { kind: 'jwks', uri: jwksUri } }, overrides);
}

export interface StaticKeysOptions extends IssuerOverrides {
  readonly issuer: string;
  /** Public JWKs; nothing is fetched. */
  readonly keys: readonly PublicJwk[];
  readonly audience: string | readonly string[] | null;
}

/**
 * An issuer whose public keys are given up front (service-to-service tokens, tests).
 *
 * @example
 * keys({ issuer: 'https://batch.internal', keys: [publicJwk], audience: 'reports' })
 */
export function keys(options: StaticKeysOptions): IssuerConfig {
  const { issuer, keys: list, audience, ...overrides } = options;
  requireString('keys', 'issuer', issuer);
  if (!Array.isArray(list) || list.length === 0) throw new TypeError('tokenward: keys() needs at least one public JWK');
  return withOverrides({ name: 'keys', issuer, audience, keySource: { kind: 'static', keys: list } }, overrides);
}
