import type { IssuerConfig } from '../shared/types.js';
import { requireString, trimSlash, withOverrides, type IssuerOverrides } from './shared.js';

export interface OidcOptions extends IssuerOverrides {
  /** The exact `iss` value, e.g. `https://id.example.com/realms/main`. */
  readonly issuer: string;
  /** Accepted `aud` values, or `null` to skip the audience check explicitly. */
  readonly audience: string | readonly string[] | null;
  /** Defaults to `${issuer}/.well-known/openid-configuration` (OpenID Connect Discovery 1.0 §4). */
  readonly discoveryUrl?: string;
}

/**
 * Any OpenID Provider, found through its discovery document. The document's `issuer` must equal `issuer`.
 *
 * @example
 * oidc({ issuer: 'https://id.example.com', audience: 'https://api.example.com' })
 */
export function oidc(options: OidcOptions): IssuerConfig {
  const { issuer, audience, discoveryUrl, ...overrides } = options;
  requireString('oidc', 'issuer', issuer);
  const url = discoveryUrl ?? `${trimSlash(issuer)}/.well-known/openid-configuration`;
  return withOverrides({ name: 'oidc', issuer, audience, keySource: { kind: 'discovery', url } }, overrides);
}
