/** Renders what the key endpoints serve, in each provider's JWK style. */
import type { IssuerKey } from './key-ring.js';
import { toPublicJwk } from './keys/jwk-types.js';
import type { JwkStyle } from './providers/types.js';
import type { TestPublicJwk } from './types.js';

export function publicJwk(key: IssuerKey, style: JwkStyle, issuer?: string): TestPublicJwk {
  const base = toPublicJwk(key.material.jwk);
  const cert = style.x5c ? key.certificate : undefined;
  return {
    ...base,
    use: 'sig',
    ...(style.alg ? { alg: key.alg } : {}),
    ...(cert ? { x5c: [cert.x5c], x5t: cert.x5t } : {}),
    ...(cert && style.x5tS256 ? { 'x5t#S256': cert.x5tS256 } : {}),
    ...(issuer !== undefined ? { issuer } : {}),
  };
}

export function jwksDocument(keys: readonly IssuerKey[], style: JwkStyle, issuer?: string): { keys: TestPublicJwk[] } {
  return { keys: keys.map((k) => publicJwk(k, style, issuer)) };
}

/** Google's `{ kid: PEM certificate }` map; only RSA keys have certificates. */
export function x509Map(keys: readonly IssuerKey[]): Record<string, string> {
  const map: Record<string, string> = {};
  for (const key of keys) if (key.certificate) map[key.kid] = key.certificate.pem;
  return map;
}
