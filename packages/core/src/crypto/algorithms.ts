import type { JwsAlgorithm, PublicJwk } from '../shared/types.js';

export const SUPPORTED_ALGORITHMS: readonly JwsAlgorithm[] = [
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
  'ES256',
  'ES384',
  'ES512',
  'EdDSA',
  'Ed25519',
];

const supported = new Set<string>(SUPPORTED_ALGORITHMS);

export function isSupportedAlgorithm(alg: unknown): alg is JwsAlgorithm {
  return typeof alg === 'string' && supported.has(alg);
}

const RSA: readonly JwsAlgorithm[] = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512'];
const EC_BY_CURVE: Readonly<Record<string, JwsAlgorithm>> = { 'P-256': 'ES256', 'P-384': 'ES384', 'P-521': 'ES512' };
const OKP_BY_CURVE: Readonly<Record<string, readonly JwsAlgorithm[]>> = { Ed25519: ['EdDSA', 'Ed25519'] };

/**
 * Everything a key could verify, from its type and curve, narrowed to its own `alg` when it names
 * one. A token's `alg` header is only ever checked against a subset of this list, so an HMAC or
 * `none` token can never reach an asymmetric key.
 */
export function algorithmsForKey(jwk: PublicJwk): readonly JwsAlgorithm[] {
  let family: readonly JwsAlgorithm[];
  if (jwk.kty === 'RSA') family = RSA;
  else if (jwk.kty === 'EC' && typeof jwk.crv === 'string' && EC_BY_CURVE[jwk.crv]) family = [EC_BY_CURVE[jwk.crv] as JwsAlgorithm];
  else if (jwk.kty === 'OKP' && typeof jwk.crv === 'string' && OKP_BY_CURVE[jwk.crv])
    family = OKP_BY_CURVE[jwk.crv] as readonly JwsAlgorithm[];
  else return [];
  if (jwk.alg === undefined) return family;
  return family.filter(
    (alg) => alg === jwk.alg || (jwk.alg === 'EdDSA' && alg === 'Ed25519') || (jwk.alg === 'Ed25519' && alg === 'EdDSA'),
  );
}

/**
 * What a key verifies when its issuer lists no `algorithms`: its own `alg` when it names one, else
 * one algorithm per key type (RFC 8725 §3.1: each key is used with exactly one algorithm). RSA keys
 * get RS256, EC keys their curve's ES*, Ed25519 keys EdDSA (with `Ed25519`, RFC 9864's fully
 * specified name for the same algorithm). Issuers widen this only through `algorithms`.
 */
export function defaultAlgorithmsForKey(jwk: PublicJwk): readonly JwsAlgorithm[] {
  const family = algorithmsForKey(jwk);
  if (jwk.alg !== undefined || jwk.kty !== 'RSA') return family;
  return family.filter((alg) => alg === 'RS256');
}
